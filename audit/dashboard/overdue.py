"""Barriers past the deadline of the remediation policy (``reports/policy.yaml``,
``deadline_days`` per severity), oldest first.

The clock starts when a barrier was first seen:
- web: the start of the earliest finished scan of the target that had a violation with the
  same fingerprint (so a barrier that went away and came back keeps its first date);
- facility: the date of the earliest round of the unbroken run of complete rounds, ending with
  the latest, in which the item failed.
A barrier is overdue when today is after first seen + deadline days; only the latest round's
barriers are open.

A district has hundreds of thousands of open web violations, so the list is not built whole:
``overdue`` orders the snapshot's counted groups of them (``WebOpen``: one target, rule,
severity and day first seen, which all fall due on the same day and stand together in the list)
among the facilities' failed items, and knows the totals, per department and per member;
``overdue_page`` reads the web violations of one page of it (one statement).

The list is ordered by first seen, worst severity first, then department, where, what and the
finding's id (a facility's item before a web violation alike in all of these).
"""

from __future__ import annotations

from bisect import bisect_right
from collections import Counter, defaultdict
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from audit.dashboard.model import Facility, OverdueItem, Snapshot, WebOpen
from audit.model import Severity
from audit.store import OpenGroup, OpenViolation, Store

DEFAULT_DAYS = 90


@dataclass(frozen=True)
class _WebRun:
    """A group of web violations past their deadline, as it stands in the list."""

    group: WebOpen
    department: str
    deadline: date


Block = OverdueItem | _WebRun


@dataclass(frozen=True)
class Overdue:
    """Every barrier past its deadline, oldest first, as blocks: a facility's failed item, or
    a run of web violations alike (read by ``overdue_page``); ``starts`` holds the position of
    each block's first barrier in the list."""

    blocks: tuple[Block, ...]
    starts: tuple[int, ...]
    total: int
    by_department: tuple[tuple[str, int], ...]  # most first, then by name
    by_member: dict[str, int]  # "web:<target>" or "facility:<code>/<checklist>" -> barriers


def deadline_days(policy: dict[str, Any]) -> dict[str, int]:
    days = policy.get("deadline_days", {})
    return {str(s): int(days.get(str(s), DEFAULT_DAYS)) for s in Severity}


def overdue(snapshot: Snapshot, policy: dict[str, Any]) -> Overdue:
    """The overdue list of the snapshot, without its web violations; computed once."""
    days = deadline_days(policy)
    return snapshot.memo(("overdue", tuple(days.items())), lambda: _overdue(snapshot, days))


def overdue_page(store: Store, snapshot: Snapshot, policy: dict[str, Any], start: int = 0,
                 size: int | None = None) -> list[OverdueItem]:
    """The barriers at positions ``start`` to ``start + size`` of the list (to its end when
    ``size`` is None), the web ones read from ``store`` in one statement."""
    late = overdue(snapshot, policy)
    end = late.total if size is None else min(late.total, start + size)
    if start >= end:
        return []
    first = max(0, bisect_right(late.starts, start) - 1)
    wanted = []  # (block, from, to) within the block
    for index in range(first, len(late.blocks)):
        at = late.starts[index]
        if at >= end:
            break
        block = late.blocks[index]
        count = block.group.count if isinstance(block, _WebRun) else 1
        wanted.append((block, max(0, start - at), min(count, end - at)))
    rows = _web_rows(store, [b.group for b, _f, _t in wanted if isinstance(b, _WebRun)])
    items: list[OverdueItem] = []
    for block, begin, stop in wanted:
        if isinstance(block, _WebRun):
            found = rows[_key(block.group)][begin:stop]
            items += [_web(block, row, snapshot.today) for row in found]
        else:
            items.append(block)
    return items


def _overdue(snapshot: Snapshot, days: dict[str, int]) -> Overdue:
    departments = {t.name: t.department for t in snapshot.targets}
    runs = (_WebRun(group, departments.get(group.target, ""),
                    _deadline(group.first_seen, days, group.impact))
            for group in snapshot.open_web)
    blocks: list[Block] = [run for run in runs if snapshot.today > run.deadline]
    for facility in snapshot.facilities:
        blocks += _facility(facility, days, snapshot.today)
    blocks.sort(key=_order)
    starts, total = [], 0
    by_department: Counter[str] = Counter()
    by_member: dict[str, int] = defaultdict(int)
    for block in blocks:
        count = block.group.count if isinstance(block, _WebRun) else 1
        starts.append(total)
        total += count
        by_department[block.department] += count
        by_member[_member(block)] += count
    ordered = tuple(sorted(by_department.items(), key=lambda c: (-c[1], c[0])))
    return Overdue(tuple(blocks), tuple(starts), total, ordered, dict(by_member))


def _order(block: Block) -> tuple[object, ...]:
    if isinstance(block, _WebRun):
        group = block.group
        return (group.first_seen, Severity(group.impact).rank, block.department, group.target,
                group.rule, 1)
    return (block.first_seen, Severity(block.impact).rank, block.department, block.where,
            block.what, 0)


def _member(block: Block) -> str:
    if isinstance(block, _WebRun):
        return f"web:{block.group.target}"
    return f"facility:{block.where}/{block.checklist}"


def _deadline(first_seen: str, days: dict[str, int], impact: str) -> date:
    return date.fromisoformat(first_seen) + timedelta(days=days[impact])


def _key(group: WebOpen) -> tuple[int, str, str, str]:
    return (group.scan_id, group.rule, group.impact, group.first_seen)


def _web_rows(store: Store, groups: list[WebOpen]) -> dict[tuple[int, str, str, str],
                                                             list[OpenViolation]]:
    """The violations of ``groups``, by group, by id."""
    rows: dict[tuple[int, str, str, str], list[OpenViolation]] = defaultdict(list)
    owner = {(g.scan_id, g.rule, g.impact, stamp): _key(g) for g in groups for stamp in g.seen}
    if owner:
        asked = [OpenGroup(*stored, 0) for stored in owner]
        for row in store.open_violations(groups=asked):
            rows[owner[(row.scan_id, row.rule, row.impact, row.first_seen)]].append(row)
    return rows


def _web(run: _WebRun, found: OpenViolation, today: date) -> OverdueItem:
    group = run.group
    return OverdueItem(
        kind="web", department=run.department, where=group.target, what=group.rule,
        impact=group.impact, first_seen=group.first_seen, deadline=run.deadline.isoformat(),
        days_overdue=(today - run.deadline).days, finding_id=found.finding_id,
        page_url=found.page_url, selector=found.selector,
        evidence=found.screenshot is not None)


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
