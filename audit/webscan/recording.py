"""Recording a scan into the store while it runs: every page is saved as soon as it is done,
so nothing is lost when the scan stops half-way.

    recorder = ScanRecorder(store, scan_header(options), scan_settings(options, urls, "scan"))
    run = scan(urls, options, recorder.on_page(progress))
    recorder.finish(run)

The scan row is created with the first finished page: a scan that never got a page (no browser,
a bad axe script) leaves nothing behind. A failing store is remembered, not raised, so the scan
goes on and the caller says what was kept (``stored``, ``failure``).
"""

from __future__ import annotations

from typing import Any

from audit import __version__
from audit.clock import utc_now
from audit.errors import StoreError
from audit.model import PageResult, ScanRun
from audit.store import ScanStatus, Store
from audit.store.location import redact
from audit.webscan.axe import load_axe
from audit.webscan.checks.site import SOURCE as SITE_SOURCE
from audit.webscan.scanner import PageCallback, ScanOptions
from audit.webscan.sitepass import site_findings_of


class ScanRecorder:
    """Saves the pages of one running scan into ``store`` (None: nothing is stored)."""

    def __init__(self, store: Store | None, header: ScanRun, options: dict[str, Any],
                 target: str | None = None) -> None:
        self.store = store
        self.scan_id: int | None = None
        self.saved = 0
        self.error: StoreError | None = None
        self.finished = False
        self._header = header
        self._options = options
        self._target = target

    def on_page(self, then: PageCallback | None = None) -> PageCallback:
        """The scanner's ``on_page``: save the page, then call ``then`` (progress display)."""
        def callback(page: PageResult) -> None:
            self.save(page)
            if then:
                then(page)
        return callback

    def save(self, page: PageResult) -> None:
        if self.store is None or self.error is not None:
            return
        try:
            if self.scan_id is None:
                self.scan_id = self.store.begin_scan(self._header, options=self._options,
                                                     target=self._target)
            self.store.save_page(self.scan_id, page)
            self.saved += 1
        except StoreError as err:
            self.error = err  # the scan goes on; the caller says what was not stored

    def finish(self, run: ScanRun) -> None:
        """Close the scan as finished, with the versions the browser reported and the
        findings of the site-level checks (judged once every page was done)."""
        self.finished = True
        if self.store is None or self.scan_id is None or self.error is not None:
            return
        try:
            self.store.update_scan_versions(self.scan_id, axe_version=run.axe_version,
                                            browser_version=run.browser_version)
            self.store.replace_source_findings(self.scan_id, SITE_SOURCE, site_findings_of(run))
            self.store.finish_scan(self.scan_id, finished_at=run.finished_at or utc_now())
        except StoreError as err:
            self.error = err

    def interrupt(self) -> None:
        """After Ctrl-C: mark an unfinished scan interrupted (it keeps its pages).

        Raises ``StoreError`` when the store refuses."""
        if self.store is not None and self.scan_id is not None and not self.finished:
            self.store.finish_scan(self.scan_id, finished_at=utc_now(),
                                   status=ScanStatus.INTERRUPTED)


def scan_header(options: ScanOptions) -> ScanRun:
    """The run a recorded scan starts with (pages and versions come later)."""
    return ScanRun(engine=options.engine, standard=options.standard,
                   tool_version=__version__, axe_version=load_axe(options.axe_script).version,
                   started_at=utc_now())


def scan_settings(options: ScanOptions, urls: list[str], command: str) -> dict[str, Any]:
    """What the scan was asked to do, kept with it (``show`` orders pages by ``urls``)."""
    return {
        "command": command,
        "urls": urls,
        "viewport": str(options.viewport),
        "best_practice": options.best_practice,
        "concurrency": options.concurrency,
        "timeout_s": options.timeout_s,
        "settle_s": options.settle_s,
        "checks": list(options.checks),
        "axe_script": str(options.axe_script) if options.axe_script else None,
        "remote_url": redact(options.remote_url) if options.remote_url else None,
    }
