"""Ranking ties: equal scores share a rank (listed by name), so the department whose name
sorts later is not shown as worse than one exactly like it."""

from __future__ import annotations

from datetime import date

from audit.dashboard import rank
from audit.dashboard.model import Facility, FacilityRound, FailedItem, Snapshot


def _facility(code: str, department: str, failed: int) -> Facility:
    items = tuple(FailedItem(f"item_{n}", "serious") for n in range(failed))
    return Facility(code=code, name=f"设施 {code}", type=None, department=department,
                    checklist="gb55019-doors",
                    rounds=(FacilityRound(1, 1, "2026-12-01", checked=10, failed=items),))


def test_equal_scores_share_a_rank(policy):
    snapshot = Snapshot(date(2026, 12, 6), targets=(), open_web=(), facilities=(
        _facility("F-1", "区民政局", 2), _facility("F-2", "区住建局", 2),
        _facility("F-3", "区教育局", 1), _facility("F-4", "区住建局", 2),
        _facility("F-5", "区卫健委", 0)))
    rows = rank(snapshot, policy).rows
    assert [(r.rank, r.name) for r in rows] == [
        (1, "区住建局"), (1, "区民政局"), (3, "区教育局"), (4, "区卫健委")]
    assert rows[0].score == rows[1].score > rows[2].score > rows[3].score
    assert [(s.rank, s.name) for s in rows[0].sites] == [(1, "F-2 设施 F-2"),
                                                         (1, "F-4 设施 F-4")]
