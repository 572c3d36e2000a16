"""Trends: violations by severity round after round, with what was new and what was fixed.

- A target: one point per finished scan (new/fixed against the scan before, by fingerprint).
- A facility's checklist: one point per complete round (new/fixed: failed items by item id).
- A department, month by month (``YYYY-MM``, from its first round to its last): the state of
  the department at the end of the month — the sum, over its targets and facilities, of each
  one's latest round up to that month (carried forward while it is not audited again) — and
  the new and fixed of the rounds held in that month.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from audit.dashboard.model import (
    Facility,
    FacilityRound,
    Snapshot,
    TrendPoint,
    WebRound,
    by_severity,
)
from audit.errors import UsageError


def target_trend(snapshot: Snapshot, name: str) -> list[TrendPoint]:
    for target in snapshot.targets:
        if target.name == name:
            return [TrendPoint(r.date, dict(r.violations), r.new, r.fixed, r.scan_id)
                    for r in target.rounds]
    raise UsageError(f"no finished scan of target {name!r}")


def facility_trend(snapshot: Snapshot, code: str, checklist: str) -> list[TrendPoint]:
    for facility in snapshot.facilities:
        if facility.code == code and facility.checklist == checklist:
            return _facility_points(facility)
    raise UsageError(f"no complete inspection of facility {code!r} with checklist {checklist!r}")


def _facility_points(facility: Facility) -> list[TrendPoint]:
    points = []
    before: FacilityRound | None = None
    for now in facility.rounds:
        new, fixed = _item_changes(before, now)
        points.append(TrendPoint(str(now.round), now.violations, new, fixed, now.inspection_id))
        before = now
    return points


def _item_changes(before: FacilityRound | None, now: FacilityRound) -> tuple[int | None,
                                                                              int | None]:
    if before is None:
        return None, None
    then = {f.item for f in before.failed}
    current = {f.item for f in now.failed}
    return len(current - then), len(then - current)


@dataclass(frozen=True)
class _Event:
    """A round of one member of a department, as the department's trend counts it."""

    member: str
    month: str
    violations: dict[str, int]
    new: int | None
    fixed: int | None


def department_trends(snapshot: Snapshot) -> dict[str, list[TrendPoint]]:
    """Every department's trend, month by month."""
    events: dict[str, list[_Event]] = defaultdict(list)
    for target in snapshot.targets:
        events[target.department] += [_web_event(target.name, r) for r in target.rounds]
    for facility in snapshot.facilities:
        member = f"{facility.code}/{facility.checklist}"
        points = _facility_points(facility)
        events[facility.department] += [
            _Event(member, r.date[:7], p.violations, p.new, p.fixed)
            for r, p in zip(facility.rounds, points, strict=True)]
    return {department: _monthly(found) for department, found in sorted(events.items())}


def _web_event(member: str, found: WebRound) -> _Event:
    return _Event(member, found.date[:7], dict(found.violations), found.new, found.fixed)


def _monthly(events: list[_Event]) -> list[TrendPoint]:
    by_month: dict[str, list[_Event]] = defaultdict(list)
    for event in events:
        by_month[event.month].append(event)
    state: dict[str, dict[str, int]] = {}
    points = []
    for month in _months(min(by_month), max(by_month)):
        held = by_month.get(month, [])
        for event in held:  # in the order of the member's rounds: the last one stays
            state[event.member] = event.violations
        totals = by_severity()
        for violations in state.values():
            for severity, count in violations.items():
                totals[severity] += count
        points.append(TrendPoint(month, totals, _sum(e.new for e in held),
                                 _sum(e.fixed for e in held)))
    return points


def _sum(values: Iterable[int | None]) -> int | None:
    known = [v for v in values if v is not None]
    return sum(known) if known else None


def _months(first: str, last: str) -> list[str]:
    year, month = int(first[:4]), int(first[5:7])
    found = []
    while f"{year:04d}-{month:02d}" <= last:
        found.append(f"{year:04d}-{month:02d}")
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return found
