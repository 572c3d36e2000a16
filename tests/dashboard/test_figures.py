"""The dashboard's figures equal those computed here from the generated district's own data."""

from __future__ import annotations

from collections import Counter
from datetime import date, timedelta

import pytest

from audit.dashboard import (
    Filters,
    department_trends,
    overdue,
    overdue_page,
    overview,
    overview_page,
    rank,
    round_diff,
    target_trend,
)
from audit.dashboard.model import UNASSIGNED
from audit.errors import UsageError
from audit.store import InspectionStatus
from tests.dashboard.district import TODAY, District, FacilityData, TargetData

SEVERITIES = ("critical", "serious", "moderate", "minor")


def by_severity(impacts: list[str]) -> dict[str, int]:
    counts = Counter(impacts)
    return {s: counts.get(s, 0) for s in SEVERITIES}


def web_counts(round_) -> dict[str, int]:
    return by_severity([impact for _r, impact, _u, _s in round_.violations.values()])


def new_and_fixed(before, now) -> tuple[int, int]:
    new = len(set(now.violations) - set(before.violations))
    fixed = sum(1 for key, (_r, _i, url, _s) in before.violations.items()
                if key not in now.violations and now.pages.get(url))
    return new, fixed


def complete(facility: FacilityData):
    return [r for r in facility.rounds
            if r.status in (InspectionStatus.SUBMITTED, InspectionStatus.APPROVED)]


def test_overview_has_the_latest_round_of_every_target_and_facility(snapshot, district):
    rows = {row.key: row for row in overview(snapshot)}
    assert len(rows) == len(district.targets) + len(district.facilities)
    for target in district.targets:
        row, latest, before = rows[target.name], target.rounds[-1], target.rounds[-2]
        assert row.violations == web_counts(latest)
        assert row.checked == len(latest.pages)
        assert row.date == latest.day
        assert row.department == (target.department or UNASSIGNED)
        assert row.change == sum(web_counts(latest).values()) - sum(web_counts(before).values())
        assert (row.new, row.fixed) == new_and_fixed(before, latest)
        assert row.round_id == latest.scan_id
    for facility in district.facilities:
        rounds = complete(facility)
        row, latest, before = rows[facility.code], rounds[-1], rounds[-2]
        assert row.violations == by_severity(list(latest.failed.values()))
        assert row.checked == 4  # the four scored items answered
        assert row.date == latest.day
        assert row.change == len(latest.failed) - len(before.failed)
        assert row.round_id == latest.inspection_id


def test_a_draft_round_is_not_counted(snapshot, district):
    first = district.facilities[0]
    assert first.rounds[-1].status is InspectionStatus.DRAFT
    row = next(r for r in overview(snapshot) if r.key == first.code)
    assert row.round_id == first.rounds[-2].inspection_id


@pytest.mark.parametrize("department", ["区住建局", UNASSIGNED])
def test_overview_filters_by_department_type_and_status(snapshot, district, department):
    rows = overview(snapshot, Filters(department=department))
    expected = {t.name for t in district.targets if (t.department or UNASSIGNED) == department}
    expected |= {f.code for f in district.facilities if (f.department or UNASSIGNED) == department}
    assert {row.key for row in rows} == expected
    assert {r.key for r in overview(snapshot, Filters(type="toilet"))} == {
        f.code for f in district.facilities if f.type == "toilet"}
    assert {r.key for r in overview(snapshot, Filters(type="web"))} == {
        t.name for t in district.targets}
    worse = {r.key for r in overview(snapshot, Filters(status="worse"))}
    assert worse == {t.name for t in district.targets
                     if sum(web_counts(t.rounds[-1]).values())
                     > sum(web_counts(t.rounds[-2]).values())} | {
        f.code for f in district.facilities
        if len(complete(f)[-1].failed) > len(complete(f)[-2].failed)}


@pytest.mark.parametrize("filters", [Filters(), Filters(type="toilet")])
def test_overview_pages_are_slices_with_the_totals_of_every_row_matching(snapshot, district,
                                                                        filters):
    rows = overview(snapshot, filters)
    latest = [web_counts(t.rounds[-1]) for t in district.targets if filters.type is None]
    latest += [by_severity(list(complete(f)[-1].failed.values())) for f in district.facilities
               if filters.type in (None, f.type)]
    totals = {s: sum(counts[s] for counts in latest) for s in SEVERITIES}
    pages = [overview_page(snapshot, filters, start, 3) for start in range(0, len(rows), 3)]
    assert [row for page in pages for row in page.rows] == rows
    assert [page.start for page in pages] == list(range(0, len(rows), 3))
    assert {(page.count, tuple(page.violations.items())) for page in pages} == {
        (len(latest), tuple(totals.items()))}
    beyond = overview_page(snapshot, filters, len(rows) + 5, 3)
    assert (beyond.start, beyond.rows) == (pages[-1].start, pages[-1].rows)
    assert overview_page(snapshot, filters, -4, 3).rows == rows[:3]


def test_a_target_trend_has_every_round_with_new_and_fixed(snapshot, district):
    target: TargetData = district.targets[1]
    points = target_trend(snapshot, target.name)
    assert [p.label for p in points] == [r.day for r in target.rounds]
    assert [p.violations for p in points] == [web_counts(r) for r in target.rounds]
    assert (points[0].new, points[0].fixed) == (None, None)
    assert [(p.new, p.fixed) for p in points[1:]] == [
        new_and_fixed(b, n) for b, n in zip(target.rounds, target.rounds[1:], strict=False)]


def test_a_department_trend_carries_each_member_forward_month_by_month(snapshot, district):
    department = "区住建局"
    trend = department_trends(snapshot)[department]
    members: list[list[tuple[str, dict[str, int]]]] = []
    for target in district.targets:
        if target.department == department:
            members.append([(r.day[:7], web_counts(r)) for r in target.rounds])
    for facility in district.facilities:
        if facility.department == department:
            members.append([(r.day[:7], by_severity(list(r.failed.values())))
                            for r in complete(facility)])
    for point in trend:
        expected = dict.fromkeys(SEVERITIES, 0)
        for rounds in members:
            held = [counts for month, counts in rounds if month <= point.label]
            for severity in SEVERITIES:
                expected[severity] += held[-1][severity] if held else 0
        assert point.violations == expected, point.label
    assert trend[0].label == min(m[0][0] for m in members)
    assert trend[-1].label == max(m[-1][0] for m in members)


def deadline_days(policy) -> dict[str, int]:
    return {s: int(policy["deadline_days"][s]) for s in SEVERITIES}


def expected_overdue(district: District, policy) -> list[tuple[str, str, str, str, str]]:
    """(where, what, first seen, impact, department) of every barrier past its deadline on
    TODAY."""
    days = deadline_days(policy)
    late = []
    for target in district.targets:
        for fingerprint, (rule, impact, _url, _sel) in target.rounds[-1].violations.items():
            first = min(r.day for r in target.rounds if fingerprint in r.violations)
            if date.fromisoformat(first) + timedelta(days=days[impact]) < TODAY:
                late.append((target.name, rule, first, impact, target.department or ""))
    for facility in district.facilities:
        rounds = complete(facility)
        for item, impact in rounds[-1].failed.items():
            first = rounds[-1].day
            for earlier in reversed(rounds[:-1]):
                if item not in earlier.failed:
                    break
                first = earlier.day
            if date.fromisoformat(first) + timedelta(days=days[impact]) < TODAY:
                late.append((facility.code, item, first, impact, facility.department or ""))
    return sorted(late)


# the web rounds began 2025-01-10, 03-11, 05-12 and 07-13 (the facilities' 2025-02-05 ...);
# 2025-07-13 + 181 days is TODAY (due today: not yet overdue), + 182 days tomorrow
EDGES = {"deadline_days": {"critical": 181, "serious": 182, "moderate": 0, "minor": 365}}


def order(item) -> tuple:
    rank = SEVERITIES.index(item.impact)
    return (item.first_seen, rank, item.department, item.where, item.what, item.finding_id or 0)


@pytest.mark.parametrize("deadlines", ["bundled", "edges"])
def test_overdue_lists_every_barrier_past_its_deadline_oldest_first(
        district_store, snapshot, district, policy, deadlines):
    store, _ = district_store
    policy = policy if deadlines == "bundled" else {**policy, **EDGES}
    items = overdue_page(store, snapshot, policy)
    assert sorted((i.where, i.what, i.first_seen, i.impact, i.department) for i in items) == \
        expected_overdue(district, policy)
    assert [order(i) for i in items] == sorted(order(i) for i in items)
    assert len(items) > 10
    days = deadline_days(policy)
    for item in items:
        assert item.deadline == (date.fromisoformat(item.first_seen)
                                 + timedelta(days=days[item.impact])).isoformat()
        assert item.days_overdue == (TODAY - date.fromisoformat(item.deadline)).days > 0
    web = next(i for i in items if i.kind == "web")
    assert web.finding_id is not None and web.page_url.startswith("https://")
    assert store.stored_finding(web.finding_id).finding.rule == web.what


def test_an_overdue_deadline_falling_today_is_not_yet_overdue(district_store, snapshot,
                                                               district, policy):
    store, _ = district_store
    items = overdue_page(store, snapshot, {**policy, **EDGES})
    web_critical = {i.first_seen for i in items if i.kind == "web" and i.impact == "critical"}
    assert "2025-07-13" not in web_critical and "2025-05-12" in web_critical  # 181 days: today
    assert {i.first_seen for i in items if i.impact == "serious" and i.kind == "web"} == {
        "2025-01-10", "2025-03-11", "2025-05-12"}  # 2025-07-13 + 182 days is after TODAY
    assert {i.impact for i in items} >= {"moderate"}  # 0 days: every open one


@pytest.mark.parametrize("size", [1, 7, 100])
def test_overdue_pages_are_slices_of_the_list_and_totals_count_it(district_store, snapshot,
                                                                  district, policy, size):
    store, _ = district_store
    every = overdue_page(store, snapshot, policy)
    late = overdue(snapshot, policy)
    expected = expected_overdue(district, policy)
    assert late.total == len(every) == len(expected)
    pages = [overdue_page(store, snapshot, policy, start, size)
             for start in range(0, late.total, size)]
    assert [item for page in pages for item in page] == every
    assert all(len(page) == size for page in pages[:-1])
    assert overdue_page(store, snapshot, policy, late.total, size) == []
    assert overdue_page(store, snapshot, policy, 3, 5) == every[3:8]
    departments = Counter(department for *_rest, department in expected)
    assert dict(late.by_department) == dict(departments)
    assert [n for _d, n in late.by_department] == sorted(departments.values(), reverse=True)
    assert sum(late.by_member.values()) == late.total
    assert late.by_member["web:site-00"] == sum(1 for e in expected if e[0] == "site-00")


def test_ranking_follows_the_documented_formula(snapshot, district, policy):
    ranking = rank(snapshot, policy)
    weights = policy["ranking"]["weights"]
    per_pages = policy["ranking"]["per_pages"]
    points = policy["ranking"]["overdue_points"]
    late = Counter(i[0] for i in expected_overdue(district, policy))
    scores = {}
    for department in {t.department for t in district.targets} | {
            f.department for f in district.facilities}:
        targets = [t for t in district.targets if t.department == department]
        facilities = [f for f in district.facilities if f.department == department]
        pages = sum(len(t.rounds[-1].pages) for t in targets)
        weighted = sum(weights[s] * n for t in targets
                       for s, n in web_counts(t.rounds[-1]).items())
        failed = sum(weights[s] for f in facilities for s in complete(f)[-1].failed.values())
        overdue_count = sum(late[t.name] for t in targets) + sum(late[f.code]
                                                                  for f in facilities)
        score = (weighted * per_pages / pages if pages else 0) + \
            (failed / len(facilities) if facilities else 0) + points * overdue_count
        scores[department or UNASSIGNED] = round(score, 2)
    assert {row.name: row.score for row in ranking.rows} == pytest.approx(scores, abs=0.02)
    assert [row.rank for row in ranking.rows] == list(range(1, len(scores) + 1))
    assert [row.score for row in ranking.rows] == sorted(scores.values(), reverse=True)
    top = ranking.rows[0]
    assert sum(site.overdue for site in top.sites) == top.overdue


def test_a_round_diff_groups_new_fixed_and_persisting_by_rule(district_store, district):
    store, _ = district_store
    target = district.targets[2]
    before, now = target.rounds[0], target.rounds[2]
    found = round_diff(store, target.name, before.scan_id, now.scan_id)
    persisting = len(set(now.violations) & set(before.violations))
    assert found.totals == (*new_and_fixed(before, now), persisting)
    assert sum(g.new for g in found.groups) == found.totals[0]
    rules = Counter(now.violations[k][0] for k in set(now.violations) - set(before.violations))
    assert {g.key: g.new for g in found.groups if g.new} == dict(rules)


def test_a_round_diff_refuses_a_scan_of_another_target(district_store, district):
    store, _ = district_store
    other = district.targets[0].rounds[0].scan_id
    with pytest.raises(UsageError, match=f"scan {other} is not a scan of target 'site-01'"):
        round_diff(store, "site-01", other, district.targets[1].rounds[1].scan_id)
