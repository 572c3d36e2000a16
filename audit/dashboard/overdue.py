"""Barriers past the deadline of the remediation policy (``reports/policy.yaml``,
``deadline_days`` per severity), oldest first.

The clock starts when a barrier was first seen:
- web: the start of the earliest finished scan of the target that had a violation with the
  same fingerprint (so a barrier that went away and came back keeps its first date);
- facility: the date of the earliest round of the unbroken run of complete rounds, ending with
  the latest, in which the item failed.
A barrier is overdue when today is after first seen + deadline days; only the latest round's
barriers are open.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from audit.dashboard.model import Facility, OverdueItem, Snapshot, WebOverdue
from audit.model import Severity

DEFAULT_DAYS = 90


def deadline_days(policy: dict[str, Any]) -> dict[str, int]:
    days = policy.get("deadline_days", {})
    return {str(s): int(days.get(str(s), DEFAULT_DAYS)) for s in Severity}


def overdue(snapshot: Snapshot, policy: dict[str, Any]) -> list[OverdueItem]:
    days = deadline_days(policy)
    return list(snapshot.memo(("overdue", tuple(days.items())),
                              lambda: _overdue(snapshot, days)))


def _overdue(snapshot: Snapshot, days: dict[str, int]) -> tuple[OverdueItem, ...]:
    departments = {t.name: t.department for t in snapshot.targets}
    items = [_web(v, departments.get(v.target, ""), days, snapshot.today)
             for v in snapshot.open_web]
    for facility in snapshot.facilities:
        items += _facility(facility, days, snapshot.today)
    late = [item for item in items if item is not None]
    return tuple(sorted(late, key=lambda i: (i.first_seen, Severity(i.impact).rank, i.department,
                                       i.where, i.what, i.finding_id or 0)))


def _deadline(first_seen: str, days: dict[str, int], impact: str) -> date:
    return date.fromisoformat(first_seen) + timedelta(days=days[impact])


def _web(found: WebOverdue, department: str, days: dict[str, int],
         today: date) -> OverdueItem | None:
    deadline = _deadline(found.first_seen, days, found.impact)
    if today <= deadline:
        return None
    return OverdueItem(
        kind="web", department=department, where=found.target, what=found.rule,
        impact=found.impact, first_seen=found.first_seen, deadline=deadline.isoformat(),
        days_overdue=(today - deadline).days, finding_id=found.finding_id,
        page_url=found.page_url, selector=found.selector, evidence=found.screenshot)


def _facility(facility: Facility, days: dict[str, int], today: date) -> list[OverdueItem]:
    latest = facility.rounds[-1]
    items = []
    for failed in latest.failed:
        first_seen = _first_failed(facility, failed.item)
        deadline = _deadline(first_seen, days, failed.severity)
        if today <= deadline:
            continue
        items.append(OverdueItem(
            kind="facility", department=facility.department, where=facility.code,
            what=failed.item, impact=failed.severity, first_seen=first_seen,
            deadline=deadline.isoformat(), days_overdue=(today - deadline).days,
            evidence=bool(failed.photos), inspection_id=latest.inspection_id,
            checklist=facility.checklist, photos=failed.photos))
    return items


def _first_failed(facility: Facility, item: str) -> str:
    first = facility.rounds[-1].date
    for earlier in reversed(facility.rounds[:-1]):
        if item not in {f.item for f in earlier.failed}:
            break
        first = earlier.date
    return first
