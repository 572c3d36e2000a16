"""Scans and targets: lifecycle, versions, and summaries counted by the database."""

from __future__ import annotations

import pytest

from audit.errors import StoreError
from audit.model import Outcome, Severity
from audit.store import ScanStatus, TargetInfo
from tests.store.samples import error_page, finding, findings_page, sample_run


def test_summary_counts_are_exact(store):
    older = store.begin_scan(sample_run(), target="portal", options={"depth": 1})
    store.save_page(older, error_page())
    store.save_page(older, error_page("https://gov.example.cn/also-missing"))
    page = findings_page()
    page.findings = [finding(selector=f"img:nth-of-type({i})") for i in range(3)] + [
        finding("label", impact=Severity.SERIOUS),
        finding("list", impact=Severity.MINOR),
        finding("region", impact=Severity.SERIOUS, outcome=Outcome.NEEDS_REVIEW),
        finding("frame", impact=Severity.CRITICAL, outcome=Outcome.NEEDS_REVIEW),
    ]
    store.save_page(older, page)
    store.save_page(older, page)  # saved twice, counted once
    newer = store.begin_scan(sample_run())

    summaries = store.scans()
    assert [s.id for s in summaries] == [newer, older]
    empty, full = summaries
    assert (empty.pages, empty.violations, empty.target) == (0, 0, None)
    assert empty.violations_by_impact == {"critical": 0, "serious": 0, "moderate": 0,
                                          "minor": 0}
    assert full.target == "portal" and full.options == {"depth": 1}
    assert (full.pages, full.pages_with_errors) == (3, 2)
    assert (full.violations, full.needs_review) == (5, 2)
    assert full.violations_by_impact == {"critical": 3, "serious": 1, "moderate": 0,
                                         "minor": 1}
    assert store.scan(older) == full
    assert [s.id for s in store.scans(limit=1)] == [newer]


def test_scan_lifecycle(store):
    run = sample_run()
    scan_id = store.begin_scan(run)
    summary = store.scan(scan_id)
    assert summary.status is ScanStatus.RUNNING
    assert summary.started_at == run.started_at and summary.engine == "playwright"

    store.update_scan_versions(scan_id, axe_version="4.11.0")
    store.finish_scan(scan_id, finished_at="2025-03-01T09:00:00+00:00", status="interrupted")
    summary = store.scan(scan_id)
    assert summary.status is ScanStatus.INTERRUPTED
    assert (summary.axe_version, summary.browser_version) == ("4.11.0", run.browser_version)

    store.resume_scan(scan_id)
    assert store.scan(scan_id).status is ScanStatus.RUNNING
    assert store.scan(scan_id).finished_at is None
    store.finish_scan(scan_id, finished_at="2025-03-01T10:00:00+00:00")
    assert store.scan(scan_id).status is ScanStatus.FINISHED


def test_scan_status_alone_follows_the_lifecycle(store):
    scan_id = store.begin_scan(sample_run())
    assert store.scan_status(scan_id) is ScanStatus.RUNNING
    store.finish_scan(scan_id, finished_at="2025-03-01T09:00:00+00:00", status="interrupted")
    assert store.scan_status(scan_id) is ScanStatus.INTERRUPTED
    store.resume_scan(scan_id)
    store.finish_scan(scan_id, finished_at="2025-03-01T10:00:00+00:00")
    assert store.scan_status(scan_id) is ScanStatus.FINISHED
    assert store.scan_status(scan_id + 1) is None


def test_unknown_scan_ids_get_one_message(store):
    with pytest.raises(StoreError) as caught:
        store.scan(404)
    assert str(caught.value) == "no scan with id 404 in DB"
    for call in (lambda: store.run_header(404), lambda: store.iter_pages(404),
                 lambda: store.frontier_counts(404),
                 lambda: store.finish_scan(404, finished_at="2025-03-01T09:00:00+00:00")):
        with pytest.raises(StoreError, match="^no scan with id 404 in DB$"):
            call()


def test_unknown_status_is_refused(store):
    scan_id = store.begin_scan(sample_run())
    with pytest.raises(ValueError):
        store.finish_scan(scan_id, finished_at="2025-03-01T09:00:00+00:00", status="done")


def test_begin_scan_without_start_time_stamps_now(store):
    run = sample_run()
    run.started_at = None
    assert store.scan(store.begin_scan(run)).started_at.endswith("+00:00")


def test_targets_keep_the_responsible_department(store):
    store.save_target("区政务服务网", department="区政务服务数据管理局", settings={"depth": 3})
    store.begin_scan(sample_run(), target="区政务服务网")  # does not reset the settings
    store.save_target("区政务服务网", department="区行政审批局", settings={"depth": 2})
    store.begin_scan(sample_run(), target="district-portal")
    assert store.targets() == [
        TargetInfo("district-portal", None, None),
        TargetInfo("区政务服务网", "区行政审批局", {"depth": 2}),
    ]
    assert store.scans()[1].target == "区政务服务网"
