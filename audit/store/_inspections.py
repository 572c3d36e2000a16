"""Facilities, inspections and answers. Functions take an open connection.

Verdicts are not stored: they are derived from the answers and the checklist
(``audit.checklist.evaluate``), so a corrected checklist re-judges old inspections.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from sqlalchemy import Connection, Row, delete, exists, func, select, update

from audit.clock import utc_now
from audit.errors import ConflictError, StoreError
from audit.store import _accounts, _trail
from audit.store._sql import clean, known, unknown, upsert_insert
from audit.store.records import FacilityInfo, InspectionInfo, InspectionStatus
from audit.store.tables import answer_drafts, answers, facilities, inspections, photo_links

_ADD_FACILITY = " (add it with `a11y-audit facility add`)"
_DETAILS = ("name", "type", "address", "lat", "lon", "department")
OPEN = (InspectionStatus.DRAFT, InspectionStatus.RETURNED, InspectionStatus.SUBMITTED)
IN_HAND = (InspectionStatus.DRAFT, InspectionStatus.RETURNED)  # its inspector's to continue


def save_facility(connection: Connection, info: FacilityInfo, *, update_details: bool,
                  by: str | None = None) -> int:
    """Create facility ``info.code``; with ``update_details`` overwrite the details given."""
    found = find_facility(connection, info.code)
    if found is None:
        values = _details(info)
        inserted = connection.execute(
            upsert_insert(connection, facilities)
            .values(code=clean(info.code), created_at=utc_now(), created_by=by, **values)
            .on_conflict_do_nothing(index_elements=["code"]))
        if inserted.rowcount:
            _trail.record(connection, by, "facility", "create", facility=info.code, new=values)
    elif update_details:
        given = {k: v for k, v in _details(info).items() if v is not None}
        overwrite_facility(connection, replace(found, **given), by)
    return facility_id(connection, info.code)


def create_facility(connection: Connection, info: FacilityInfo, by: str | None) -> int:
    """A new facility; ConflictError when its code is taken."""
    if find_facility(connection, info.code) is not None:
        raise ConflictError(f"facility code {info.code} is taken")
    return save_facility(connection, info, update_details=False, by=by)


def overwrite_facility(connection: Connection, info: FacilityInfo, by: str | None,
                       expected: FacilityInfo | None = None) -> None:
    """Replace every detail of facility ``info.code``, emptied ones included; log the parts
    that changed. With ``expected`` (the details the editor started from) only the details
    the editor changed are written, and only if nobody else changed them meanwhile
    (ConflictError names them)."""
    found = require_facility(connection, info.code)
    _lock(connection, facilities, found.id or 0)
    old, new = _details(found), _details(info)
    if expected is not None:
        start = _details(expected)
        mine = [name for name in _DETAILS if new[name] != start[name]]
        clash = [name for name in mine if old[name] not in (start[name], new[name])]
        if clash:
            raise ConflictError(f"facility {info.code}: {', '.join(clash)} changed by someone "
                                "else meanwhile")
        new = old | {name: new[name] for name in mine}
    changed = [name for name in _DETAILS if old[name] != new[name]]
    if not changed:
        return
    connection.execute(update(facilities).where(facilities.c.id == found.id).values(**new))
    _trail.record(connection, by, "facility", "update", facility=info.code,
                  old={name: old[name] for name in changed},
                  new={name: new[name] for name in changed})


def facility_id(connection: Connection, code: str) -> int:
    found = connection.scalar(select(facilities.c.id).where(facilities.c.code == clean(code)))
    return int(known(found, f"facility {code!r}", _ADD_FACILITY))


def require_facility(connection: Connection, code: str) -> FacilityInfo:
    """One facility; StoreError (saying how to add it) for an unknown code."""
    return known(find_facility(connection, code), f"facility {code!r}", _ADD_FACILITY)


def find_facility(connection: Connection, code: str) -> FacilityInfo | None:
    row = connection.execute(select(facilities).where(facilities.c.code == clean(code))).first()
    return None if row is None else _facility(row)


def list_facilities(connection: Connection) -> list[FacilityInfo]:
    return [_facility(row) for row in connection.execute(
        select(facilities).order_by(facilities.c.code))]


def next_round(connection: Connection, facility: int, checklist_id: str) -> int:
    query = select(func.max(inspections.c.round)).where(
        inspections.c.facility_id == facility, inspections.c.checklist_id == checklist_id)
    return int(connection.scalar(query) or 0) + 1


def find_inspection(connection: Connection, facility: int, checklist_id: str,
                    round_: int) -> int | None:
    return connection.scalar(select(inspections.c.id).where(
        inspections.c.facility_id == facility, inspections.c.checklist_id == checklist_id,
        inspections.c.round == round_))


def create_inspection(connection: Connection, facility: int, values: dict[str, Any]) -> int:
    """Insert an inspection; ``values`` holds the other columns (round may be None: next)."""
    if values.get("round") is None:
        values["round"] = next_round(connection, facility, values["checklist_id"])
    existing = find_inspection(connection, facility, values["checklist_id"], values["round"])
    if existing is not None:
        raise StoreError(f"the facility already has round {values['round']} of checklist "
                         f"{values['checklist_id']} (inspection {existing})")
    now = utc_now()
    row = {k: clean(v) if isinstance(v, str) else v for k, v in values.items()}
    result = connection.execute(inspections.insert().values(
        facility_id=facility, created_at=now, updated_at=now, **row
    ).returning(inspections.c.id))
    return int(result.scalar_one())


def start_inspection(connection: Connection, facility: int, values: dict[str, Any],
                     by: str | None) -> tuple[int, bool]:
    """The facility's open round of the checklist (draft, returned or awaiting review) if it
    has one, else a new round; and whether it is new. Starting twice starts once."""
    _lock(connection, facilities, facility)
    latest = connection.execute(
        select(inspections.c.id, inspections.c.status)
        .where(inspections.c.facility_id == facility,
               inspections.c.checklist_id == values["checklist_id"])
        .order_by(inspections.c.round.desc()).limit(1)).first()
    if latest is not None and latest.status in OPEN:
        return int(latest.id), False
    return create_logged(connection, facility, values, by), True


def create_logged(connection: Connection, facility: int, values: dict[str, Any],
                  by: str | None) -> int:
    """``create_inspection``, and its entry in the change log in ``by``'s name."""
    inspection_id = create_inspection(connection, facility, values)
    info = inspection_info(connection, inspection_id)
    _trail.record(connection, by, "inspection", "create", inspection_id=inspection_id,
                  facility=info.facility, new=_header(info))
    return inspection_id


def delete_empty_draft(connection: Connection, inspection_id: int, by: str | None) -> None:
    """Delete a draft nobody has answered or attached a photo to; ConflictError otherwise."""
    info = inspection_info(connection, inspection_id)
    used = connection.scalar(select(
        exists().where(answers.c.inspection_id == inspection_id)
        | exists().where(photo_links.c.inspection_id == inspection_id)
        | exists().where(answer_drafts.c.inspection_id == inspection_id)))
    if info.status is not InspectionStatus.DRAFT or used:
        raise ConflictError(f"inspection {inspection_id} is not an empty draft: it is "
                            f"{info.status} or has answers or photos, so it is kept")
    connection.execute(delete(inspections).where(inspections.c.id == inspection_id))
    _trail.record(connection, by, "inspection", "delete", inspection_id=inspection_id,
                  facility=info.facility, old=_header(info))


def set_status(connection: Connection, inspection_id: int, status: InspectionStatus,
               by: str | None, expect: tuple[InspectionStatus, ...] | None = None) -> None:
    """Move an inspection to ``status``; with ``expect``, only from one of those statuses
    (ConflictError otherwise: someone else moved it first)."""
    _lock(connection, inspections, inspection_id)
    info = inspection_info(connection, inspection_id)
    if expect is not None and info.status not in expect:
        raise ConflictError(f"inspection {inspection_id} is {info.status} now; it was "
                            f"changed by someone else first")
    extra = {"submitted_at": utc_now()} if status is InspectionStatus.SUBMITTED else {}
    update_inspection(connection, inspection_id, status=status, **extra)
    _trail.record(connection, by, "status", "update", inspection_id=inspection_id,
                  facility=info.facility, old=str(info.status), new=str(status))


def hand_over(connection: Connection, inspection_id: int, to: str, by: str | None) -> None:
    """Give a draft or an inspection sent back to the inspector ``to`` (an enabled account
    with the inspector's role: a reviewer or admin would enter work they may then not decide on),
    who continues and submits it (e.g. its inspector left), logging from whom to whom;
    ConflictError when it is not in hand or ``to`` cannot take it."""
    _lock(connection, inspections, inspection_id)
    info = inspection_info(connection, inspection_id)
    if info.status not in IN_HAND:
        raise ConflictError(f"inspection {inspection_id} is {info.status}: only a draft or one "
                            "sent back is handed to another inspector")
    if info.inspector == to:
        raise ConflictError(f"inspection {inspection_id} is {to}'s already")
    account = _accounts.find_user(connection, to)
    if account is None:
        raise ConflictError(f"there is no account named {to}; choose an inspector who has one")
    if account.role != _accounts.INSPECTOR:
        raise ConflictError(f"the account of {to} has the role {account.role}, not "
                            f"{_accounts.INSPECTOR}; choose an inspector to continue it")
    if account.disabled:
        raise ConflictError(f"the account of {to} is disabled; choose an inspector whose "
                            "account is enabled")
    update_inspection(connection, inspection_id, inspector=to)
    _trail.record(connection, by, "inspector", "hand_over", inspection_id=inspection_id,
                  facility=info.facility, old=info.inspector, new=to)


def reset_header(connection: Connection, inspection_id: int, by: str | None,
                 values: dict[str, Any]) -> None:
    """Update the header of an inspection an import replaces, logging what changed (who the
    record names, its date ...); ConflictError for an approved one (its approval covers what
    it holds)."""
    _lock(connection, inspections, inspection_id)
    info = inspection_info(connection, inspection_id)
    if info.status is InspectionStatus.APPROVED:
        raise ConflictError(f"inspection {inspection_id} is approved: its answers and photos "
                            "are not replaced; import the sheet as a new round")
    changed = {k: v for k, v in values.items() if getattr(info, k) != v}
    update_inspection(connection, inspection_id, **values)
    if changed:
        _trail.record(connection, by, "inspection", "update", inspection_id=inspection_id,
                      facility=info.facility, old={k: getattr(info, k) for k in changed},
                      new=changed)


def update_inspection(connection: Connection, inspection_id: int, **values: Any) -> None:
    if "status" in values:
        values["status"] = str(InspectionStatus(values["status"]))
    values = {k: clean(v) if isinstance(v, str) else v for k, v in values.items()}
    done = connection.execute(update(inspections).where(inspections.c.id == inspection_id)
                              .values(updated_at=utc_now(), **values))
    if done.rowcount == 0:
        raise unknown(f"inspection with id {inspection_id}")


def inspection_info(connection: Connection, inspection_id: int) -> InspectionInfo:
    rows = _inspection_rows(connection, inspections.c.id == inspection_id)
    return known(rows[0] if rows else None, f"inspection with id {inspection_id}")


def list_inspections(connection: Connection, facility: str | None = None,
                     checklist_id: str | None = None, status: InspectionStatus | None = None,
                     inspector: str | None = None) -> list[InspectionInfo]:
    conditions = []
    if facility is not None:
        conditions.append(facilities.c.code == clean(facility))
    if checklist_id is not None:
        conditions.append(inspections.c.checklist_id == checklist_id)
    if status is not None:
        conditions.append(inspections.c.status == str(status))
    if inspector is not None:
        conditions.append(inspections.c.inspector == inspector)
    return _inspection_rows(connection, *conditions)


def _lock(connection: Connection, table: Any, row_id: int) -> None:
    """Hold the row for this transaction (PostgreSQL; SQLite's writer holds the database)."""
    connection.execute(select(table.c.id).where(table.c.id == row_id).with_for_update())


def _details(info: FacilityInfo) -> dict[str, Any]:
    values = {name: getattr(info, name) for name in _DETAILS}
    return {k: clean(v) if isinstance(v, str) else v for k, v in values.items()}


def _header(info: InspectionInfo) -> dict[str, Any]:
    return {"checklist": info.checklist_id, "checklist_version": info.checklist_version,
            "round": info.round, "inspector": info.inspector, "building": info.building,
            "inspected_on": info.inspected_on}


def _inspection_rows(connection: Connection, *conditions: Any) -> list[InspectionInfo]:
    query = (select(inspections, facilities.c.code.label("facility_code"))
             .join(facilities, facilities.c.id == inspections.c.facility_id)
             .where(*conditions)
             .order_by(facilities.c.code, inspections.c.checklist_id, inspections.c.round,
                       inspections.c.id))
    return [_inspection(row) for row in connection.execute(query)]


def _inspection(row: Row[Any]) -> InspectionInfo:
    return InspectionInfo(
        id=row.id, facility=row.facility_code, checklist_id=row.checklist_id,
        checklist_version=row.checklist_version, inspector=row.inspector,
        inspected_on=row.inspected_on, round=row.round, building=row.building, notes=row.notes,
        status=InspectionStatus(row.status), created_at=row.created_at,
        updated_at=row.updated_at, submitted_at=row.submitted_at)


def _facility(row: Row[Any]) -> FacilityInfo:
    return FacilityInfo(code=row.code, name=row.name, type=row.type, address=row.address,
                        lat=row.lat, lon=row.lon, department=row.department, id=row.id)
