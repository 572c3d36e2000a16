"""The change log: every change to an answer, note, photo, facility, status or account, with
who, when, the old and the new value. Functions take an open connection and write in the
caller's transaction, so a change and its log entry are committed together or not at all.

Append-only: the store has no way to change or delete an entry, and triggers made by
migration 0004 refuse UPDATE and DELETE on the table.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import Connection, Row, func, or_, select

from audit.clock import utc_now
from audit.store._sql import clean_or_none
from audit.store.records import Change
from audit.store.tables import change_log


def record(connection: Connection, actor: str | None, subject: str, action: str, *,
           inspection_id: int | None = None, facility: str | None = None,
           item_id: str | None = None, old: Any = None, new: Any = None,
           version: int | None = None) -> None:
    connection.execute(change_log.insert().values(
        at=utc_now(), actor=clean_or_none(actor), subject=subject, action=action,
        inspection_id=inspection_id, facility=clean_or_none(facility), item_id=item_id,
        old=_storable(old), new=_storable(new), version=version))


def history(connection: Connection, *, inspection_id: int | None = None,
            facility: str | None = None, account: str | None = None) -> list[Change]:
    """The entries about an inspection, a facility or an account, oldest first (all of them
    when none is named)."""
    conditions = []
    if inspection_id is not None:
        conditions.append(change_log.c.inspection_id == inspection_id)
    if facility is not None:
        conditions.append(change_log.c.facility == facility)
    if account is not None:
        conditions.append((change_log.c.subject == "user") & (change_log.c.item_id == account))
    query = select(change_log).order_by(change_log.c.id)
    if conditions:
        query = query.where(or_(*conditions))
    return [_change(row) for row in connection.execute(query)]


def entry_at(connection: Connection, inspection_id: int, item_id: str,
             version: int) -> dict[str, Any] | None:
    """What an answer said at ``version`` (as its log entry recorded it); None if unknown."""
    query = (select(change_log.c.new).where(
        change_log.c.inspection_id == inspection_id, change_log.c.item_id == item_id,
        change_log.c.subject == "answer", change_log.c.version == version)
        .order_by(change_log.c.id.desc()).limit(1))
    found = connection.execute(query).first()
    return None if found is None else dict(found.new or {})


def last_version(connection: Connection, inspection_id: int, item_id: str) -> int:
    """The highest version an answer ever had (0 when never logged), so that versions keep
    counting up after the answers were cleared for a new import."""
    query = select(func.max(change_log.c.version)).where(
        change_log.c.inspection_id == inspection_id, change_log.c.item_id == item_id,
        change_log.c.subject == "answer")
    return int(connection.scalar(query) or 0)


def _storable(value: Any) -> Any:
    """Strings cleaned for every backend (NUL, lone surrogates), recursively."""
    if isinstance(value, str):
        return clean_or_none(value)
    if isinstance(value, dict):
        return {str(k): _storable(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_storable(v) for v in value]
    return value


def _change(row: Row[Any]) -> Change:
    return Change(id=row.id, at=row.at, actor=row.actor, subject=row.subject,
                  action=row.action, inspection_id=row.inspection_id, facility=row.facility,
                  item_id=row.item_id, old=row.old, new=row.new, version=row.version)
