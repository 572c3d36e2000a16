"""The report model assembled from a real SQLite store: selection, coverage, changes, plan."""

from __future__ import annotations

import dataclasses

import pytest

from audit.errors import UsageError
from audit.model import PageResult, Severity, Viewport
from audit.report.assemble import build_report
from audit.report.report_model import UNASSIGNED
from tests.report.report_factory import (
    PORTAL,
    finding,
    fixed_dataset,
    options,
    page,
    portal_round,
    run,
)


@pytest.fixture
def store(tmp_path):
    with fixed_dataset(tmp_path / "audit.db") as opened:
        yield opened


def _section(report, target):
    return next(s for s in report.web if s.target == target)


def test_default_is_the_latest_finished_scan_of_every_target(store):
    report = build_report(store, options())
    assert [(s.target, s.scan_id) for s in report.web] == [("district-portal", 2),
                                                           ("service-hall", 3)]


def test_an_unfinished_scan_is_not_picked_by_default(store):
    run = portal_round("2025-07-01", fixed_logo=True)
    run.finished_at = None
    store.save_run(run, target="district-portal")
    assert _section(build_report(store, options()), "district-portal").scan_id == 2


def test_targets_and_scans_can_be_chosen(store):
    assert [s.scan_id for s in build_report(store, options(targets=("service-hall",))).web] \
        == [3]
    assert [s.scan_id for s in build_report(store, options(scan_ids=(1,))).web] == [1]
    with pytest.raises(UsageError, match="no finished scan of target"):
        build_report(store, options(targets=("nowhere",)))
    with pytest.raises(UsageError, match="no scan with id 99"):
        build_report(store, options(scan_ids=(99,)))


def test_a_store_without_scans_is_a_usage_error(tmp_path):
    from audit.store import open_store

    with open_store(tmp_path / "empty.db") as empty, pytest.raises(UsageError, match="no"):
        build_report(empty, options())


def test_pages_errors_and_severities(store):
    portal = _section(build_report(store, options()), "district-portal")
    assert (portal.pages_scanned, portal.pages_with_errors, portal.pages_with_critical) == (2, 1, 1)
    assert portal.violations_by_severity == {"critical": 1, "serious": 3, "moderate": 0,
                                             "minor": 0}
    contrast = next(g for g in portal.violations if g.rule == "color-contrast")
    assert (contrast.count, len(contrast.pages)) == (2, 2)
    assert portal.violations[0].impact == "critical"  # worst first


def test_needs_review_items_are_kept_apart(store):
    service = _section(build_report(store, options()), "service-hall")
    assert [g.rule for g in service.reviews] == ["text-spacing-important"]
    assert [g.rule for g in service.violations] == ["label"]
    assert service.needs_review_count == 1


def test_per_criterion_statuses_never_claim_conformance(store):
    portal = _section(build_report(store, options()), "district-portal")
    status = {row.number: row.status for row in portal.criteria}
    assert status["1.4.3"] == "fails"  # color-contrast
    assert status["2.4.7"] == "fails"  # our keyboard check
    assert status["2.1.1"] == "no-automated-failures"  # the keyboard check ran
    assert status["1.2.2"] == "no-automated-failures"  # video-caption was inapplicable
    assert status["1.3.4"] == "not-checked-automatically"  # orientation check did not run
    assert status["3.3.8"] == "not-checked-automatically"
    assert "4.1.1" not in status  # obsolete in WCAG 2.2
    assert {row.status for row in portal.criteria} <= {
        "fails", "needs-review", "no-automated-failures", "not-checked-automatically"}
    service = _section(build_report(store, options()), "service-hall")
    assert {r.number: r.status for r in service.criteria}["1.4.12"] == "needs-review"


def test_changes_against_the_previous_round_of_the_target(store):
    report = build_report(store, options())
    portal = _section(report, "district-portal")
    assert portal.changes is not None and portal.changes.previous_scan_id == 1
    assert [r.rule for r in portal.changes.fixed] == ["image-alt"]
    assert portal.changes.new == []
    assert len(portal.changes.persisting) == 4
    assert _section(report, "service-hall").changes is None
    explicit = build_report(store, options(scan_ids=(3,), previous=(1,)))
    assert explicit.web[0].changes.previous_scan_id == 1
    assert [r.rule for r in explicit.web[0].changes.new] == ["label"]


@pytest.mark.parametrize(("scan", "previous", "started"),
                         [(1, 2, "2025-03-31"), (2, 2, "2025-06-30")])
def test_the_previous_round_asked_for_must_be_an_earlier_scan(store, scan, previous, started):
    # compared with a later round, the March scan's logo showed as a new violation, though
    # June's round had it fixed; compared with itself, a scan shows no change at all
    with pytest.raises(UsageError) as raised:
        build_report(store, options(scan_ids=(scan,), previous=(previous,)))
    assert str(raised.value) == (
        f"--previous {previous} is not a scan before scan {scan} (it started "
        f"2025-06-30T02:00:00+00:00, scan {scan} {started}T02:00:00+00:00); choose one that "
        f"started earlier")


def test_a_violation_is_fixed_only_where_its_viewport_was_scanned_again(tmp_path):
    # the phone layout's menu button had no name; this round the page opened at the desktop
    # viewport but not at the mobile one: nothing shows the button was mended
    menu = finding("button-name", "button.menu", impact=Severity.CRITICAL, wcag=("4.1.2",))
    logo = finding("image-alt", "#logo", impact=Severity.CRITICAL)
    home = f"{PORTAL}/"
    before = run("2025-03-31", page(home, logo), mobile(page(home, menu)))
    now = run("2025-06-30", page(home),
              mobile(page(home, error="the server answered HTTP 503")))
    with fixed_dataset(tmp_path / "audit.db", facilities=False) as opened:
        opened.save_run(before, target="m-portal")
        opened.save_run(now, target="m-portal")
        changes = _section(build_report(opened, options()), "m-portal").changes
    assert changes is not None
    assert [(r.rule, r.viewport) for r in changes.fixed] == [("image-alt", "desktop")]
    assert changes.new == [] and changes.persisting == []


def mobile(scanned: PageResult) -> PageResult:
    return dataclasses.replace(scanned, viewport=Viewport.MOBILE)


def test_summary_ranks_barriers_by_reach(store):
    summary = build_report(store, options()).summary
    assert summary.top_barriers[0].rule == "color-contrast"
    assert summary.top_barriers[0].pages == 2
    assert summary.critical_share == pytest.approx(2 / 3, abs=1e-4)
    assert [(t.target, t.previous, t.current) for t in summary.trend if t.kind == "web"] == [
        ("district-portal", 5, 4), ("service-hall", None, 1)]


def test_remediation_by_department_with_deadlines(store):
    plans = build_report(store, options()).remediation
    assert [p.department for p in plans] == ["区政府办公室", "示范区行政审批服务局", UNASSIGNED]
    first = plans[0].items[0]
    assert (first.title, first.impact, first.deadline) == ("link-name", "critical", "2025-07-16")
    assert plans[2].items[0].deadline == "2025-07-16"
    assert plans[0].by_severity["serious"] == 3


def test_cover_lists_standards_and_versions(store):
    meta = build_report(store, options()).meta
    assert [s.id for s in meta.standards] == ["wcag22aa", "gbt37668-2019", "gb55019-2021",
                                              "gb50763-2012"]
    assert meta.axe_versions == ["4.12.1"] and meta.browser_versions == ["131.0.6778.85"]
    assert meta.period_start == "2025-03-14"  # the first facility inspection
    assert meta.auditors == ["张三", "Li Si"]


def test_method_lists_criteria_no_scan_checked(store):
    method = build_report(store, options()).method
    numbers = [row.number for row in method.not_checked]
    assert "3.3.8" in numbers and "1.4.3" not in numbers and "2.1.1" not in numbers
    assert method.deadline_days == {"critical": 15, "serious": 30, "moderate": 90, "minor": 180}
