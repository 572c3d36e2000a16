"""Read-only queries for the supervision dashboard: many records in a fixed number of
statements, whatever the number of targets, scans or inspections (no query per row).

- ``finished_scans``: every finished scan of a target, in order. One statement.
- ``round_counts``: for finished scans of targets, their pages, violations by severity and the
  violations new and fixed since the previous finished scan of the target, as kept in the store
  when each finished (``audit.store._rounds``): one statement, no finding read.
- ``round_changes``: the new and fixed counts alone. One statement.
- ``open_groups``: the violations of given rounds counted by rule, severity and when first
  seen (what overdue figures need), as kept when each round finished. One statement.
- ``open_violations``: the violations of given scans (or of given groups: a page of the overdue
  list), each with the day its fingerprint was first seen in a finished scan of the same target
  (kept per target as scans finish). One statement.
- ``inspection_marks``: per inspection, the newest entry of the change log about it (what
  tells a reader that an inspection changed). One statement.
- ``field_mark``: what moves when anything a facility's rounds are made of changes (a reader
  that saw it before reads no inspection). One statement.
- ``inspection_records``: many inspections with their facility, answers and photos. Four
  statements.
- ``finding``: one finding with its page and scan, for a link from the dashboard.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import Connection, and_, func, or_, select

from audit.model import Outcome
from audit.store import _answers, _inspections, _photos, _rows
from audit.store._rounds import SEVERITIES
from audit.store.records import (
    InspectionRecord,
    OpenGroup,
    OpenViolation,
    PhotoRecord,
    RoundChange,
    RoundCounts,
    ScanRef,
    ScanStatus,
    StoredAnswer,
    StoredFinding,
)
from audit.store.tables import (
    answers,
    change_log,
    facilities,
    findings,
    inspections,
    pages,
    photo_links,
    photos,
    round_groups,
    rounds,
    scans,
    target_fingerprints,
    targets,
)

_VIOLATION = str(Outcome.VIOLATION)
_FINISHED = str(ScanStatus.FINISHED)


def finished_scans(connection: Connection) -> list[ScanRef]:
    """Every finished scan of a target, by target, then in the order they were started."""
    query = (select(scans.c.id, targets.c.name, scans.c.started_at, scans.c.finished_at)
             .join(targets, targets.c.id == scans.c.target_id)
             .where(scans.c.status == _FINISHED)
             .order_by(targets.c.name, scans.c.started_at, scans.c.id))
    return [ScanRef(*row) for row in connection.execute(query)]


def round_counts(connection: Connection, scan_ids: Sequence[int]) -> dict[int, RoundCounts]:
    """The counts kept for these scans (those that are finished scans of a target)."""
    query = select(rounds).where(rounds.c.scan_id.in_(list(scan_ids)))
    return {row.scan_id: RoundCounts(row.scan_id, row.previous_id, row.pages,
                                     {impact: getattr(row, impact) for impact in SEVERITIES},
                                     row.new_violations, row.fixed_violations)
            for row in connection.execute(query)}


def round_changes(connection: Connection,
                  scan_ids: Sequence[int] | None = None) -> dict[int, RoundChange]:
    """Every finished scan of a target that has an earlier one (or those of ``scan_ids``):
    its new and fixed counts."""
    query = select(rounds.c.scan_id, rounds.c.previous_id, rounds.c.new_violations,
                   rounds.c.fixed_violations).where(rounds.c.previous_id.is_not(None))
    if scan_ids is not None:
        query = query.where(rounds.c.scan_id.in_(list(scan_ids)))
    return {row.scan_id: RoundChange(row.scan_id, row.previous_id, row.new_violations or 0,
                                     row.fixed_violations or 0)
            for row in connection.execute(query)}


def _first_seen() -> Any:
    """When a violation was first seen at its target (the start of the earliest finished scan
    that had it; its own scan's start when the scan has no target)."""
    seen = target_fingerprints
    return func.coalesce(seen.c.first_seen, scans.c.started_at)


def _violations(query: Any) -> Any:
    """``query`` over the violations of scans, each joined to its scan and first-seen row."""
    seen = target_fingerprints
    return (query.select_from(findings)
            .join(scans, scans.c.id == findings.c.scan_id)
            .join(seen, and_(seen.c.target_id == scans.c.target_id,
                             seen.c.fingerprint == findings.c.fingerprint), isouter=True)
            .where(findings.c.outcome == _VIOLATION))


def open_groups(connection: Connection, scan_ids: Sequence[int]) -> list[OpenGroup]:
    """The violations of ``scan_ids`` counted by scan, rule, severity and when first seen (UTC),
    as kept in the store for finished scans of targets (``audit.store._rounds``; other scans
    have none). One statement; no violation read."""
    if not scan_ids:
        return []
    query = select(round_groups).where(round_groups.c.scan_id.in_(list(scan_ids)))
    return [OpenGroup(row.scan_id, row.rule, row.impact, row.first_seen, row.violations)
            for row in connection.execute(query)]


def open_violations(connection: Connection, scan_ids: Sequence[int] = (),
                    groups: Sequence[OpenGroup] = ()) -> list[OpenViolation]:
    """The violations of ``scan_ids`` and those of ``groups`` (as ``open_groups`` counts
    them), by id, each with when its fingerprint was first seen in a finished scan of the same
    target (the scan's start; the scan's own when it has no target)."""
    wanted = [and_(findings.c.scan_id == g.scan_id, findings.c.rule == g.rule,
                   findings.c.impact == g.impact, _first_seen() == g.first_seen)
              for g in groups]
    if scan_ids:
        wanted.append(findings.c.scan_id.in_(list(scan_ids)))
    if not wanted:
        return []
    query = (_violations(select(findings.c.id, findings.c.scan_id, findings.c.rule,
                                findings.c.impact, findings.c.selector, findings.c.fingerprint,
                                findings.c.screenshot, pages.c.url,
                                targets.c.name.label("target"),
                                _first_seen().label("first_seen")))
             .join(pages, pages.c.id == findings.c.page_id)
             .join(targets, targets.c.id == scans.c.target_id, isouter=True)
             .where(or_(*wanted))
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


def inspection_marks(connection: Connection) -> dict[int, int]:
    """Per inspection, the id of the newest entry of the change log about it. Every change to
    an inspection's answers, photos or status is logged in the transaction that makes it
    (``audit.store._trail``), so a new mark says the inspection changed: one statement (the
    log's index) tells a reader which inspections to read again."""
    query = (select(change_log.c.inspection_id, func.max(change_log.c.id))
             .where(change_log.c.inspection_id.is_not(None))
             .group_by(change_log.c.inspection_id))
    return {int(inspection): int(mark) for inspection, mark in connection.execute(query)}


def field_mark(connection: Connection) -> tuple[Any, ...]:
    """What moves whenever a facility, an inspection, its answers or its photos change: the
    newest change-log entry (every such change is logged with it, ``audit.store._trail``), and
    the inspections' count and newest ``updated_at`` (every header write sets it). One
    statement."""
    newest = select(func.max(change_log.c.id)).scalar_subquery()
    count = select(func.count()).select_from(inspections).scalar_subquery()
    updated = select(func.max(inspections.c.updated_at)).scalar_subquery()
    return tuple(connection.execute(select(newest, count, updated)).one())


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
