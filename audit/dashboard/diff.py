"""The difference between two rounds of a target: new, fixed and persisting violations, grouped
by rule (or by template region), counted in the store (``Store.diff_counts``) as
``audit.report.diff`` matches them, fingerprint by fingerprint on each page: no finding is read.

``group`` names what findings are grouped by (``GROUPINGS``): ``rule``, or ``template`` (the
template region a finding lies in, None for none, on a template-aware scan).

Two finished rounds do not change, so their diff is computed once (``cached_diff``, kept in the
``Cache``); ``warm_diffs`` computes beforehand the one a target's diff page shows first, its two
latest rounds (``latest_pair``), as a server's warm-up does.
"""

from __future__ import annotations

from dataclasses import dataclass

from audit.dashboard.model import Snapshot, Target
from audit.dashboard.snapshot import Cache
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


def latest_pair(target: Target) -> tuple[int, int]:
    """The rounds a target's diff compares unless told: its two latest (its only one twice)."""
    ids = [r.scan_id for r in target.rounds]
    return ids[-2] if len(ids) > 1 else ids[-1], ids[-1]


def cached_diff(store: Store, cache: Cache, target: str, old_id: int, new_id: int) -> RoundDiff:
    """``round_diff`` (by rule) of two finished rounds of the last snapshot loaded with
    ``cache``, computed once: kept under both rounds' keys (``Cache.round_key``); rounds it
    does not know are compared each time."""
    key = (target, cache.round_key(old_id), cache.round_key(new_id))
    if None in key:
        return round_diff(store, target, old_id, new_id)
    if key not in cache.diffs:
        cache.keep(cache.diffs, key, round_diff(store, target, old_id, new_id), cache.diff_limit)
    found: RoundDiff = cache.diffs[key]
    return found


def warm_diffs(store: Store, cache: Cache, snapshot: Snapshot) -> None:
    """Compute the diff of every target's two latest rounds now (``cached_diff``): a pair of
    2,000-page rounds takes ~0.1 s of CPU, a district has fifty."""
    for target in snapshot.targets:
        cached_diff(store, cache, target.name, *latest_pair(target))


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
