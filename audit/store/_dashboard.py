"""Read-only queries for the supervision dashboard: many records in a fixed number of
statements, whatever the number of targets, scans or inspections (no query per row).

- ``finished_scans``: every finished scan of a target, in order. One statement.
- ``round_changes``: for every finished scan of a target (or those asked for), the previous
  finished scan of the same target and how many violations are new and fixed since it
  (matched by fingerprint; a violation counts as fixed only when its page was scanned without
  error in the later round, as ``audit.report.changes`` has it). Three statements.
- ``open_violations``: the violations of given scans, each with the day its fingerprint was
  first seen in a finished scan of the same target. One statement.
- ``inspection_records``: many inspections with their facility, answers and photos. Four
  statements.
- ``finding``: one finding with its page and scan, for a link from the dashboard.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import Connection, and_, exists, func, select
from sqlalchemy.orm import aliased

from audit.model import Outcome
from audit.store import _answers, _inspections, _photos, _rows
from audit.store.records import (
    InspectionRecord,
    OpenViolation,
    PhotoRecord,
    RoundChange,
    ScanRef,
    ScanStatus,
    StoredAnswer,
    StoredFinding,
)
from audit.store.tables import (
    answers,
    facilities,
    findings,
    inspections,
    pages,
    photo_links,
    photos,
    scans,
    targets,
)

_VIOLATION = str(Outcome.VIOLATION)
_FINISHED = str(ScanStatus.FINISHED)


def _sequence(scan_ids: Sequence[int] | None = None) -> Any:
    """Finished scans of targets (or those of ``scan_ids``), each with the previous finished
    scan of its target."""
    previous = func.lag(scans.c.id).over(partition_by=scans.c.target_id,
                                         order_by=(scans.c.started_at, scans.c.id))
    every = (select(scans.c.id.label("id"), previous.label("previous_id"))
             .where(scans.c.status == _FINISHED, scans.c.target_id.is_not(None))
             .subquery("every"))
    query = select(every)
    if scan_ids is not None:
        query = query.where(every.c.id.in_(list(scan_ids)))
    return query.subquery("sequence")


def finished_scans(connection: Connection) -> list[ScanRef]:
    """Every finished scan of a target, by target, then in the order they were started."""
    query = (select(scans.c.id, targets.c.name, scans.c.started_at, scans.c.finished_at)
             .join(targets, targets.c.id == scans.c.target_id)
             .where(scans.c.status == _FINISHED)
             .order_by(targets.c.name, scans.c.started_at, scans.c.id))
    return [ScanRef(*row) for row in connection.execute(query)]


def round_changes(connection: Connection,
                  scan_ids: Sequence[int] | None = None) -> dict[int, RoundChange]:
    """Every finished scan of a target that has an earlier one (or those of ``scan_ids``):
    its new and fixed counts."""
    sequence = _sequence(scan_ids)
    result = {row.id: RoundChange(row.id, row.previous_id, 0, 0)
              for row in connection.execute(select(sequence)
                                            .where(sequence.c.previous_id.is_not(None)))}
    for scan_id, count in connection.execute(_new_counts(sequence)):
        result[scan_id] = result[scan_id]._replace(new=int(count))
    for scan_id, count in connection.execute(_fixed_counts(sequence)):
        result[scan_id] = result[scan_id]._replace(fixed=int(count))
    return result


def _new_counts(sequence: Any) -> Any:
    current = aliased(findings)
    before = aliased(findings)
    seen = exists().where(before.c.scan_id == sequence.c.previous_id,
                          before.c.fingerprint == current.c.fingerprint,
                          before.c.outcome == _VIOLATION)
    return (select(sequence.c.id, func.count(func.distinct(current.c.fingerprint)))
            .join(current, and_(current.c.scan_id == sequence.c.id,
                                current.c.outcome == _VIOLATION))
            .where(sequence.c.previous_id.is_not(None), ~seen)
            .group_by(sequence.c.id))


def _fixed_counts(sequence: Any) -> Any:
    before = aliased(findings)
    current = aliased(findings)
    old_page = aliased(pages)
    new_page = aliased(pages)
    still = exists().where(current.c.scan_id == sequence.c.id,
                           current.c.fingerprint == before.c.fingerprint,
                           current.c.outcome == _VIOLATION)
    rescanned = exists().where(new_page.c.scan_id == sequence.c.id,
                               new_page.c.url_key == old_page.c.url_key,
                               new_page.c.error.is_(None))
    return (select(sequence.c.id, func.count(func.distinct(before.c.fingerprint)))
            .join(before, and_(before.c.scan_id == sequence.c.previous_id,
                               before.c.outcome == _VIOLATION))
            .join(old_page, old_page.c.id == before.c.page_id)
            .where(~still, rescanned)
            .group_by(sequence.c.id))


def open_violations(connection: Connection, scan_ids: Sequence[int]) -> list[OpenViolation]:
    """The violations of ``scan_ids``, each with when its fingerprint was first seen in a
    finished scan of the same target (the scan's start; the scan's own when it has no target)."""
    if not scan_ids:
        return []
    earlier = aliased(findings)
    earlier_scan = aliased(scans)
    first_seen = (select(func.min(earlier_scan.c.started_at))
                  .select_from(earlier.join(earlier_scan, earlier_scan.c.id == earlier.c.scan_id))
                  .where(earlier_scan.c.target_id == scans.c.target_id,
                         earlier_scan.c.status == _FINISHED,
                         earlier.c.fingerprint == findings.c.fingerprint,
                         earlier.c.outcome == _VIOLATION)
                  .scalar_subquery())
    query = (select(findings.c.id, findings.c.scan_id, findings.c.rule, findings.c.impact,
                    findings.c.selector, findings.c.fingerprint, findings.c.screenshot,
                    pages.c.url, targets.c.name.label("target"),
                    func.coalesce(first_seen, scans.c.started_at).label("first_seen"))
             .join(pages, pages.c.id == findings.c.page_id)
             .join(scans, scans.c.id == findings.c.scan_id)
             .join(targets, targets.c.id == scans.c.target_id, isouter=True)
             .where(findings.c.scan_id.in_(list(scan_ids)), findings.c.outcome == _VIOLATION)
             .order_by(findings.c.id))
    return [OpenViolation(finding_id=row.id, scan_id=row.scan_id, target=row.target,
                          rule=row.rule, impact=row.impact, page_url=row.url,
                          selector=row.selector, fingerprint=row.fingerprint,
                          screenshot=row.screenshot, first_seen=row.first_seen)
            for row in connection.execute(query)]


def finding(connection: Connection, finding_id: int) -> StoredFinding | None:
    row = connection.execute(
        select(findings, pages.c.url.label("page_url"), targets.c.name.label("target"))
        .join(pages, pages.c.id == findings.c.page_id)
        .join(scans, scans.c.id == findings.c.scan_id)
        .join(targets, targets.c.id == scans.c.target_id, isouter=True)
        .where(findings.c.id == finding_id)).first()
    if row is None:
        return None
    return StoredFinding(finding_id, row.scan_id, row.target, row.page_url,
                         _rows.finding_from_row(row))


def inspection_records(connection: Connection,
                       ids: Sequence[int]) -> dict[int, InspectionRecord]:
    """The inspections ``ids`` (unknown ones left out) with facility, answers and photos."""
    if not ids:
        return {}
    wanted = list(ids)
    infos = _inspections._inspection_rows(connection, inspections.c.id.in_(wanted))
    codes = sorted({info.facility for info in infos})
    places = {row.code: _inspections._facility(row) for row in
              connection.execute(select(facilities).where(facilities.c.code.in_(codes)))}
    answered: dict[int, dict[str, StoredAnswer]] = {info.id: {} for info in infos}
    for row in connection.execute(select(answers).where(answers.c.inspection_id.in_(wanted))
                                  .order_by(answers.c.id)):
        answered[row.inspection_id][row.item_id] = _answers._answer(row)
    photographed: dict[int, dict[str, list[PhotoRecord]]] = {info.id: {} for info in infos}
    query = (select(photo_links.c.inspection_id, photo_links.c.item_id, photo_links.c.stage,
                    photos)
             .join(photos, photos.c.sha256 == photo_links.c.sha256)
             .where(photo_links.c.inspection_id.in_(wanted), photo_links.c.removed_at.is_(None))
             .order_by(photo_links.c.id))
    for row in connection.execute(query):
        photographed[row.inspection_id].setdefault(row.item_id, []).append(
            _photos._photo(row, before=row.stage == _photos._BEFORE))
    return {info.id: InspectionRecord(info, places[info.facility], answered[info.id],
                                      photographed[info.id])
            for info in infos}
