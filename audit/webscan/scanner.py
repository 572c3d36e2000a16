"""Scanning a list of pages: one browser, a tab per worker, every result handed on at once.

Each worker keeps one tab and navigates it page after page. A page that fails becomes a
``PageResult`` with ``error`` set and the scan goes on; a tab that crashed or hung is
replaced; a browser that died is relaunched once, and if it dies again the pages left are
recorded as not scanned.
"""

from __future__ import annotations

import asyncio
import os
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from audit import __version__
from audit.model import PageResult, ScanRun, Viewport
from audit.standards import DEFAULT_STANDARD, axe_tags
from audit.webscan import engines
from audit.webscan.axe import AxeScript, axe_options, load_axe, run_axe
from audit.webscan.checks import CHECK_NAMES, CheckContext, run_checks
from audit.webscan.driver import VIEWPORTS, Browser, BrowserGone, PageFault, Tab, TabBroken
from audit.webscan.findings import findings_from_axe
from audit.webscan.urls import check_url

_HTML_TYPES = ("text/html", "application/xhtml+xml")
_MAX_FRAME_WAIT_S = 10.0


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
    timeout_s: float = 30.0
    axe_script: Path | None = None
    remote_url: str | None = None
    browser_args: tuple[str, ...] = ()  # extra Chromium flags (tests, special set-ups)
    # Our own checks after axe (audit.webscan.checks.CHECK_NAMES); () runs axe-core only.
    checks: tuple[str, ...] = CHECK_NAMES


PageCallback = Callable[[PageResult], None]


def scan(urls: Iterable[str], options: ScanOptions | None = None,
         on_page: PageCallback | None = None) -> ScanRun:
    """Scan ``urls`` and return the run; ``on_page`` sees each page as soon as it is done."""
    return asyncio.run(scan_async(list(urls), options or ScanOptions(), on_page))


async def scan_async(urls: list[str], options: ScanOptions,
                     on_page: PageCallback | None = None) -> ScanRun:
    urls = [check_url(url) for url in urls]
    axe = load_axe(options.axe_script)
    axe_tags(options.standard)  # an unknown standard fails before the browser starts
    session = _BrowserSession(options)
    await session.start()
    run = ScanRun(engine=options.engine, standard=options.standard, tool_version=__version__,
                  axe_version=axe.version, browser_version=session.version,
                  started_at=_now())
    queue: asyncio.Queue[str] = asyncio.Queue()
    for url in urls:
        queue.put_nowait(url)

    def record(page: PageResult) -> None:
        run.pages.append(page)
        if on_page:
            on_page(page)

    workers = [_Worker(session, axe, options, record) for _ in range(options.concurrency)]
    try:
        await asyncio.gather(*(worker.run(queue) for worker in workers))
    finally:
        await session.close()
    run.finished_at = _now()
    run.browser_version = run.browser_version or session.version
    order = {url: index for index, url in enumerate(urls)}
    run.pages.sort(key=lambda page: order.get(page.url, len(order)))
    return run


class _BrowserSession:
    """The one browser of a scan, relaunched once if it dies."""

    def __init__(self, options: ScanOptions) -> None:
        self._options = options
        self._browser: Browser | None = None
        self._lock = asyncio.Lock()
        self.generation = 0
        self.relaunches_left = 1
        self.version: str | None = None

    async def start(self) -> None:
        self._browser = await engines.launch(self._options.engine,
                                             remote_url=self._options.remote_url,
                                             extra_args=self._options.browser_args)
        self.version = self._browser.version

    async def new_tab(self) -> tuple[Tab, int]:
        if self._browser is None:
            raise BrowserGone("the browser crashed twice; the remaining pages were not scanned")
        tab = await self._browser.new_tab(VIEWPORTS[self._options.viewport])
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
        if self._browser is not None:
            self.version = self._browser.version or self.version
            await self._browser.close()


class _Worker:
    def __init__(self, session: _BrowserSession, axe: AxeScript, options: ScanOptions,
                 record: PageCallback) -> None:
        self._session = session
        self._axe = axe
        self._options = options
        self._record = record
        self._axe_options = axe_options(axe_tags(options.standard, options.best_practice),
                                        min(options.timeout_s, _MAX_FRAME_WAIT_S))
        self._tab: Tab | None = None
        self._generation = 0

    async def run(self, queue: asyncio.Queue[str]) -> None:
        try:
            while not queue.empty():
                url = queue.get_nowait()
                self._record(await self._scan_one(url))
        finally:
            await self._drop_tab()

    async def _scan_one(self, url: str) -> PageResult:
        page = PageResult(url=url, viewport=self._options.viewport)
        try:
            if self._tab is None:
                self._tab, self._generation = await self._session.new_tab()
            await self._scan_page(self._tab, page)
            if self._options.checks and page.raw is not None:
                await self._run_checks(self._tab, page)
        except BrowserGone as fault:
            page.error = str(fault)
            await self._drop_tab()
            await self._session.recover(self._generation)
        except TabBroken as fault:
            page.error = str(fault)
            await self._drop_tab()
        except PageFault as fault:
            page.error = str(fault)
        return page

    async def _scan_page(self, tab: Tab, page: PageResult) -> None:
        timeout = self._options.timeout_s
        started = time.monotonic()
        nav = await tab.goto(page.url, timeout)
        page.final_url, page.status, page.notes = nav.final_url, nav.status, nav.notes
        page.timings_ms["load"] = _ms_since(started)
        if nav.status is not None and nav.status >= 400:
            raise PageFault(f"the server answered HTTP {nav.status}")
        if nav.content_type and not nav.content_type.lower().startswith(_HTML_TYPES):
            raise PageFault(f"not an HTML page (Content-Type: {nav.content_type})")
        started = time.monotonic()
        raw = await run_axe(tab, self._axe, self._axe_options, timeout)
        page.timings_ms["axe"] = _ms_since(started)
        page.title = raw.get("title") or None
        page.raw = raw
        page.passed_rules = list(raw.get("passes", []))
        page.inapplicable_rules = list(raw.get("inapplicable", []))
        page.findings = findings_from_axe(raw, page.url)

    async def _run_checks(self, tab: Tab, page: PageResult) -> None:
        """Our own checks, after axe; a failing check is a note and axe's results stay."""
        started = time.monotonic()
        context = CheckContext(tab, VIEWPORTS[self._options.viewport], self._options.timeout_s)
        checks = await run_checks(context, self._options.checks, page.url,
                                  self._options.standard)
        page.timings_ms["checks"] = _ms_since(started)
        page.raw = {**(page.raw or {}), "checks": checks.raw, "checks_ms": checks.timings_ms}
        page.notes += checks.notes
        page.findings += checks.findings
        if checks.broken is not None:
            await self._drop_tab()
            if isinstance(checks.broken, BrowserGone):
                await self._session.recover(self._generation)

    async def _drop_tab(self) -> None:
        if self._tab is not None:
            tab, self._tab = self._tab, None
            await tab.close()


def _ms_since(started: float) -> int:
    return round((time.monotonic() - started) * 1000)


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")
