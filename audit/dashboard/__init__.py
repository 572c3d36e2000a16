"""The supervision dashboard's figures, computed from the store (the web app only renders them).

    cache = Cache(catalogue)                             # kept from call to call
    snapshot = load_snapshot(store, cache, today=date.today())
    overview(snapshot, Filters(department="区住建局"))   # latest round of every target/facility
    overview_page(snapshot, Filters(), 0, 100)           #   a page of it, with the totals
    target_trend(snapshot, "portal"), department_trends(snapshot)
    rank(snapshot, policy)                               # documented score, see ranking.py
    overdue(snapshot, policy)                            # past the remediation deadline:
    overdue_page(store, snapshot, policy, 0, 100)        #   totals, then a page of the list
    cached_diff(store, cache, "portal", old_id, new_id)  # two rounds compared, once per pair

``load_snapshot`` reads the store in a fixed number of statements, whatever the number of
targets, scans and facilities; ``overdue_page`` reads one page of web violations in one;
``round_diff`` counts a pair of rounds in a few (``cached_diff`` once per pair, ``warm_diffs``
the latest pair of every target); every other function is pure.
"""

from __future__ import annotations

from audit.dashboard.diff import RoundDiff, cached_diff, latest_pair, round_diff, warm_diffs
from audit.dashboard.model import (
    FacilityRound,
    Filters,
    OverdueItem,
    OverviewRow,
    RankRow,
    Snapshot,
    TrendPoint,
    WebOpen,
    WebRound,
)
from audit.dashboard.overdue import Overdue, overdue, overdue_page
from audit.dashboard.overview import OverviewPage, overview, overview_page
from audit.dashboard.ranking import Ranking, rank
from audit.dashboard.snapshot import Cache, load_snapshot
from audit.dashboard.trends import department_trends, facility_trend, target_trend

__all__ = [
    "Cache",
    "FacilityRound",
    "Filters",
    "Overdue",
    "OverdueItem",
    "OverviewPage",
    "OverviewRow",
    "RankRow",
    "Ranking",
    "RoundDiff",
    "Snapshot",
    "TrendPoint",
    "WebOpen",
    "WebRound",
    "cached_diff",
    "department_trends",
    "facility_trend",
    "latest_pair",
    "load_snapshot",
    "overdue",
    "overdue_page",
    "overview",
    "overview_page",
    "rank",
    "round_diff",
    "target_trend",
    "warm_diffs",
]
