"""The day a round belongs to is the district's, not UTC's: a scan that finished at 07:00 on
1 December in Shanghai (23:00 UTC on 30 November) is a December round in the trends."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from zoneinfo import ZoneInfo

from audit.dashboard import Cache, department_trends, load_snapshot
from audit.dashboard.overdue import overdue, overdue_page
from audit.model import PageResult, ScanRun, Viewport
from audit.report.assemble import bundled_checklists
from audit.report.datafiles import load_policy
from audit.store import Store, open_store
from tests.store.samples import finding

SHANGHAI = ZoneInfo("Asia/Shanghai")


def test_a_round_is_dated_in_the_districts_time_zone(tmp_path: Path):
    url = "https://portal.example/"
    with open_store(tmp_path / "days.db") as store:
        store.save_run(ScanRun(engine="playwright", standard="wcag22aa", tool_version="t",
                               started_at="2026-11-30T22:40:00+00:00",
                               finished_at="2026-11-30T23:00:00+00:00",
                               pages=[PageResult(url=url, viewport=Viewport.DESKTOP,
                                                 final_url=url, status=200,
                                                 findings=[finding("image-alt")])]),
                       target="portal")
        local = load_snapshot(store, Cache(bundled_checklists(), zone=SHANGHAI),
                              today=date(2026, 12, 6))
        utc = load_snapshot(store, bundled_checklists(), today=date(2026, 12, 6))
    assert local.targets[0].rounds[-1].date == "2026-12-01"
    assert [p.label for points in department_trends(local).values() for p in points] == [
        "2026-12"]
    assert utc.targets[0].rounds[-1].date == "2026-11-30"  # without a zone: UTC's day


def _scan(store: Store, started_at: str, *rules: str) -> None:
    url = "https://portal.example/"
    store.save_run(ScanRun(engine="playwright", standard="wcag22aa", tool_version="t",
                           started_at=started_at, finished_at=started_at,
                           pages=[PageResult(url=url, viewport=Viewport.DESKTOP, final_url=url,
                                             status=200, findings=[
                                                 finding(rule, selector=f"#{rule}")
                                                 for rule in rules])]),
                   target="portal")


def test_a_web_barrier_falls_due_from_the_districts_day_it_was_first_seen(store: Store):
    # first seen 00:30 on 1 December in Shanghai (16:30 UTC on 30 November), and 08:00 on
    # 1 December (00:00 UTC the same day); critical barriers are due 15 days later
    _scan(store, "2026-11-30T16:30:00+00:00", "image-alt")
    _scan(store, "2026-12-01T00:00:00+00:00", "image-alt", "label")
    cache = Cache(bundled_checklists(), zone=SHANGHAI)
    policy = load_policy()
    on_deadline = load_snapshot(store, cache, today=date(2026, 12, 16))
    assert overdue_page(store, on_deadline, policy) == []
    day_after = load_snapshot(store, cache, today=date(2026, 12, 17))
    late = overdue_page(store, day_after, policy)
    assert [(i.what, i.first_seen, i.deadline, i.days_overdue) for i in late] == [
        ("image-alt", "2026-12-01", "2026-12-16", 1),
        ("label", "2026-12-01", "2026-12-16", 1)]
    assert overdue(day_after, policy).total == 2
