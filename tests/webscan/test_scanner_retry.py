"""The scanner's own rules for a page that fails, through an in-memory tab (the browser is
what users touch; these rules are ours): an aborted navigation is tried once more in a fresh
tab, and a bug of ours on one page is that page's error while the next page is scanned."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass, field
from typing import Any

from audit.model import Viewport
from audit.report.notes import english_note
from audit.webscan.axe import load_axe
from audit.webscan.driver import HeldNavigation, Navigation, NavigationAborted
from audit.webscan.scanner import TAB_PAGES, PageWorker, ScanOptions

AXE = load_axe()
RETRIED = ("the first attempt to open the page was aborted (the page before it in the tab "
           "can cause that); it was opened again in a fresh tab")


@dataclass
class MemoryTab:
    """Opens any URL; ``abort`` and ``broken`` are the URLs it fails on, and how."""

    abort: set[str] = field(default_factory=set)
    broken: set[str] = field(default_factory=set)
    closed: bool = False
    url: str = ""

    async def goto(self, url: str, timeout_s: float) -> Navigation:
        if url in self.abort:
            raise NavigationAborted(f"aborted {url}")
        self.url = url
        return Navigation(final_url=url, status=200, content_type="text/html")

    async def inject(self, source: str, timeout_s: float, unless: str | None = None) -> None:
        return None

    async def preload(self, source: str, timeout_s: float, slot: str | None = None) -> None:
        return None

    async def evaluate(self, function: str, arg: Any, timeout_s: float) -> Any:
        if self.url in self.broken:
            raise RuntimeError("a bug of ours")
        return {"url": self.url, "title": "T", "testEngine": {"version": AXE.version},
                "violations": [], "incomplete": [], "passes": ["document-title"],
                "inapplicable": []}

    async def block(self, hosts: tuple[str, ...]) -> None:
        return None

    @property
    def blocked(self) -> int:
        return 0

    async def hold(self) -> None:
        return None

    async def release(self) -> list[HeldNavigation]:
        return []

    async def close(self) -> None:
        self.closed = True


@dataclass
class MemorySession:
    """Hands out the prepared tabs in order."""

    tabs: list[MemoryTab]
    generation: int = 0
    given: list[MemoryTab] = field(default_factory=list)

    async def new_tab(self, viewport: Viewport) -> tuple[MemoryTab, int]:
        tab = self.tabs.pop(0)
        self.given.append(tab)
        return tab, self.generation


def scan_pages(session: MemorySession, *urls: str) -> list[Any]:
    async def run() -> list[Any]:
        options = ScanOptions(checks=(), settle_s=0)  # no page here to settle
        worker = PageWorker(session, AXE, options)  # type: ignore[arg-type]
        pages = [(await worker.scan(url, Viewport.DESKTOP))[0] for url in urls]
        await worker.close()
        return pages

    return asyncio.run(run())


def test_an_aborted_navigation_is_tried_once_more_in_a_fresh_tab():
    first, fresh = MemoryTab(abort={"http://a/"}), MemoryTab()
    session = MemorySession([first, fresh])
    (page,) = scan_pages(session, "http://a/")
    assert page.error is None and [english_note(n) for n in page.notes] == [RETRIED]
    assert page.passed_rules == ["document-title"]
    assert first.closed and session.given == [first, fresh]


def test_a_page_aborted_twice_is_recorded_and_not_tried_a_third_time():
    session = MemorySession([MemoryTab(abort={"http://a/"}), MemoryTab(abort={"http://a/"}),
                             MemoryTab()])
    (page,) = scan_pages(session, "http://a/")
    assert page.error == "aborted http://a/"
    assert len(session.given) == 2


def test_a_bug_of_ours_on_one_page_costs_only_that_page():
    broken, fresh = MemoryTab(broken={"http://a/"}), MemoryTab()
    session = MemorySession([broken, fresh])
    first, second = scan_pages(session, "http://a/", "http://b/")
    assert first.error == ("internal error: RuntimeError: a bug of ours (this is a bug in "
                           "a11y-audit: please report it with the output of "
                           "`a11y-audit doctor`)")
    assert broken.closed  # its state is unknown: the next page gets a fresh tab
    assert second.error is None and second.passed_rules == ["document-title"]


def test_a_tab_is_replaced_by_a_fresh_one_after_tab_pages_pages():
    """What Playwright keeps of each navigation lives as long as the tab: a long crawl's worker
    opens a fresh tab every TAB_PAGES pages and closes the worn one."""
    tabs = [MemoryTab(), MemoryTab(), MemoryTab()]
    session = MemorySession(list(tabs))
    urls = [f"http://a/{n}" for n in range(2 * TAB_PAGES + 1)]
    pages = scan_pages(session, *urls)
    assert [page.error for page in pages] == [None] * len(urls)
    assert session.given == tabs
    assert [tab.url for tab in tabs] == [urls[TAB_PAGES - 1], urls[2 * TAB_PAGES - 1], urls[-1]]
    assert [tab.closed for tab in tabs] == [True, True, True]  # the last by worker.close()
