"""Our own scanner over our own pages (the field app, the report) with one browser for a
whole test session (the ``own_scanner`` fixture) or module: each ``scan`` is a full scan
(axe-core, our own checks, the site-level judging of its pages) as
``audit.webscan.scanner.scan`` makes it, in the same Chromium.

The own scans ask for zero violations, so they run ``OWN_CHECKS``: every default check but
those that only ever ask for a review. ``image-of-text`` is one (its findings are needs-review,
tests/webscan/checks/test_images_of_text.py) and reads every large picture with OCR: seconds
per report, which would tell those tests nothing.

The scans run on an event loop of their own in a background thread, so that the browser
outlives each call; the tests stay synchronous. ``crawl`` crawls in the same browser, with
options of the test's own.
"""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Coroutine
from dataclasses import replace
from typing import Any, TypeVar

from audit.model import ScanRun, Viewport
from audit.store import Store
from audit.webscan.checks import CHECK_NAMES
from audit.webscan.driver import Tab
from audit.webscan.scanner import BrowserSession, ScanOptions, scan_async
from audit.webscan.site_crawl import CrawlSettings, crawl_async

T = TypeVar("T")
REVIEW_ONLY_CHECKS = ("image-of-text",)
OWN_CHECKS = tuple(name for name in CHECK_NAMES if name not in REVIEW_ONLY_CHECKS)


class SharedScanner:
    """``with SharedScanner(options) as scanner: scanner.scan(urls, viewport=...)``."""

    def __init__(self, options: ScanOptions) -> None:
        self.options = options
        self._loop = asyncio.new_event_loop()
        self._thread = threading.Thread(target=self._loop.run_forever, daemon=True)
        self._session = BrowserSession(options)

    def __enter__(self) -> SharedScanner:
        self._thread.start()
        try:
            self._call(self._session.start())
        except BaseException:
            self._stop()
            raise
        return self

    def __exit__(self, *exc: object) -> None:
        try:
            self._call(self._session.close())
        finally:
            self._stop()

    def scan(self, urls: list[str], **changes: Any) -> ScanRun:
        """Scan ``urls`` with the options given to the scanner, ``changes`` applied (a
        viewport, a session); every call is a run of its own, judged on its own."""
        return self.scans((urls, changes))[0]

    def scans(self, *calls: tuple[list[str], dict[str, Any]]) -> list[ScanRun]:
        """Several scans side by side in this browser, each ``(urls, changes)`` a run of its
        own as ``scan`` makes it; the runs in the order asked. A scan's tabs often wait on
        the page (a key press, an animation, the settle window) or on the scan's last page,
        and the other scans' tabs use that time."""

        async def side_by_side() -> list[ScanRun]:
            return list(await asyncio.gather(*(
                scan_async(urls, replace(self.options, **changes), browser=self._session)
                for urls, changes in calls)))

        return self._call(side_by_side())

    def crawl(self, store: Store, settings: CrawlSettings, options: ScanOptions,
              **kwargs: Any) -> int:
        """``crawl(store, settings, options, **kwargs)`` in this scanner's browser: a crawl of
        its own (its own tabs, options and judging); the scan id. ``options`` must launch the
        same browser as the scanner's (engine, remote URL, arguments)."""
        launch = ("engine", "remote_url", "browser_args")
        if any(getattr(options, name) != getattr(self.options, name) for name in launch):
            raise ValueError("this crawl needs a browser of its own: its options launch "
                             "another one than the shared scanner's")
        return self._call(crawl_async(store, settings, options, browser=self._session,
                                      **kwargs))

    def run(self, work: Coroutine[Any, Any, T]) -> T:
        """``work`` on this scanner's event loop, where its browser lives: for a test that
        drives tabs of its own (``new_tab``)."""
        return self._call(work)

    async def new_tab(self, viewport: Viewport) -> Tab:
        """A fresh tab in this browser, as fresh as in a browser of its own; the caller
        closes it. A launch costs more than most tests that drive a tab."""
        tab, _generation = await self._session.new_tab(viewport)
        return tab

    def _call(self, work: Coroutine[Any, Any, T]) -> T:
        return asyncio.run_coroutine_threadsafe(work, self._loop).result()

    def _stop(self) -> None:
        self._loop.call_soon_threadsafe(self._loop.stop)
        self._thread.join(timeout=30)
        self._loop.close()
