"""The overview: the latest round of every target and of every facility's checklist, with the
change since the round before, filtered by department, type and status.

Status: ``first`` (no earlier round), ``worse`` (more violations or failed items than the round
before), ``better`` (fewer) or ``unchanged``. Rows come worst first: most critical, then most
serious ... then by name.

A district has some 550 rows; ``overview_page`` gives one page of them with the totals of all
that match, both computed once per snapshot and filters (``Snapshot.memo``).
"""

from __future__ import annotations

from dataclasses import dataclass

from audit.dashboard.model import (
    WEB,
    Facility,
    Filters,
    OverviewRow,
    Snapshot,
    Target,
    by_severity,
)
from audit.model import Severity


@dataclass(frozen=True)
class OverviewPage:
    """The rows at ``start`` to ``start + len(rows)`` of those matching the filters."""

    rows: list[OverviewRow]
    start: int
    count: int  # rows matching the filters, on every page
    violations: dict[str, int]  # of every row matching, by severity


def overview(snapshot: Snapshot, filters: Filters | None = None) -> list[OverviewRow]:
    filters = filters or Filters()
    rows = [_web_row(t) for t in snapshot.targets]
    rows += [_facility_row(f) for f in snapshot.facilities]
    rows = [row for row in rows if _wanted(row, filters)]
    return sorted(rows, key=_order)


def overview_page(snapshot: Snapshot, filters: Filters, start: int, size: int) -> OverviewPage:
    """A page of ``size`` rows from ``start`` (past the end: the last page)."""
    rows = snapshot.memo(("overview", filters), lambda: overview(snapshot, filters))
    violations = snapshot.memo(("overview totals", filters), lambda: _totals(rows))
    start = max(0, min(start, (len(rows) - 1) // size * size))
    return OverviewPage(rows[start:start + size], start, len(rows), violations)


def _totals(rows: list[OverviewRow]) -> dict[str, int]:
    counts = by_severity()
    for row in rows:
        for severity, number in row.violations.items():
            counts[severity] += number
    return counts


def status(total: int, previous: int | None) -> str:
    if previous is None:
        return "first"
    if total > previous:
        return "worse"
    return "better" if total < previous else "unchanged"


def _web_row(target: Target) -> OverviewRow:
    latest = target.rounds[-1]
    before = target.rounds[-2].total if len(target.rounds) > 1 else None
    return OverviewRow(
        kind="web", key=target.name, name=target.name, type=WEB, department=target.department,
        checklist=None, date=latest.date, checked=latest.pages, violations=latest.violations,
        total=latest.total, change=None if before is None else latest.total - before,
        new=latest.new, fixed=latest.fixed, status=status(latest.total, before),
        round_id=latest.scan_id)


def _facility_row(facility: Facility) -> OverviewRow:
    latest = facility.rounds[-1]
    before = facility.rounds[-2] if len(facility.rounds) > 1 else None
    new = fixed = None
    if before is not None:
        now = {f.item for f in latest.failed}
        then = {f.item for f in before.failed}
        new, fixed = len(now - then), len(then - now)
    return OverviewRow(
        kind="facility", key=facility.code, name=facility.name, type=facility.type or "",
        department=facility.department, checklist=facility.checklist, date=latest.date,
        checked=latest.checked, violations=latest.violations, total=latest.total,
        change=None if before is None else latest.total - before.total, new=new, fixed=fixed,
        status=status(latest.total, None if before is None else before.total),
        round_id=latest.inspection_id)


def _wanted(row: OverviewRow, filters: Filters) -> bool:
    return ((filters.department is None or row.department == filters.department)
            and (filters.type is None or row.type == filters.type)
            and (filters.status is None or row.status == filters.status))


def _order(row: OverviewRow) -> tuple[object, ...]:
    return (*(-row.violations[str(s)] for s in Severity), row.kind, row.name, row.key)
