"""The line a user sees for each scanned page while a scan or crawl runs, in both languages:
what was found, why a page was not scanned (the stored English error translated), a page
carried forward; where a scan was stored and what an interrupted scan kept. Browser-free; the
crawl's own lines are in test_crawl_gate.py."""

from __future__ import annotations

import pytest

from audit.cli.progress import page_line
from audit.cli.recording import recording, said
from audit.model import PageResult, Viewport
from audit.report.i18n import Messages
from audit.store import open_store
from audit.webscan.scanner import ScanOptions
from tests.store import samples

URL = "https://www.example.gov.cn/news/1.html"


def lines(page: PageResult) -> tuple[str, str]:
    return page_line(page, Messages("en")), page_line(page, Messages("zh-CN"))


def test_a_scanned_page_counts_violations_and_findings_to_review():
    page = samples.findings_page()
    assert (len(page.violations), len(page.needs_review)) == (2, 1)
    assert lines(page) == (
        f"{page.url} — 2 violation(s), 1 need review",
        f"{page.url} — 不符合项 2 个，待人工确认 1 个")


def test_a_page_not_scanned_says_why_in_the_users_language():
    page = PageResult(url=URL, viewport=Viewport.DESKTOP,
                      error="the page redirects in a loop (too many redirects)")
    assert lines(page) == (
        f"{URL} — not scanned: the page redirects in a loop (too many redirects)",
        f"{URL} — 未能检测：页面循环重定向（重定向次数过多）")


def test_a_page_carried_forward_says_since_when():
    page = PageResult(url=URL, viewport=Viewport.DESKTOP, carried_from=3,
                      verified_at="2026-11-02T08:30:05+00:00")
    assert lines(page) == (
        f"{URL} — unchanged, findings carried forward (last verified 2026-11-02 08:30 UTC)",
        f"{URL} — 未变化，沿用上一轮检测结果（最近核验于 2026-11-02 08:30 UTC）")


@pytest.mark.parametrize("lang", ["en", "zh-CN"])
def test_text_from_the_page_cannot_drive_the_terminal(lang):
    page = PageResult(url=URL + "?q=\x1b[2J", viewport=Viewport.DESKTOP,
                      error="net::ERR_FAILED \x1b]0;owned\x07")
    assert "\x1b" not in page_line(page, Messages(lang))


def test_where_a_scan_was_stored_is_said_in_the_users_language(tmp_path, capsys):
    db = str(tmp_path / "a.db")
    with recording(db, True, ScanOptions(), [URL], "scan", lang="zh-CN") as recorder:
        recorder.save(samples.findings_page())
        recorder.finish(samples.sample_run())
        assert said(recorder, "zh-CN") is True
    assert capsys.readouterr().err.splitlines() == [f"已存为检测 #1，存于 {db}"]


def test_an_interrupted_scan_says_what_it_kept_in_the_users_language(tmp_path, capsys):
    db = str(tmp_path / "a.db")
    with pytest.raises(SystemExit) as stopped, \
            recording(db, True, ScanOptions(), [URL], "scan", lang="zh-CN") as recorder:
        recorder.save(samples.findings_page())
        raise KeyboardInterrupt
    assert stopped.value.code == 130
    assert capsys.readouterr().err.splitlines() == [
        f"已中断：1 个页面已存为检测 #1，存于 {db}"]
    with open_store(db) as store:
        assert store.scan(1).status == "interrupted"
