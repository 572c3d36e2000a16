"""Scanning a list of pages: one browser, a tab per worker, every result handed on at once.

Each worker keeps one tab and navigates it page after page. A page that fails becomes a
``PageResult`` with ``error`` set and the scan goes on; a tab that crashed or hung is
replaced; a browser that died is relaunched once, and if it dies again the pages left are
recorded as not scanned. A navigation aborted with nothing shown is tried once more in a fresh
tab, since the page before it in the tab may be the cause. Even a bug of ours on one page is
recorded as that page's error: one page never costs another its result.

What the caller reads in the tab (the crawler's links) is read once the page has loaded and
settled, before axe-core runs: a page on which axe-core fails still yields it. A page on which
axe-core does not finish within ``axe_timeout_s`` is opened again in a fresh tab and axe-core
runs once more, with a budget of its own, without the rules whose time grows with the square
of the number of targets (audit.webscan.slow_rules); the page says what was not checked. So a
page costs at most two loads, two settles and two axe-core budgets.
"""

from __future__ import annotations

import asyncio
import os
import time
from collections.abc import Awaitable, Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from audit import __version__
from audit.clock import utc_now
from audit.errors import AuditError
from audit.model import Note, NoteCode, PageResult, ScanRun, Viewport
from audit.standards import DEFAULT_STANDARD, axe_tags
from audit.webscan import engines
from audit.webscan.axe import AxeScript, axe_options, load_axe, rules_in_run, run_axe, without_rules
from audit.webscan.blocking import default_blocked_hosts
from audit.webscan.checks import CHECK_NAMES, CheckContext, run_checks
from audit.webscan.driver import (
    VIEWPORTS,
    Browser,
    BrowserGone,
    HeldNavigation,
    Navigation,
    NavigationAborted,
    PageFault,
    ScriptTimeout,
    Tab,
    TabBroken,
)
from audit.webscan.findings import findings_from_axe, truncate
from audit.webscan.screenshots import capture
from audit.webscan.settle import DEFAULT_SETTLE_S, settle_where_it_goes
from audit.webscan.sitepass import judge_run
from audit.webscan.slow_rules import QUADRATIC_RULES, not_checked_findings, not_checked_note
from audit.webscan.steps import SessionState
from audit.webscan.templates import TemplateRegistry, run_axe_with_templates
from audit.webscan.url_input import check_url

_HTML_TYPES = ("text/html", "application/xhtml+xml")
_MAX_FRAME_WAIT_S = 10.0
# Measured on a 50,000-element page (python -m bench.bigpage, bench/README.md): it loads in
# seconds, but axe-core needs 40-60 s of an idle 2-core machine (over 130 s on a busy one)
# and the keyboard check 20-50 s. A page stuck in a script is still found within the load
# limit: axe-core is injected under it before it runs under its own.
DEFAULT_AXE_TIMEOUT_S = 180.0
DEFAULT_CHECK_TIMEOUT_S = 90.0
TITLE_LIMIT = 1000  # characters of a page's title kept (a hostile page's may be megabytes)
_RETRIED = Note(NoteCode.RETRIED)  # the first attempt was aborted; opened again in a fresh tab
# Pages opened in one tab before a fresh tab replaces it. Playwright's driver and its Python
# client keep what each navigation made (frames, requests, responses) until the tab's context
# is closed: with one tab a worker, the driver grew ~68 MB and our process ~39 MB every thousand
# pages of a long crawl (bench.memory, bench/README.md). Each Playwright tab is a context of
# its own (``PlaywrightBrowser.new_tab``) and closing the tab closes it, which releases them
# all: the driver holds at most concurrency x TAB_PAGES pages' worth (heap snapshots of it,
# bench/README.md). A fresh tab costs one injection of axe-core.
TAB_PAGES = 100
BUG_HINT = ("this is a bug in a11y-audit: please report it with the output of "
            "`a11y-audit doctor`")


def default_concurrency() -> int:
    """One worker per core: more tabs than cores only adds contention (see bench/README.md)."""
    return max(1, min(os.cpu_count() or 1, 8))


@dataclass(frozen=True)
class ScanOptions:
    standard: str = DEFAULT_STANDARD
    best_practice: bool = False
    viewport: Viewport = Viewport.DESKTOP
    engine: str = "playwright"
    concurrency: int = field(default_factory=default_concurrency)
    timeout_s: float = 30.0  # loading a page; also how long a page may leave a call unanswered
    # axe-core on one page; a page it does not finish is given a second run of this budget
    # without the quadratic rules (audit.webscan.slow_rules)
    axe_timeout_s: float = DEFAULT_AXE_TIMEOUT_S
    check_timeout_s: float = DEFAULT_CHECK_TIMEOUT_S  # each of our own checks on one page
    axe_script: Path | None = None
    remote_url: str | None = None
    browser_args: tuple[str, ...] = ()  # extra Chromium flags (tests, special set-ups)
    # Our own checks after axe (audit.webscan.checks.CHECK_NAMES); () runs axe-core only.
    checks: tuple[str, ...] = CHECK_NAMES
    session: SessionState | None = None  # cookies and headers every tab starts with (login)
    screenshots: int = 0  # element screenshots of up to this many violations per page
    settle_s: float = DEFAULT_SETTLE_S  # the most a page may take to settle (0: no waiting)
    # Trackers whose scripts are not loaded (audit.webscan.blocking); () loads everything.
    blocked_hosts: tuple[str, ...] = field(default_factory=default_blocked_hosts)


def run_options(options: ScanOptions) -> dict[str, Any]:
    """The options every page's ``axe.run`` is given under ``options``."""
    return axe_options(axe_tags(options.standard, options.best_practice),
                       min(options.timeout_s, _MAX_FRAME_WAIT_S))


PageCallback = Callable[[PageResult], None]


def scan(urls: Iterable[str], options: ScanOptions | None = None,
         on_page: PageCallback | None = None) -> ScanRun:
    """Scan ``urls`` and return the run; ``on_page`` sees each page as soon as it is done."""
    return asyncio.run(scan_async(list(urls), options or ScanOptions(), on_page))


async def scan_async(urls: list[str], options: ScanOptions,
                     on_page: PageCallback | None = None,
                     browser: BrowserSession | None = None) -> ScanRun:
    """``browser``: an already started session to scan in, left open for the next scan
    (several scans, e.g. as other users or at other viewports, with one launch); without
    it the scan launches its own browser and closes it."""
    urls = [check_url(url) for url in urls]
    axe = load_axe(options.axe_script)
    axe_tags(options.standard)  # an unknown standard fails before the browser starts
    session = browser or BrowserSession(options)
    if browser is None:
        await session.start()
    run = ScanRun(engine=options.engine, standard=options.standard, tool_version=__version__,
                  axe_version=axe.version, browser_version=session.version,
                  started_at=utc_now())
    queue: asyncio.Queue[str] = asyncio.Queue()
    for url in urls:
        queue.put_nowait(url)

    def record(page: PageResult) -> None:
        run.pages.append(page)
        if on_page:
            on_page(page)

    async def work() -> None:
        worker = PageWorker(session, axe, options)
        try:
            while not queue.empty():
                page, _ = await worker.scan(queue.get_nowait(), options.viewport)
                record(page)
        finally:
            await worker.close()

    try:
        await asyncio.gather(*(work() for _ in range(options.concurrency)))
    finally:
        if browser is None:
            await session.close()
    run.finished_at = utc_now()
    run.browser_version = run.browser_version or session.version
    order = {url: index for index, url in enumerate(urls)}
    run.pages.sort(key=lambda page: order.get(page.url, len(order)))
    judge_run(run, options.checks, options.standard)
    return run


class BrowserSession:
    """The one browser of a scan, relaunched once if it dies."""

    def __init__(self, options: ScanOptions) -> None:
        self._options = options
        self._browser: Browser | None = None
        self._lock = asyncio.Lock()
        self.generation = 0
        self.relaunches_left = 1
        self.version: str | None = None
        self._starting: asyncio.Future[None] | None = None

    def start_soon(self) -> None:
        """Launch the browser in the background: the first tab waits for it, the work before
        (a crawl's robots and sitemaps, an incremental round's pages carried forward) does
        not. A launch that fails raises from ``new_tab``."""
        self._starting = asyncio.ensure_future(self.start())

    async def start(self) -> None:
        self._browser = await engines.launch(self._options.engine,
                                             remote_url=self._options.remote_url,
                                             extra_args=self._options.browser_args)
        self.version = self._browser.version

    async def new_tab(self, viewport: Viewport) -> tuple[Tab, int]:
        if self._starting is not None:
            await asyncio.shield(self._starting)
        if self._browser is None:
            raise BrowserGone("the browser crashed twice; the remaining pages were not scanned")
        tab = await self._browser.new_tab(VIEWPORTS[viewport])
        return tab, self.generation

    async def recover(self, generation: int) -> None:
        """Relaunch after a crash seen by a tab of ``generation`` (once per scan)."""
        async with self._lock:
            if generation != self.generation or self._browser is None:
                return  # another worker already relaunched it, or gave up
            old, self._browser = self._browser, None
            await old.close()
            if self.relaunches_left > 0:
                self.relaunches_left -= 1
                self.generation += 1
                await self.start()

    async def close(self) -> None:
        if self._starting is not None:  # a failed launch matters only to a tab
            await asyncio.gather(self._starting, return_exceptions=True)
        if self._browser is not None:
            self.version = self._browser.version or self.version
            await self._browser.close()


# Runs in the page's tab once it has loaded and settled, before axe-core (the crawler's link
# collector): what it returns is kept even when axe-core then fails on the page.
Gather = Callable[[Tab, PageResult], Awaitable[Any]]


class PageWorker:
    """One worker: a tab per viewport, navigated page after page, replaced when it breaks."""

    def __init__(self, session: BrowserSession, axe: AxeScript, options: ScanOptions,
                 templates: TemplateRegistry | None = None) -> None:
        self._session = session
        self._templates = templates  # a crawl's template regions (None: scan pages whole)
        self._axe = axe
        self._options = options
        self._axe_options = run_options(options)
        self._tabs: dict[Viewport, tuple[Tab, int]] = {}
        self._opened: dict[Viewport, int] = {}  # pages opened in each tab so far
        self._slow_in_run: list[str] | None = None  # which QUADRATIC_RULES the run has

    async def scan(self, url: str, viewport: Viewport,
                   gather: Gather | None = None) -> tuple[PageResult, Any]:
        """The page's result, and what ``gather`` returned (None when it was not run or
        failed). Faults become ``page.error``; they are never raised."""
        if viewport in self._tabs and (self._tabs[viewport][1] != self._session.generation
                                       or self._opened[viewport] >= TAB_PAGES):
            await self._drop_tab(viewport)  # dead (the browser was relaunched since), or worn
        page = PageResult(url=url, viewport=viewport)
        extra = None
        try:
            tab, nav, settled = await self._load(await self._tab(viewport), page)
            if gather is not None:
                extra = await gather(tab, page)
            tab = await self._analyse(tab, page, nav, settled)
            if self._options.checks and page.raw is not None:
                await self._run_checks(tab, page)
            if self._options.screenshots and viewport in self._tabs:
                page.screenshots = await capture(tab, page.findings, self._options.timeout_s,
                                                 self._options.screenshots)
        except BrowserGone as fault:
            page.error = page.error or str(fault)
            await self._recover(viewport)
        except TabBroken as fault:
            page.error = page.error or str(fault)
            await self._drop_tab(viewport)
        except PageFault as fault:
            page.error = page.error or str(fault)
        except AuditError:
            raise  # the scan as a whole cannot go on (no browser, no driver)
        except Exception as err:  # a bug of ours on this page must not cost the other pages
            page.error = f"internal error: {type(err).__name__}: {err} ({BUG_HINT})"
            await self._drop_tab(viewport)
        if viewport in self._tabs:
            page.blocked_requests = self._tabs[viewport][0].blocked
            await self._release(viewport, page)
        page.verified_at = utc_now()  # checked in full now (a carried page keeps its own)
        return page, extra

    async def close(self) -> None:
        for viewport in list(self._tabs):
            await self._drop_tab(viewport)

    async def _tab(self, viewport: Viewport) -> Tab:
        if viewport not in self._tabs:
            tab, generation = await self._session.new_tab(viewport)
            try:
                if self._options.session is not None:
                    await self._options.session.apply(tab)
                if self._options.blocked_hosts:
                    await tab.block(self._options.blocked_hosts)
            except BaseException:
                await tab.close()  # not kept: closed here (a Selenium tab is a browser)
                raise
            self._tabs[viewport] = (tab, generation)
            self._opened[viewport] = 0
        return self._tabs[viewport][0]

    async def _open(self, tab: Tab, page: PageResult) -> tuple[Tab, Navigation]:
        """Navigate to the page; an aborted navigation is tried again in a fresh tab."""
        try:
            return tab, await self._goto(tab, page)
        except NavigationAborted:
            await self._drop_tab(page.viewport)
        tab = await self._tab(page.viewport)
        nav = await self._goto(tab, page)
        nav.notes.insert(0, _RETRIED)
        return tab, nav

    async def _goto(self, tab: Tab, page: PageResult) -> Navigation:
        self._opened[page.viewport] += 1
        return await tab.goto(page.url, self._options.timeout_s)

    async def _load(self, tab: Tab, page: PageResult) -> tuple[Tab, Navigation,
                                                              list[dict[str, Any]]]:
        """Open the page and let it settle: the tab it is in, the navigation, the wait."""
        started = time.monotonic()
        tab, nav = await self._open(tab, page)
        page.final_url, page.status, page.notes = nav.final_url, nav.status, nav.notes
        page.timings_ms["load"] = _ms_since(started)
        if nav.status is not None and nav.status >= 400:
            raise PageFault(f"the server answered HTTP {nav.status}")
        if nav.content_type and not nav.content_type.lower().startswith(_HTML_TYPES):
            raise PageFault(f"not an HTML page (Content-Type: {nav.content_type})")
        settled = await self._settle(tab, page)
        await tab.hold()  # the page is analysed as it is now (``_release``)
        return tab, nav, settled

    async def _analyse(self, tab: Tab, page: PageResult, nav: Navigation,
                       settled: list[dict[str, Any]]) -> Tab:
        """axe-core on the loaded page (again without the slow rules if it did not finish):
        the page's findings; the tab it was done in."""
        started = time.monotonic()
        try:
            raw = await self._run_axe(tab, page.viewport)
        except ScriptTimeout as fault:
            tab, nav, raw = await self._without_slow_rules(page, fault)
        except PageFault as fault:
            raise type(fault)(f"axe-core did not finish: {fault}") from fault
        page.timings_ms["axe"] = _ms_since(started)
        if raw["url"] != nav.final_url:
            page.final_url = raw["url"]
            page.notes.append(Note(NoteCode.WENT_ON, {"url": raw["url"]}))
        page.title = truncate(raw["title"], TITLE_LIMIT) if isinstance(raw.get("title"), str) \
            and raw["title"] else None
        page.raw = {**raw, "settle": settled}
        page.passed_rules = list(raw.get("passes", []))
        page.inapplicable_rules = list(raw.get("inapplicable", []))
        page.findings = findings_from_axe(raw, page.url)
        skipped = raw.get("not_checked", [])
        if skipped:
            page.notes.append(not_checked_note(skipped, self._options.axe_timeout_s))
            page.findings += not_checked_findings(skipped, page.url,
                                                  self._options.axe_timeout_s)
        return tab

    async def _without_slow_rules(self, page: PageResult, fault: ScriptTimeout
                                  ) -> tuple[Tab, Navigation, dict[str, Any]]:
        """axe-core did not finish: the page again in a fresh tab (the old one is still busy
        in axe-core), axe-core with a budget of its own and without the quadratic rules, over
        the whole page (no template region replayed); the tab, the navigation and the results
        (``not_checked``: the rules left out). A run that has none of them (asked before the
        page is opened again: it would be the same run), or a second run that fails, is the
        page's error."""
        first = f"axe-core did not finish: {fault}"
        await self._drop_tab(page.viewport)
        tab = await self._tab(page.viewport)
        skipped = await self._slow_rules(tab)
        if not skipped:
            raise ScriptTimeout(first) from fault
        tab, nav = await self._open(tab, page)
        if self._options.settle_s > 0:
            await settle_where_it_goes(tab, self._options.settle_s, self._options.timeout_s)
        await tab.hold()
        try:
            raw = await run_axe(tab, self._axe, without_rules(self._axe_options, skipped),
                                self._options.timeout_s, self._options.axe_timeout_s)
        except PageFault as again:
            raise type(again)(f"{first}; run again without {', '.join(skipped)}, "
                              f"it did not finish either: {again}") from again
        return tab, nav, {**raw, "not_checked": skipped}

    async def _slow_rules(self, tab: Tab) -> list[str]:
        """Which of the quadratic rules this worker's run has, asked once (in a fresh tab,
        before any page is opened in it: no page can tamper with the answer)."""
        if self._slow_in_run is None:
            self._slow_in_run = await rules_in_run(tab, self._axe, self._axe_options,
                                                   tuple(QUADRATIC_RULES),
                                                   self._options.timeout_s)
        return self._slow_in_run

    async def _settle(self, tab: Tab, page: PageResult) -> list[dict[str, Any]]:
        """Wait for the page to be quiet (settle.py), and for the page it went to meanwhile:
        what each wait gave (none when not asked for, ``settle_s`` 0); a page that never is
        quiet gets a note."""
        if self._options.settle_s <= 0:
            return []
        try:
            waits = await settle_where_it_goes(tab, self._options.settle_s,
                                               self._options.timeout_s)
        except PageFault as fault:
            raise type(fault)(f"the page did not settle: {fault}") from fault
        if waits[-1].note:
            page.notes.append(waits[-1].note)
        return [settled.record() for settled in waits]

    async def _run_axe(self, tab: Tab, viewport: Viewport) -> dict[str, Any]:
        timeout, run_s = self._options.timeout_s, self._options.axe_timeout_s
        if self._templates is None:
            return await run_axe(tab, self._axe, self._axe_options, timeout, run_s)
        return await run_axe_with_templates(tab, self._axe, self._axe_options, self._templates,
                                            str(viewport), timeout, run_s)

    async def _run_checks(self, tab: Tab, page: PageResult) -> None:
        """Our own checks, after axe (on a quiet page again, unless it never was); a failing
        check is a note and axe's results stay."""
        started = time.monotonic()
        waits = (page.raw or {}).get("settle") or []
        if waits and waits[-1]["settled"]:
            waits += await self._settle(tab, page)
        context = CheckContext(tab, VIEWPORTS[page.viewport], self._options.check_timeout_s)
        checks = await run_checks(context, self._options.checks, page.url,
                                  self._options.standard)
        page.timings_ms["checks"] = _ms_since(started)
        page.raw = {**(page.raw or {}), "checks": checks.raw, "checks_ms": checks.timings_ms}
        page.notes += checks.notes
        page.findings += checks.findings
        if isinstance(checks.broken, BrowserGone):
            await self._recover(page.viewport)
        elif checks.broken is not None:
            await self._drop_tab(page.viewport)

    async def _release(self, viewport: Viewport, page: PageResult) -> None:
        """Let the tab navigate again for the next page; a navigation the page tried while
        it was analysed is noted (a tab that cannot let go is not used again)."""
        try:
            held = await self._tabs[viewport][0].release()
        except PageFault:
            await self._drop_tab(viewport)
            return
        if held:
            page.notes.append(held_note(held))

    async def _recover(self, viewport: Viewport) -> None:
        generation = self._tabs[viewport][1] if viewport in self._tabs else None
        await self._drop_tab(viewport)
        for other in list(self._tabs):  # every tab of a dead browser is dead
            await self._drop_tab(other)
        if generation is not None:
            await self._session.recover(generation)

    async def _drop_tab(self, viewport: Viewport) -> None:
        if viewport in self._tabs:
            tab, _ = self._tabs.pop(viewport)
            await tab.close()


def held_note(held: list[HeldNavigation]) -> Note:
    """The note for the navigations a page tried while it was analysed: the first it tried
    by itself (before any key our checks pressed), else the first at all."""
    own = [navigation for navigation in held if not navigation.after_keys]
    first = (own or held)[0]
    code = NoteCode.HELD_NAVIGATION if own else NoteCode.HELD_NAVIGATION_AFTER_KEYS
    return Note(code, {"url": first.url})


def _ms_since(started: float) -> int:
    return round((time.monotonic() - started) * 1000)

