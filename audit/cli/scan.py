"""``a11y-audit scan``: scan pages and print or write the results."""

from __future__ import annotations

import asyncio
import json
import sys
from collections.abc import Callable
from pathlib import Path

import click
from rich.console import Console

from audit import __version__
from audit.cli.exitcodes import ExitCode
from audit.cli.options import (
    Report,
    check_remote,
    checks_options,
    collect_urls,
    db_options,
    engine_options,
    gate_options,
    gate_settings,
    lang_option,
    pace_options,
    report_option,
    selected_checks,
    standard_options,
    url_arguments,
    viewport_option,
    wants_store,
)
from audit.cli.outcome import finish
from audit.cli.progress import page_line, scan_bar
from audit.cli.recording import recording, said
from audit.clock import utc_now
from audit.errors import UsageError
from audit.model import PageResult, ScanRun, Viewport
from audit.report.i18n import Messages
from audit.report.scan_json import scan_document
from audit.report.scan_text import render_text
from audit.webscan.crawl.filetypes import DOCUMENT_EXTENSIONS, LinkKind, link_kind
from audit.webscan.documents import DocumentOptions, check_all
from audit.webscan.recording import ScanRecorder
from audit.webscan.scanner import ScanOptions, scan


@click.command(name="scan")
@url_arguments
@standard_options
@viewport_option
@engine_options
@pace_options
@click.option("--axe-script", type=click.Path(dir_okay=False, path_type=Path),
              help="Use this axe-core build (axe.min.js) instead of the bundled one.")
@click.option("--max-document-mb", type=click.FloatRange(0.01, 2048), default=50.0,
              show_default=True, help="Do not download documents larger than this.")
@checks_options
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text",
              show_default=True)
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path),
              help="Write the result to FILE instead of standard output.")
@db_options()
@click.option("--target", metavar="NAME",
              help="Store the scan under this target (a site audited round after round).")
@gate_options(default_fail_on=None)
@report_option
@lang_option
def command(urls: tuple[str, ...], url_file: Path | None, standard: str, best_practice: bool,
            viewport: str, engine: str, remote_url: str | None, concurrency: int,
            timeout_s: float, settle_s: float, axe_script: Path | None, max_document_mb: float,
            checks: str,
            no_checks: bool, profiles: tuple[str, ...], fmt: str,
            output: Path | None, db: str | None, no_store: bool, target: str | None,
            fail_on: str | None,
            max_violations: int | None, baseline_file: Path | None, update_baseline: bool,
            reports: tuple[Report, ...], lang: str) -> None:
    """Scan web pages for WCAG failures with axe-core and our own checks in Chromium, and check
    documents (PDF, Word, Excel, PowerPoint) given by URL or as local files or folders.

    Each page is stored as soon as it is done (--db, default ./a11y-audit.db). Exit 0 when the
    scan ran, unless a gate flag (--fail-on, --max-violations, --baseline) is given.
    """
    selected = selected_checks(checks, no_checks, profiles)
    settings = gate_settings(fail_on, max_violations, baseline_file, update_baseline)
    baseline = settings.load_baseline()
    targets, documents = split_targets(urls, url_file)
    check_remote(engine, remote_url, lang)
    options = ScanOptions(standard=standard, best_practice=best_practice,
                          viewport=Viewport(viewport), engine=engine, remote_url=remote_url,
                          concurrency=max(1, min(concurrency, len(targets))),
                          timeout_s=timeout_s, settle_s=settle_s, axe_script=axe_script,
                          checks=selected)
    with recording(db, wants_store(db, no_store), options, targets + documents, "scan",
                   target, lang=lang) as recorder:
        msg = Messages(lang)
        run = _scan_with_progress(targets, options, recorder, msg) if targets else \
            _no_pages(options)
        run.pages += asyncio.run(check_all(
            documents, DocumentOptions(max_mb=max_document_mb),
            concurrency=max(1, concurrency // 2), on_page=recorder.on_page(_log(msg))))
        run.finished_at = utc_now()
        recorder.finish(run)
        _write(run, fmt, output, recorder.scan_id if recorder.error is None else None, lang)
        stored = said(recorder, lang)
    code = finish(run, settings, reports, baseline, lang=lang, summary_to_stderr=True)
    sys.exit(code if stored else max(code, ExitCode.ENVIRONMENT))


def split_targets(args: tuple[str, ...], url_file: Path | None) -> tuple[list[str], list[str]]:
    """Pages to scan, and documents to check: URLs ending in a document extension (from the
    arguments and --urls FILE), local files, and the documents in local folders."""
    urls = [arg for arg in args if "://" in arg]
    documents = [str(path) for arg in args if "://" not in arg for path in _local(arg)]
    pages = collect_urls(tuple(urls), url_file) if urls or url_file or not documents else []
    found = [url for url in pages if link_kind(url) is LinkKind.DOCUMENT]
    return [url for url in pages if url not in found], found + documents


def _local(arg: str) -> list[Path]:
    path = Path(arg)
    if path.is_dir():
        return sorted(p for p in path.rglob("*")
                      if p.is_file() and p.suffix.lower() in DOCUMENT_EXTENSIONS)
    if path.is_file():
        return [path]
    raise UsageError(f"{arg}: no such file or folder, and not an http(s) URL")


def _no_pages(options: ScanOptions) -> ScanRun:
    """The run of a scan that has documents only: no browser is started."""
    return ScanRun(engine=options.engine, standard=options.standard, tool_version=__version__,
                   started_at=utc_now())


def _log(msg: Messages) -> Callable[[PageResult], None]:
    """One line a page on stderr, for CI logs and documents."""
    console = Console(stderr=True)

    def log(page: PageResult) -> None:
        console.print(page_line(page, msg), highlight=False, markup=False,
                      soft_wrap=True)
    return log


def _scan_with_progress(targets: list[str], options: ScanOptions, recorder: ScanRecorder,
                        msg: Messages) -> ScanRun:
    """A live progress bar on a terminal; one line per page otherwise (CI logs)."""
    console = Console(stderr=True)
    if not console.is_terminal:
        return scan(targets, options, recorder.on_page(_log(msg)))
    with scan_bar(console, msg) as progress:
        task = progress.add_task("scan", total=len(targets), errors=0)

        def advance(page: PageResult) -> None:
            errors = progress.tasks[0].fields["errors"] + bool(page.error)
            progress.update(task, advance=1, errors=errors)

        return scan(targets, options, recorder.on_page(advance))


def _write(run: ScanRun, fmt: str, output: Path | None, scan_id: int | None,
           lang: str) -> None:
    if fmt == "json":
        document = scan_document(run)
        if scan_id is not None:
            document["scan_id"] = scan_id
        text = json.dumps(document, ensure_ascii=False, indent=2) + "\n"
        if output:
            output.write_text(text, encoding="utf-8")
        else:
            sys.stdout.write(text)
        return
    if output:
        with output.open("w", encoding="utf-8") as handle:
            render_text(run, Console(file=handle, width=120, no_color=True), Messages(lang))
    else:
        render_text(run, Console(highlight=False), Messages(lang))
