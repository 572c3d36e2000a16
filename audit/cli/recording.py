"""Storing a scan while it runs: every page is saved as soon as it is done, so nothing is lost.

    with recording(db, wanted, options, urls, "scan") as recorder:  # opens the store first
        run = scan(urls, options, recorder.on_page(progress))
        recorder.finish(run)
        ok = recorder.report()    # "stored as scan 7 in a11y-audit.db" on stderr

The store is opened before the browser starts, so a bad ``--db`` fails at once (exit 3). The
scan row is created with the first finished page: a scan that never got a page (no browser,
a bad axe script) leaves nothing behind. Ctrl-C marks the scan interrupted, says how many
pages were stored and exits 130.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

import click

from audit import __version__
from audit.cli.exitcodes import ExitCode
from audit.clock import utc_now
from audit.errors import StoreError, UsageError
from audit.model import PageResult, ScanRun
from audit.store import ENV_VAR, ScanStatus, Store, open_store
from audit.store.location import redact
from audit.webscan.axe import load_axe
from audit.webscan.checks.site import SOURCE as SITE_SOURCE
from audit.webscan.scanner import PageCallback, ScanOptions
from audit.webscan.sitepass import site_findings_of

_DB_HELP = "Store the results in this SQLite file or postgresql://USER@HOST/DB URL"


def db_options(*, stores_by_default: bool = True) -> Callable[[Callable[..., Any]], Any]:
    """``--db PATH_OR_URL`` (the ``db`` parameter); with ``stores_by_default`` also
    ``--no-store`` (``no_store``)."""
    def decorate(function: Callable[..., Any]) -> Any:
        if stores_by_default:
            function = click.option("--no-store", is_flag=True,
                                    help="Do not store the results.")(function)
            help_text = f"{_DB_HELP} [default: ${ENV_VAR}, else ./a11y-audit.db]."
        else:
            help_text = f"{_DB_HELP} [default: ${ENV_VAR} if set, else not stored]."
        return click.option("--db", metavar="PATH_OR_URL", help=help_text)(function)
    return decorate


def wants_store(db: str | None, no_store: bool = False, *, by_default: bool = True) -> bool:
    """Whether to store: yes by default (``scan``), or only when asked (``ci``)."""
    if no_store and db:
        raise UsageError("--no-store and --db exclude each other")
    if no_store:
        return False
    return by_default or db is not None or bool(os.environ.get(ENV_VAR))


class ScanRecorder:
    """Saves the pages of one running scan; remembers (not raises) a failing store."""

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
            self.error = err  # the scan goes on; report() says what was not stored

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
        """After Ctrl-C: mark the scan interrupted and say what was kept."""
        if self.store is None:
            click.echo("interrupted", err=True)
            return
        if self.scan_id is None:
            click.echo("interrupted before any page was done; nothing stored", err=True)
            return
        if not self.finished:
            try:
                self.store.finish_scan(self.scan_id, finished_at=utc_now(),
                                       status=ScanStatus.INTERRUPTED)
            except StoreError as err:
                click.echo(f"error: {err}", err=True)
        click.echo(f"interrupted: {self.saved} page(s) stored as scan {self.scan_id} "
                   f"in {self.store.name}", err=True)

    def report(self) -> bool:
        """Say where the scan was stored, or why not all of it was; False on a store error."""
        if self.store is None:
            return True
        where = f"scan {self.scan_id} in {self.store.name}"
        if self.error is not None:
            kept = f"{self.saved} page(s) stored as {where}" if self.scan_id else "nothing stored"
            click.echo(f"error: {self.error} ({kept})", err=True)
            return False
        if self.scan_id is not None:
            click.echo(f"stored as {where}", err=True)
        return True


@contextmanager
def recording(db: str | None, wanted: bool, options: ScanOptions, urls: list[str],
              command: str, target: str | None = None) -> Iterator[ScanRecorder]:
    """Open the store (when ``wanted``), hand out a recorder, and turn Ctrl-C into exit 130."""
    header = ScanRun(engine=options.engine, standard=options.standard,
                     tool_version=__version__, axe_version=load_axe(options.axe_script).version,
                     started_at=utc_now())
    store = open_store(db) if wanted else None
    recorder = ScanRecorder(store, header, scan_settings(options, urls, command), target)
    try:
        yield recorder
    except KeyboardInterrupt:
        recorder.interrupt()
        sys.exit(ExitCode.INTERRUPTED)
    finally:
        if store is not None:
            store.close()


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
