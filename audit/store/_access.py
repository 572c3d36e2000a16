"""Which facilities are given to whom: a person by name, or a team (every member of it).
Functions take an open connection; assigning and unassigning are logged."""

from __future__ import annotations

from sqlalchemy import Connection, delete, or_, select

from audit.clock import utc_now
from audit.store import _inspections, _trail
from audit.store._sql import clean, clean_or_none, upsert_insert
from audit.store.records import Assignment
from audit.store.tables import facilities, facility_assignments

KINDS = ("user", "team")


def assign(connection: Connection, code: str, kind: str, name: str, by: str | None) -> bool:
    """Give facility ``code`` to a user or team; False when it was given already."""
    _check_kind(kind)
    facility = _inspections.facility_id(connection, code)
    done = connection.execute(
        upsert_insert(connection, facility_assignments)
        .values(facility_id=facility, kind=kind, name=clean(name), assigned_by=clean_or_none(by),
                assigned_at=utc_now())
        .on_conflict_do_nothing(index_elements=["facility_id", "kind", "name"]))
    if done.rowcount:
        _trail.record(connection, by, "assignment", "add", facility=code,
                      new={"kind": kind, "name": name})
    return bool(done.rowcount)


def unassign(connection: Connection, code: str, kind: str, name: str, by: str | None) -> bool:
    _check_kind(kind)
    facility = _inspections.facility_id(connection, code)
    done = connection.execute(delete(facility_assignments).where(
        facility_assignments.c.facility_id == facility, facility_assignments.c.kind == kind,
        facility_assignments.c.name == name))
    if done.rowcount:
        _trail.record(connection, by, "assignment", "remove", facility=code,
                      old={"kind": kind, "name": name})
    return bool(done.rowcount)


def assignments(connection: Connection, code: str) -> list[Assignment]:
    facility = _inspections.facility_id(connection, code)
    rows = connection.execute(select(facility_assignments).where(
        facility_assignments.c.facility_id == facility)
        .order_by(facility_assignments.c.kind, facility_assignments.c.name))
    return [Assignment(row.kind, row.name, row.assigned_by, row.assigned_at) for row in rows]


def codes_for(connection: Connection, user: str, team: str | None) -> set[str]:
    """The codes of the facilities given to ``user`` or to ``team``."""
    mine = (facility_assignments.c.kind == "user") & (facility_assignments.c.name == user)
    ours = (facility_assignments.c.kind == "team") & (facility_assignments.c.name == team)
    query = (select(facilities.c.code)
             .join(facility_assignments, facility_assignments.c.facility_id == facilities.c.id)
             .where(or_(mine, ours) if team else mine))
    return set(connection.scalars(query))


def _check_kind(kind: str) -> None:
    if kind not in KINDS:
        raise ValueError(f"a facility is assigned to a user or a team, not a {kind!r}")
