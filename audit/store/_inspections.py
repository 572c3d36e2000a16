"""Facilities, inspections and answers. Functions take an open connection.

Verdicts are not stored: they are derived from the answers and the checklist
(``audit.checklist.evaluate``), so a corrected checklist re-judges old inspections.
"""

from __future__ import annotations

from dataclasses import asdict
from typing import Any

from sqlalchemy import Connection, Row, delete, func, select, update

from audit.errors import StoreError
from audit.store._sql import clean, clean_or_none, upsert_insert, utc_now
from audit.store.records import FacilityInfo, InspectionInfo, InspectionStatus, StoredAnswer
from audit.store.tables import answers, facilities, inspections, photo_links

_DETAILS = ("name", "type", "address", "lat", "lon", "department")


def save_facility(connection: Connection, info: FacilityInfo, *, update_details: bool) -> int:
    """Create facility ``info.code``; with ``update_details`` overwrite the details given."""
    values = {k: v for k, v in asdict(info).items() if k in _DETAILS}
    values = {k: clean(v) if isinstance(v, str) else v for k, v in values.items()}
    insert = upsert_insert(connection, facilities).values(
        code=clean(info.code), created_at=utc_now(), **values)
    given = {k: v for k, v in values.items() if v is not None}
    if update_details and given:
        insert = insert.on_conflict_do_update(index_elements=["code"], set_=given)
    else:
        insert = insert.on_conflict_do_nothing(index_elements=["code"])
    connection.execute(insert)
    return facility_id(connection, info.code)


def facility_id(connection: Connection, code: str) -> int:
    found = connection.scalar(select(facilities.c.id).where(facilities.c.code == clean(code)))
    if found is None:
        raise StoreError(f"no facility {code!r} in DB (add it with `a11y-audit facility add`)")
    return int(found)


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


def update_inspection(connection: Connection, inspection_id: int, **values: Any) -> None:
    if "status" in values:
        values["status"] = str(InspectionStatus(values["status"]))
    values = {k: clean(v) if isinstance(v, str) else v for k, v in values.items()}
    done = connection.execute(update(inspections).where(inspections.c.id == inspection_id)
                              .values(updated_at=utc_now(), **values))
    if done.rowcount == 0:
        raise StoreError(f"no inspection with id {inspection_id} in DB")


def clear_inspection(connection: Connection, inspection_id: int) -> None:
    """Remove every answer and photo link of an inspection (before it is imported again)."""
    connection.execute(delete(answers).where(answers.c.inspection_id == inspection_id))
    connection.execute(delete(photo_links).where(photo_links.c.inspection_id == inspection_id))


def inspection_info(connection: Connection, inspection_id: int) -> InspectionInfo:
    rows = _inspection_rows(connection, inspections.c.id == inspection_id)
    if not rows:
        raise StoreError(f"no inspection with id {inspection_id} in DB")
    return rows[0]


def list_inspections(connection: Connection, facility: str | None = None,
                     checklist_id: str | None = None) -> list[InspectionInfo]:
    conditions = []
    if facility is not None:
        conditions.append(facilities.c.code == clean(facility))
    if checklist_id is not None:
        conditions.append(inspections.c.checklist_id == checklist_id)
    return _inspection_rows(connection, *conditions)


def save_answer(connection: Connection, inspection_id: int, answer: StoredAnswer) -> None:
    """Insert or replace the answer to one item (the field app saves as the inspector types)."""
    values = {"value": clean_or_none(answer.value), "unit": clean_or_none(answer.unit),
              "na": bool(answer.na), "note": clean_or_none(answer.note), "updated_at": utc_now()}
    insert = upsert_insert(connection, answers).values(
        inspection_id=inspection_id, item_id=clean(answer.item_id), **values)
    connection.execute(insert.on_conflict_do_update(
        index_elements=["inspection_id", "item_id"], set_=values))
    connection.execute(update(inspections).where(inspections.c.id == inspection_id)
                       .values(updated_at=values["updated_at"]))


def answers_of(connection: Connection, inspection_id: int) -> dict[str, StoredAnswer]:
    rows = connection.execute(select(answers).where(answers.c.inspection_id == inspection_id)
                              .order_by(answers.c.id))
    return {row.item_id: StoredAnswer(row.item_id, row.value, row.unit, bool(row.na), row.note)
            for row in rows}


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
        updated_at=row.updated_at)


def _facility(row: Row[Any]) -> FacilityInfo:
    return FacilityInfo(code=row.code, name=row.name, type=row.type, address=row.address,
                        lat=row.lat, lon=row.lon, department=row.department, id=row.id)
