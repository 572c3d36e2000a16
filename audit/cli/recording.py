"""Storing a scan from the command line while it runs (the saving is ``webscan.recording``).

    with recording(db, wanted, options, urls, "scan", lang=lang) as recorder:  # store first
        run = scan(urls, options, recorder.on_page(progress))
        recorder.finish(run)
        ok = said(recorder, lang)    # "stored as scan 7 in a11y-audit.db" on stderr

The store is opened before the browser starts, so a bad ``--db`` fails at once (exit 3).
Ctrl-C marks the scan interrupted, says how many pages were stored and exits 130. What is said
is in the language asked for (``progress.*`` of the report's words); a store's own error
message stays as the store gives it.
"""

from __future__ import annotations

import sys
from collections.abc import Iterator
from contextlib import contextmanager

import click

from audit.cli.exitcodes import ExitCode
from audit.errors import StoreError
from audit.report.i18n import Messages
from audit.store import open_store
from audit.webscan.recording import ScanRecorder, scan_header, scan_settings
from audit.webscan.scanner import ScanOptions


@contextmanager
def recording(db: str | None, wanted: bool, options: ScanOptions, urls: list[str],
              command: str, target: str | None = None, *,
              lang: str) -> Iterator[ScanRecorder]:
    """Open the store (when ``wanted``), hand out a recorder, and turn Ctrl-C into exit 130."""
    header = scan_header(options)
    store = open_store(db) if wanted else None
    recorder = ScanRecorder(store, header, scan_settings(options, urls, command), target)
    try:
        yield recorder
    except KeyboardInterrupt:
        _interrupted(recorder, Messages(lang))
        sys.exit(ExitCode.INTERRUPTED)
    finally:
        if store is not None:
            store.close()


def said(recorder: ScanRecorder, lang: str) -> bool:
    """Say where the scan was stored, or why not all of it was; False on a store error."""
    if recorder.store is None:
        return True
    msg = Messages(lang)
    if recorder.error is not None:
        kept = _kept(recorder, msg) if recorder.scan_id else msg.t("progress.nothing_stored")
        click.echo(msg.t("progress.store_failed", error=recorder.error, kept=kept), err=True)
        return False
    if recorder.scan_id is not None:
        click.echo(msg.t("progress.scan_stored", id=recorder.scan_id, store=recorder.store.name),
                   err=True)
    return True


def _interrupted(recorder: ScanRecorder, msg: Messages) -> None:
    if recorder.store is None:
        click.echo(msg.t("progress.interrupted_unstored"), err=True)
        return
    if recorder.scan_id is None:
        click.echo(msg.t("progress.interrupted_first"), err=True)
        return
    try:
        recorder.interrupt()
    except StoreError as err:
        click.echo(f"error: {err}", err=True)
    click.echo(msg.t("progress.interrupted_kept", kept=_kept(recorder, msg)), err=True)


def _kept(recorder: ScanRecorder, msg: Messages) -> str:
    assert recorder.store is not None
    return msg.t("progress.kept", pages=recorder.saved, id=recorder.scan_id,
                 store=recorder.store.name)
