"""The difference between two rounds of a target: new, fixed and persisting violations, grouped
by rule (``audit.report.diff`` matches them by fingerprint, page by page).

``group`` names what findings are grouped by: ``rule`` now; a template-aware scan may add
``template`` (the page template a finding sits on) as a second grouping without changing the
callers.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from audit.errors import UsageError
from audit.model import Severity
from audit.report.diff import DiffFinding, ScanDiff, diff_pages
from audit.store import Store

Grouping = Callable[[DiffFinding], str]
GROUPINGS: dict[str, Grouping] = {"rule": lambda d: d.finding.rule}


@dataclass(frozen=True)
class DiffGroup:
    key: str  # the rule id (or what ``group`` names)
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
    diff: ScanDiff

    @property
    def totals(self) -> tuple[int, int, int]:
        return len(self.diff.new), len(self.diff.fixed), len(self.diff.persisting)


def round_diff(store: Store, target: str, old_id: int, new_id: int, *,
               group: str = "rule") -> RoundDiff:
    """Compare two scans of ``target``; UsageError when either is not a scan of it."""
    for scan_id in (old_id, new_id):
        if not store.scan_exists(scan_id) or store.scan(scan_id).target != target:
            raise UsageError(f"scan {scan_id} is not a scan of target {target!r}")
    diff = diff_pages(store.iter_pages(old_id), store.iter_pages(new_id))
    return RoundDiff(target, old_id, new_id, _groups(diff, GROUPINGS[group]), diff)


def _groups(diff: ScanDiff, key: Grouping) -> list[DiffGroup]:
    counts: dict[str, list[int]] = {}
    worst: dict[str, Severity] = {}
    for index, found in enumerate((diff.new, diff.fixed, diff.persisting)):
        for item in found:
            name = key(item)
            counts.setdefault(name, [0, 0, 0])[index] += 1
            impact = item.finding.impact
            if name not in worst or impact.rank < worst[name].rank:
                worst[name] = impact
    groups = [DiffGroup(name, str(worst[name]), *numbers) for name, numbers in counts.items()]
    return sorted(groups, key=lambda g: (Severity(g.impact).rank, -g.new, g.key))
