"""Answers with a version each (optimistic concurrency), and entries kept aside until fixed.

A change says which version of the answer it was made on. When the answer moved on meanwhile,
the two changes are merged part by part (value with its unit, n/a, note): a part only one side
changed takes that side; a part both changed differently is a conflict, and nothing is saved
(``AnswerConflict`` carries both answers). Functions take an open connection.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import Connection, Row, delete, select, update

from audit.clock import utc_now
from audit.store import _trail
from audit.store._sql import clean, clean_or_none, upsert_insert
from audit.store.records import AnswerConflict, AnswerDraft, DraftProblem, StoredAnswer
from audit.store.tables import answer_drafts, answers, inspections

_PARTS = (("value", "unit"), ("na",), ("note",))


def save_answer(connection: Connection, inspection_id: int, answer: StoredAnswer, *,
                by: str | None, base_version: int | None) -> StoredAnswer:
    """Save ``answer`` (made on ``base_version``; None: whatever is stored) and log it.

    Returns the answer as stored now; an unchanged answer is not written again.
    """
    current = current_answer(connection, inspection_id, answer.item_id)
    if base_version is not None and base_version != current.version:
        base = _answer_at(connection, inspection_id, answer.item_id, base_version)
        answer = merge(base, answer, current)
    if by is not None:
        _drop_draft(connection, inspection_id, answer.item_id, by)
    if answer == current and current.version:
        return current
    return _write(connection, inspection_id, answer, current, by)


def merge(base: StoredAnswer | None, mine: StoredAnswer, theirs: StoredAnswer) -> StoredAnswer:
    """Three-way merge of an answer; ``base`` None when the common version is unknown."""
    ours, stored = mine.entry(), theirs.entry()
    common = base.entry() if base is not None else None
    merged = dict(stored)
    for part in _PARTS:
        mine_part = [ours[name] for name in part]
        their_part = [stored[name] for name in part]
        if mine_part == their_part:
            continue
        if common is not None and [common[name] for name in part] == their_part:
            merged.update({name: ours[name] for name in part})
        elif common is None or [common[name] for name in part] != mine_part:
            raise AnswerConflict(mine, theirs)
    return StoredAnswer(mine.item_id, **merged)


def current_answer(connection: Connection, inspection_id: int, item_id: str) -> StoredAnswer:
    """The stored answer (locked for the transaction on PostgreSQL); version 0 when none."""
    row = connection.execute(
        select(answers).where(answers.c.inspection_id == inspection_id,
                              answers.c.item_id == item_id).with_for_update()).first()
    return StoredAnswer(item_id, None) if row is None else _answer(row)


def answers_of(connection: Connection, inspection_id: int) -> dict[str, StoredAnswer]:
    rows = connection.execute(select(answers).where(answers.c.inspection_id == inspection_id)
                              .order_by(answers.c.id))
    return {row.item_id: _answer(row) for row in rows}


def clear(connection: Connection, inspection_id: int, by: str | None) -> None:
    """Remove every answer and draft of an inspection (before it is imported again); the
    answers removed are logged."""
    old = {item_id: answer.entry() for item_id, answer in answers_of(connection,
                                                                     inspection_id).items()}
    if old:
        _trail.record(connection, by, "answers", "clear", inspection_id=inspection_id, old=old)
    connection.execute(delete(answers).where(answers.c.inspection_id == inspection_id))
    connection.execute(delete(answer_drafts).where(
        answer_drafts.c.inspection_id == inspection_id))


def save_draft(connection: Connection, inspection_id: int, draft: AnswerDraft) -> None:
    """Keep one person's entry for an item aside (replacing their earlier one)."""
    values = {"problem": str(draft.problem), "error": draft.error,
              "value": clean_or_none(draft.value), "unit": clean_or_none(draft.unit),
              "na": bool(draft.na), "note": clean_or_none(draft.note),
              "base_version": draft.base_version, "updated_at": utc_now()}
    insert = upsert_insert(connection, answer_drafts).values(
        inspection_id=inspection_id, item_id=clean(draft.item_id), author=clean(draft.author),
        **values)
    connection.execute(insert.on_conflict_do_update(
        index_elements=["inspection_id", "item_id", "author"], set_=values))


def drafts_of(connection: Connection, inspection_id: int,
              author: str | None = None) -> list[AnswerDraft]:
    query = select(answer_drafts).where(answer_drafts.c.inspection_id == inspection_id)
    if author is not None:
        query = query.where(answer_drafts.c.author == author)
    return [_draft(row) for row in connection.execute(query.order_by(answer_drafts.c.id))]


def discard_draft(connection: Connection, inspection_id: int, item_id: str, author: str) -> bool:
    """Drop an entry its author chose not to keep; the log keeps what it said."""
    found = [d for d in drafts_of(connection, inspection_id, author) if d.item_id == item_id]
    if not found:
        return False
    _trail.record(connection, author, "draft", "discard", inspection_id=inspection_id,
                  item_id=item_id, old=found[0].as_answer().entry())
    _drop_draft(connection, inspection_id, item_id, author)
    return True


def _write(connection: Connection, inspection_id: int, answer: StoredAnswer,
           current: StoredAnswer, by: str | None) -> StoredAnswer:
    version = max(current.version, _trail.last_version(connection, inspection_id,
                                                       answer.item_id)) + 1
    now = utc_now()
    values = {"value": clean_or_none(answer.value), "unit": clean_or_none(answer.unit),
              "na": bool(answer.na), "note": clean_or_none(answer.note), "updated_at": now,
              "version": version, "updated_by": clean_or_none(by)}
    insert = upsert_insert(connection, answers).values(
        inspection_id=inspection_id, item_id=clean(answer.item_id), **values)
    connection.execute(insert.on_conflict_do_update(
        index_elements=["inspection_id", "item_id"], set_=values))
    connection.execute(update(inspections).where(inspections.c.id == inspection_id)
                       .values(updated_at=now))
    _trail.record(connection, by, "answer", "update" if current.version else "create",
                  inspection_id=inspection_id, item_id=answer.item_id,
                  old=current.entry() if current.version else None, new=answer.entry(),
                  version=version)
    return current_answer(connection, inspection_id, answer.item_id)


def _answer_at(connection: Connection, inspection_id: int, item_id: str,
               version: int) -> StoredAnswer | None:
    if version == 0:
        return StoredAnswer(item_id, None)
    entry = _trail.entry_at(connection, inspection_id, item_id, version)
    return None if entry is None else StoredAnswer(item_id, **entry)


def _drop_draft(connection: Connection, inspection_id: int, item_id: str, author: str) -> None:
    connection.execute(delete(answer_drafts).where(
        answer_drafts.c.inspection_id == inspection_id, answer_drafts.c.item_id == item_id,
        answer_drafts.c.author == author))


def _answer(row: Row[Any]) -> StoredAnswer:
    return StoredAnswer(row.item_id, row.value, row.unit, bool(row.na), row.note,
                        version=row.version, updated_by=row.updated_by,
                        updated_at=row.updated_at)


def _draft(row: Row[Any]) -> AnswerDraft:
    return AnswerDraft(item_id=row.item_id, author=row.author,
                       problem=DraftProblem(row.problem), value=row.value, unit=row.unit,
                       na=bool(row.na), note=row.note, error=row.error,
                       base_version=row.base_version, updated_at=row.updated_at)
