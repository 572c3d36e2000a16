"""Storing a scan from the command line while it runs (the saving is ``webscan.recording``).

    with recording(db, wanted, options, urls, "scan") as recorder:  # opens the store first
        run = scan(urls, options, recorder.on_page(progress))
        recorder.finish(run)
        ok = said(recorder)    # "stored as scan 7 in a11y-audit.db" on stderr

The store is opened before the browser starts, so a bad ``--db`` fails at once (exit 3).
Ctrl-C marks the scan interrupted, says how many pages were stored and exits 130.
"""

from __future__ import annotations

import sys
from collections.abc import Iterator
from contextlib import contextmanager

import click

from audit.cli.exitcodes import ExitCode
from audit.errors import StoreError
from audit.store import open_store
from audit.webscan.recording import ScanRecorder, scan_header, scan_settings
from audit.webscan.scanner import ScanOptions


@contextmanager
def recording(db: str | None, wanted: bool, options: ScanOptions, urls: list[str],
              command: str, target: str | None = None) -> Iterator[ScanRecorder]:
    """Open the store (when ``wanted``), hand out a recorder, and turn Ctrl-C into exit 130."""
    header = scan_header(options)
    store = open_store(db) if wanted else None
    recorder = ScanRecorder(store, header, scan_settings(options, urls, command), target)
    try:
        yield recorder
    except KeyboardInterrupt:
        _interrupted(recorder)
        sys.exit(ExitCode.INTERRUPTED)
    finally:
        if store is not None:
            store.close()


def said(recorder: ScanRecorder) -> bool:
    """Say where the scan was stored, or why not all of it was; False on a store error."""
    if recorder.store is None:
        return True
    if recorder.error is not None:
        kept = (f"{recorder.saved} page(s) stored as {recorder.where}" if recorder.scan_id
                else "nothing stored")
        click.echo(f"error: {recorder.error} ({kept})", err=True)
        return False
    if recorder.scan_id is not None:
        click.echo(f"stored as {recorder.where}", err=True)
    return True


def _interrupted(recorder: ScanRecorder) -> None:
    if recorder.store is None:
        click.echo("interrupted", err=True)
        return
    if recorder.scan_id is None:
        click.echo("interrupted before any page was done; nothing stored", err=True)
        return
    try:
        recorder.interrupt()
    except StoreError as err:
        click.echo(f"error: {err}", err=True)
    click.echo(f"interrupted: {recorder.saved} page(s) stored as {recorder.where}", err=True)
