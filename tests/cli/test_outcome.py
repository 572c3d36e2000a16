"""What a command says once a crawl is done (``audit.cli.outcome``), in the user's language:
the crawl's warnings, and every page failing; a stored crawl in a real SQLite store."""

from __future__ import annotations

import pytest

from audit.cli.outcome import summarise
from audit.model import PageResult, ScanRun, Viewport
from audit.store import open_store

URL = "https://www.example.gov.cn/"
SITEMAP = "https://www.example.gov.cn/sitemap.xml"
WARNING = f"{SITEMAP}: the server answered HTTP 404; skipped"  # as the crawl stores it
WARNING_ZH = f"{SITEMAP}：服务器返回 HTTP 404；已跳过"


@pytest.fixture
def failed_crawl(tmp_path) -> str:
    """A finished crawl of one page that could not be scanned, with a warning kept."""
    db = str(tmp_path / "audit.db")
    page = PageResult(url=URL, viewport=Viewport.DESKTOP, error="the server answered HTTP 503")
    with open_store(db) as store:
        store.save_run(ScanRun(engine="playwright", standard="wcag22aa", tool_version="0.1.0",
                               started_at="2026-12-01T08:00:00+00:00",
                               finished_at="2026-12-01T08:01:00+00:00", pages=[page]),
                       options={"warnings": [WARNING]})
    return db


@pytest.mark.parametrize("lang, warning, none_scanned", [
    ("en", f"warning: {WARNING}", "error: none of the 1 page(s) could be scanned"),
    ("zh-CN", f"警告：{WARNING_ZH}", "错误：1 个页面均未能检测")])
def test_a_crawl_that_scanned_no_page_says_so_and_exits_3(failed_crawl, capsys, lang, warning,
                                                          none_scanned):
    with open_store(failed_crawl) as store, pytest.raises(SystemExit) as exited:
        summarise(store, 1, lang)
    assert exited.value.code == 3
    said = capsys.readouterr()
    assert said.err.splitlines() == [warning, none_scanned]


def test_without_exiting_the_crawl_is_summarised_only(failed_crawl, capsys):
    with open_store(failed_crawl) as store:
        summarise(store, 1, "zh-CN", exit_when_all_failed=False)
    said = capsys.readouterr()
    assert said.err.splitlines() == [f"警告：{WARNING_ZH}"]
    assert "错误" not in said.out
