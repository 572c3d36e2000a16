"""Recording a running scan into a real SQLite store: page by page, closed with its versions,
interrupted with what it kept, and a failing store remembered rather than raised."""

from __future__ import annotations

import sqlite3

import pytest

from audit.errors import StoreError
from audit.store import ScanStatus, open_store
from audit.webscan.recording import ScanRecorder, scan_header, scan_settings
from audit.webscan.scanner import ScanOptions
from tests.report.ci_factory import barriers_page, error_page, make_run

OPTIONS = ScanOptions(concurrency=2, checks=("focus-visible",),
                      remote_url="http://grid:secret@grid.example:4444/wd/hub")
URLS = ["https://www.example.gov.cn/zwgk/index.html", "https://www.example.gov.cn/ztzl/"]


@pytest.fixture
def store(tmp_path):
    with open_store(str(tmp_path / "audit.db")) as opened:
        yield opened


def recorder_for(store) -> ScanRecorder:
    return ScanRecorder(store, scan_header(OPTIONS), scan_settings(OPTIONS, URLS, "scan"),
                        target="portal")


def test_pages_are_stored_as_they_come_and_the_scan_is_closed_with_its_versions(store):
    recorder = recorder_for(store)
    seen = []
    callback = recorder.on_page(seen.append)
    assert store.scans() == []
    callback(barriers_page())
    assert recorder.scan_id is not None and store.scan(recorder.scan_id).pages == 1
    callback(error_page())
    recorder.finish(make_run(barriers_page(), error_page()))
    summary = store.scan(recorder.scan_id)
    assert (summary.pages, summary.pages_with_errors, summary.violations) == (2, 1, 6)
    assert (summary.status, summary.target, summary.browser_version) == (
        ScanStatus.FINISHED, "portal", "131.0.6778.85")
    assert summary.options["urls"] == URLS and summary.options["command"] == "scan"
    assert summary.options["remote_url"] == "http://grid:***@grid.example:4444/wd/hub"
    assert [page.url for page in seen] == [URLS[0], URLS[1]]
    assert recorder.saved == 2


def test_a_scan_without_a_page_leaves_nothing_behind(store):
    recorder = recorder_for(store)
    recorder.finish(make_run())
    recorder.interrupt()
    assert recorder.scan_id is None and store.scans() == []


def test_an_interrupted_scan_keeps_its_pages(store):
    recorder = recorder_for(store)
    recorder.save(barriers_page())
    recorder.interrupt()
    summary = store.scan(recorder.scan_id)
    assert (summary.status, summary.pages) == (ScanStatus.INTERRUPTED, 1)


def test_a_failing_store_is_remembered_and_the_scan_goes_on(store, tmp_path):
    recorder = recorder_for(store)
    recorder.save(barriers_page())
    with sqlite3.connect(tmp_path / "audit.db") as database:  # the disk is taken away
        database.execute("ALTER TABLE pages RENAME TO gone")
    recorder.save(error_page())
    recorder.finish(make_run(barriers_page(), error_page()))
    assert isinstance(recorder.error, StoreError) and recorder.saved == 1


def test_without_a_store_nothing_is_kept_and_nothing_fails():
    recorder = ScanRecorder(None, scan_header(OPTIONS), {})
    recorder.save(barriers_page())
    recorder.finish(make_run(barriers_page()))
    recorder.interrupt()
    assert (recorder.scan_id, recorder.saved, recorder.error) == (None, 0, None)
