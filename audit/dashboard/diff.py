"""The difference between two rounds of a target: new, fixed and persisting violations, grouped
by rule (or by template region), counted in the store (``Store.diff_counts``) as
``audit.report.diff`` matches them, fingerprint by fingerprint on each page: no finding is read.

``group`` names what findings are grouped by (``GROUPINGS``): ``rule``, or ``template`` (the
template region a finding lies in, None for none, on a template-aware scan).
"""

from __future__ import annotations

from dataclasses import dataclass

from audit.errors import UsageError
from audit.model import Severity
from audit.store import DIFF_GROUPINGS, DiffCount, Store

GROUPINGS = DIFF_GROUPINGS


@dataclass(frozen=True)
class DiffGroup:
    key: str | None  # the rule id (or what ``group`` names)
    impact: str  # the worst severity in the group
    new: int
    fixed: int
    persisting: int


@dataclass(frozen=True)
class RoundDiff:
    target: str
    old_id: int
    new_id: int
    groups: list[DiffGroup]  # worst first, then most new
    not_comparable: int  # pages of the old round the new one did not scan without error

    @property
    def totals(self) -> tuple[int, int, int]:
        return (sum(g.new for g in self.groups), sum(g.fixed for g in self.groups),
                sum(g.persisting for g in self.groups))


def round_diff(store: Store, target: str, old_id: int, new_id: int, *,
               group: str = "rule") -> RoundDiff:
    """Compare two scans of ``target``; UsageError when either is not a scan of it."""
    if group not in GROUPINGS:
        raise UsageError(f"a diff is grouped by one of {', '.join(GROUPINGS)}, not {group!r}")
    for scan_id in (old_id, new_id):
        if not store.scan_exists(scan_id) or store.scan(scan_id).target != target:
            raise UsageError(f"scan {scan_id} is not a scan of target {target!r}")
    counted = store.diff_counts(old_id, new_id, group)
    return RoundDiff(target, old_id, new_id, _groups(counted.groups), counted.not_comparable)


def _groups(counted: list[DiffCount]) -> list[DiffGroup]:
    counts: dict[str | None, list[int]] = {}
    worst: dict[str | None, Severity] = {}
    for row in counted:
        numbers = counts.setdefault(row.key, [0, 0, 0])
        for index, number in enumerate((row.new, row.fixed, row.persisting)):
            numbers[index] += number
        impact = Severity(row.impact)
        if row.key not in worst or impact.rank < worst[row.key].rank:
            worst[row.key] = impact
    groups = [DiffGroup(name, str(worst[name]), *numbers) for name, numbers in counts.items()]
    return sorted(groups, key=lambda g: (Severity(g.impact).rank, -g.new, g.key or ""))
