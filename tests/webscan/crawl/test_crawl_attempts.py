"""A page that breaks the crawler outside its scan (link planning raised) neither stops the
crawl nor comes back for ever: it is tried three times, logged with its traceback (not on the
terminal), stored with an error, and the other pages are crawled; an entry whose visits all
died with their process is given up when the crawl is resumed."""

from __future__ import annotations

import asyncio
import logging

import pytest

from audit.errors import StoreError
from audit.model import PageResult, ScanRun
from audit.report.i18n import Messages
from audit.report.notes import error_text
from audit.store import FrontierItem, FrontierState, ScanStatus, open_store
from audit.webscan import site_crawl
from audit.webscan.crawl_attempts import VANISHED, Isolation, gave_up, visit_counted
from audit.webscan.scanner import BUG_HINT, ScanOptions
from audit.webscan.site_crawl import CrawlSettings
from tests.support.tracebacks import saved_traceback

FAST = ScanOptions(concurrency=2, checks=(), timeout_s=15)
PAGE = ("<!doctype html><html lang='en'><head><meta charset='utf-8'><title>{title}</title>"
        "</head><body><main><h1>{title}</h1>{body}</main></body></html>")
URL = "https://gov.example.cn/"
GAVE_UP = ("internal error: {reason} (the crawl gave up on this page after 3 tries; "
           f"{BUG_HINT})")


@pytest.fixture
def three_pages(bare):
    """Home links to a page that breaks link planning and to a good one; only the broken
    page links to /after.html."""
    for path, title, body in (("/", "Home", "<a href='/bad.html'>B</a><a href='/good.html'>G</a>"),
                              ("/bad.html", "Bad", "<a href='/after.html'>After</a>"),
                              ("/good.html", "Good", ""),
                              ("/after.html", "After", "")):
        bare.answer(path, body=PAGE.format(title=title, body=body).encode())
    return bare


def break_planning(monkeypatch, url: str, fault: BaseException) -> list[str]:
    """Planning the links of ``url`` raises ``fault`` (a bug of ours on that page); the
    list of the tries, filled as they come."""
    tries: list[str] = []
    plan = site_crawl.plan_links

    def broken(links, found_on, *args, **kwargs):
        if found_on == url:
            tries.append(found_on)
            raise fault
        return plan(links, found_on, *args, **kwargs)

    monkeypatch.setattr(site_crawl, "plan_links", broken)
    return tries


def test_a_page_that_breaks_link_planning_is_given_up_after_three_tries(
        shared_crawl, three_pages, tmp_path, monkeypatch, caplog, capfd):
    bad = three_pages.url("/bad.html")
    tries = break_planning(monkeypatch, bad, RuntimeError("planning broke"))
    caplog.set_level(logging.ERROR, logger="audit.webscan.crawl_attempts")
    settings = CrawlSettings(start_urls=(three_pages.url("/"),), max_pages=10, depth=3,
                             sitemaps=False, documents=False)
    with open_store(tmp_path / "a.db") as store:
        scan_id = shared_crawl(store, settings, FAST)
        pages = {page.url: page.error for page in store.iter_pages(scan_id)}
        assert store.scan_status(scan_id) == ScanStatus.FINISHED
        assert store.frontier_counts(scan_id)[FrontierState.DONE] == 3
    saved = saved_traceback(pages[bad])
    assert pages == {three_pages.url("/"): None, three_pages.url("/good.html"): None,
                     bad: gave_up("RuntimeError: planning broke", str(saved))}
    assert saved.read_text(encoding="utf-8").endswith("RuntimeError: planning broke\n")
    saved.unlink()
    assert len(tries) == 3
    assert [record.getMessage() for record in caplog.records] == [
        f"scan {scan_id}: visiting {bad} (desktop) failed, try {n} of 3" for n in (1, 2, 3)]
    assert caplog.text.count("RuntimeError: planning broke") == 3  # each traceback's end
    assert "Traceback" not in capfd.readouterr().err


class Died(BaseException):
    """The process died on this page (as a crashed browser driver or SIGKILL leaves it)."""


def test_a_page_whose_visits_died_three_times_is_given_up_on_the_next_resume(
        shared_crawl, three_pages, tmp_path, monkeypatch):
    bad = three_pages.url("/bad.html")
    tries = break_planning(monkeypatch, bad, Died())
    one = ScanOptions(concurrency=1, checks=(), timeout_s=15)  # nothing else dies with it
    settings = CrawlSettings(start_urls=(three_pages.url("/"),), max_pages=10, depth=3,
                             sitemaps=False, documents=False)
    with open_store(tmp_path / "a.db") as store:
        for resume in (None, 1, 1):
            with pytest.raises(Died):
                shared_crawl(store, settings, one, resume=resume)
        assert shared_crawl(store, settings, one, resume=1) == 1
        pages = {page.url: page.error for page in store.iter_pages(1)}
        assert store.scan_status(1) == ScanStatus.FINISHED
    assert pages == {three_pages.url("/"): None, three_pages.url("/good.html"): None,
                     bad: GAVE_UP.format(reason=VANISHED)}
    assert len(tries) == 3


def test_a_store_error_is_raised_and_no_try_of_the_page(tmp_path):
    """The store away (or any error of ours with its own message: no browser, bad options)
    is no fault of the page: it stops the crawl as before, and the try is taken back
    (``--resume`` later finds the page with its three tries)."""
    with open_store(tmp_path / "a.db") as store:
        scan_id, item = _one_page_claimed(store)

        async def away() -> tuple[PageResult, int]:
            raise StoreError("database is locked")

        with pytest.raises(StoreError, match="^database is locked$"):
            asyncio.run(visit_counted(store, scan_id, item, away))
        assert store.count_attempt(scan_id, URL, "desktop") == 1


@pytest.mark.parametrize("stop", [asyncio.CancelledError, KeyboardInterrupt])
def test_an_interrupted_visit_is_no_try_of_the_page(tmp_path, stop):
    """Ctrl-C (the crawl cancelled, or the interrupt itself) while a page is visited is the
    user's, not the page's: the try is taken back, so three interrupted rounds never give a
    good page up as 'the process scanning it stopped'."""
    with open_store(tmp_path / "a.db") as store:
        scan_id, item = _one_page_claimed(store)

        async def interrupted() -> tuple[PageResult, int]:
            raise stop()

        for _ in range(3):
            with pytest.raises(stop):
                asyncio.run(visit_counted(store, scan_id, item, interrupted))
        assert store.count_attempt(scan_id, URL, "desktop") == 1


def test_a_claimed_entry_says_how_many_of_its_visits_were_started(tmp_path):
    """What the crawl decides whether to visit a page alone by."""
    with open_store(tmp_path / "a.db") as store:
        scan_id, item = _one_page_claimed(store)
        assert item.attempts == 0
        store.count_attempt(scan_id, URL, "desktop")
        store.requeue(scan_id, URL, "desktop")
        assert store.claim(scan_id, 1)[0].attempts == 1


def test_a_page_tried_before_is_visited_alone():
    """A retried page waits for the visits running to end, and the visits claimed after it
    wait for it: if it kills the process again, no other page is in flight to lose a try."""
    isolation, log = Isolation(), []

    async def visit(name: str, alone: bool, gate: asyncio.Event | None = None) -> None:
        async with isolation.visit(alone):
            log.append(f"{name} starts")
            await (gate.wait() if gate else asyncio.sleep(0))
            log.append(f"{name} ends")

    async def crawl() -> None:
        first_may_end = asyncio.Event()
        first = asyncio.create_task(visit("first", False, first_may_end))
        await asyncio.sleep(0)
        retried = asyncio.create_task(visit("retried", True))
        await asyncio.sleep(0)
        later = asyncio.create_task(visit("later", False))
        for _ in range(5):
            await asyncio.sleep(0)
        assert log == ["first starts"]  # the retried page and the one after it wait
        first_may_end.set()
        await asyncio.gather(first, retried, later)

    asyncio.run(crawl())
    assert log == ["first starts", "first ends", "retried starts", "retried ends",
                   "later starts", "later ends"]


def _one_page_claimed(store) -> tuple[int, FrontierItem]:
    """A new scan with URL queued in one viewport and claimed: its id and the entry."""
    scan_id = store.begin_scan(ScanRun(engine="playwright", standard="wcag22aa",
                                       tool_version="0"))
    store.enqueue(scan_id, [(URL, "desktop", 0, None)])
    return scan_id, store.claim(scan_id, 1)[0]


def test_a_page_given_up_reads_in_chinese_too():
    zh = Messages("zh-CN")
    assert error_text(gave_up("RuntimeError: planning broke"), zh) == (
        "内部错误：RuntimeError: planning broke（尝试 3 次后放弃了这个页面；"
        "这是 a11y-audit 的缺陷，请附上 `a11y-audit doctor` 的输出向我们报告）")
    assert error_text(gave_up("RuntimeError: planning broke", "/tmp/a11y-audit-error-1.txt"),
                      zh) == (
        "内部错误：RuntimeError: planning broke（尝试 3 次后放弃了这个页面；"
        "这是 a11y-audit 的缺陷，请附上 `a11y-audit doctor` 的输出和文件 "
        "/tmp/a11y-audit-error-1.txt 向我们报告）")
    assert error_text(gave_up(VANISHED), zh) == (
        "内部错误：检测它的进程中止了（尝试 3 次后放弃了这个页面；"
        "这是 a11y-audit 的缺陷，请附上 `a11y-audit doctor` 的输出向我们报告）")
