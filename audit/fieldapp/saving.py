"""Saving one item as its author typed it: the answer (merged with changes made meanwhile,
or refused with both values when both changed the same part), and whatever cannot be the
answer yet kept as the author's entry — an unreadable value, or a value in conflict — so that
nothing typed is lost."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace

from audit.checklist import Checklist, Item, ItemType
from audit.checklist.verdict import ItemResult
from audit.fieldapp.answers import Entry, Problem, parse_item
from audit.fieldapp.timefmt import local_time
from audit.fieldapp.web import cl, store, t, user
from audit.store import (
    AnswerConflict,
    AnswerDraft,
    DraftProblem,
    InspectionRecord,
    StoredAnswer,
)


@dataclass(frozen=True)
class Saved:
    answer: StoredAnswer  # as stored now (version 0: none)
    problem: Problem | None = None  # what the author must fix or decide, as a message key


def save_item(record: InspectionRecord, item: Item, form: Mapping[str, str],
              drafts: Mapping[str, AnswerDraft]) -> Saved:
    """Save ``item``'s fields of ``form`` for the user; ``drafts``: their entries by item."""
    me = user().name
    inspection_id = record.info.id
    current = record.answers.get(item.id) or StoredAnswer(item.id, None)
    entry = parse_item(item, form, current, me)
    saved = current
    if entry.answer is not None:
        try:
            saved = store().save_answer(inspection_id, entry.answer, by=me,
                                        base_version=entry.base_version)
        except AnswerConflict as conflict:
            store().save_draft(inspection_id, _conflict_draft(entry, conflict, me))
            return Saved(conflict.theirs, conflict_problem(item, conflict.theirs))
    if entry.draft is not None:
        store().save_draft(inspection_id, replace(entry.draft, base_version=saved.version))
        return Saved(saved, (entry.draft.error or "answer.invalid.text", {}))
    if entry.answer is None and item.id in drafts:
        store().discard_draft(inspection_id, item.id, author=me)  # the author emptied it
    return Saved(saved)


def keep_mine(record: InspectionRecord, item: Item, draft: AnswerDraft) -> Saved:
    """The author's kept entry wins over the answer saved meanwhile (read again like a form,
    so an unreadable value stays an entry)."""
    current = record.answers.get(item.id) or StoredAnswer(item.id, None)
    fields = {f"v-{item.id}": draft.value or "", f"u-{item.id}": draft.unit or "",
              f"note-{item.id}": draft.note or "", f"ver-{item.id}": str(current.version)}
    if draft.na:
        fields[f"na-{item.id}"] = "1"
    return save_item(record, item, fields, {item.id: draft})


def conflict_problem(item: Item, theirs: StoredAnswer) -> Problem:
    return ("answer.conflict", {"by": theirs.updated_by or "—",
                                "at": local_time(theirs.updated_at),
                                "theirs": shown_answer(item, theirs)})


def shown_answer(item: Item, answer: StoredAnswer | AnswerDraft) -> str:
    """An answer in words: its value (a choice's label, yes/no, with the unit) and note."""
    if answer.na:
        text = t("item.na")
    elif answer.value is None:
        text = t("answer.none")
    else:
        text = value_words(item, answer.value, answer.unit)
    return f"{text}（{answer.note}）" if answer.note else text


def value_words(item: Item, value: str, unit: str | None) -> str:
    choices = {c.id: c.label.get(cl()) for c in item.choices or []}
    if value in choices:
        return choices[value]
    if value in ("yes", "no") and item.type is ItemType.YES_NO:
        return t(f"answer.{value}")
    shown_unit = unit or item.unit
    return f"{value} {t('unit.' + shown_unit)}" if shown_unit and value[-1:].isdigit() else value


def result_words(checklist: Checklist, result: ItemResult) -> str:
    """What a verdict shows as measured: the value in the item's unit, a choice's label, 是/否."""
    if result.entered is None:
        return "—"
    item = checklist.item(result.item)
    if item.type in (ItemType.CHOICE, ItemType.YES_NO):
        return value_words(item, "yes" if result.value is True else "no"
                           if result.value is False else result.entered, None)
    return result.measured or result.entered


def _conflict_draft(entry: Entry, conflict: AnswerConflict, me: str) -> AnswerDraft:
    mine = conflict.mine
    typed = entry.draft  # an unreadable value typed with the change: keep it, not the old one
    return AnswerDraft(mine.item_id, me, DraftProblem.CONFLICT,
                       typed.value if typed else mine.value, typed.unit if typed else mine.unit,
                       na=mine.na, note=mine.note, base_version=entry.base_version)
