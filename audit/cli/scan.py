"""``a11y-audit scan``: scan pages and print or write the results."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import click
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from audit.cli.exitcodes import ExitCode
from audit.errors import UsageError
from audit.model import PageResult, ScanRun, Viewport
from audit.report.scan_json import scan_document
from audit.report.scan_text import render_text
from audit.standards import DEFAULT_STANDARD, STANDARD_IDS
from audit.webscan.checks import CHECK_NAMES, parse_checks
from audit.webscan.engines import ENGINES
from audit.webscan.scanner import ScanOptions, default_concurrency, scan
from audit.webscan.urls import check_url, read_url_file


@click.command(name="scan")
@click.argument("urls", nargs=-1)
@click.option("--urls", "url_file", type=click.Path(dir_okay=False, path_type=Path),
              help="Read URLs from FILE, one per line (# starts a comment).")
@click.option("--standard", type=click.Choice(STANDARD_IDS), default=DEFAULT_STANDARD,
              show_default=True, help="WCAG version and level to test against.")
@click.option("--best-practice", is_flag=True, help="Also run axe-core's best-practice rules.")
@click.option("--viewport", type=click.Choice([v.value for v in Viewport]), default="desktop",
              show_default=True, help="desktop (1280x800) or mobile (390x844 phone emulation).")
@click.option("--engine", type=click.Choice(ENGINES), default="playwright", show_default=True)
@click.option("--remote", "remote_url", metavar="URL",
              help="Selenium Grid URL (with --engine selenium).")
@click.option("--concurrency", type=click.IntRange(1, 64), default=default_concurrency,
              show_default="CPU count", help="Pages scanned at once.")
@click.option("--timeout", "timeout_s", type=click.FloatRange(1, 600), default=30.0,
              show_default=True, help="Seconds allowed per page to load, and for axe-core.")
@click.option("--axe-script", type=click.Path(dir_okay=False, path_type=Path),
              help="Use this axe-core build (axe.min.js) instead of the bundled one.")
@click.option("--checks", "checks", metavar="LIST", default=",".join(CHECK_NAMES),
              show_default=True,
              help="Own checks to run after axe-core, comma-separated.")
@click.option("--no-checks", is_flag=True, help="Run axe-core only, none of the own checks.")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text",
              show_default=True)
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path),
              help="Write the result to FILE instead of standard output.")
def command(urls: tuple[str, ...], url_file: Path | None, standard: str, best_practice: bool,
            viewport: str, engine: str, remote_url: str | None, concurrency: int,
            timeout_s: float, axe_script: Path | None, checks: str, no_checks: bool, fmt: str,
            output: Path | None) -> None:
    """Scan web pages for WCAG failures with axe-core and our own checks in Chromium."""
    selected = () if no_checks else parse_checks(checks)
    targets = _collect_urls(urls, url_file)
    options = ScanOptions(standard=standard, best_practice=best_practice,
                          viewport=Viewport(viewport), engine=engine, remote_url=remote_url,
                          concurrency=min(concurrency, len(targets)), timeout_s=timeout_s,
                          axe_script=axe_script, checks=selected)
    run = _scan_with_progress(targets, options)
    _write(run, fmt, output)
    if all(page.error for page in run.pages):
        click.echo(f"error: none of the {len(run.pages)} page(s) could be scanned", err=True)
        sys.exit(ExitCode.ENVIRONMENT)


def _collect_urls(urls: tuple[str, ...], url_file: Path | None) -> list[str]:
    targets = [check_url(url) for url in urls]
    if url_file:
        try:
            text = url_file.read_text(encoding="utf-8-sig")
        except OSError as err:
            raise UsageError(f"cannot read {url_file}: {err.strerror}") from err
        targets += read_url_file(text, str(url_file))
    if not targets:
        raise UsageError("no URL to scan: give URLs as arguments or --urls FILE")
    return list(dict.fromkeys(targets))


def _scan_with_progress(targets: list[str], options: ScanOptions) -> ScanRun:
    """A live progress bar on a terminal; one line per page otherwise (CI logs)."""
    console = Console(stderr=True)
    if not console.is_terminal:
        def log(page: PageResult) -> None:
            state = f"error: {page.error}" if page.error else f"{len(page.findings)} finding(s)"
            console.print(f"scanned {page.url} — {state}", highlight=False, markup=False)

        return scan(targets, options, log)
    columns = (TextColumn("scanning"), BarColumn(), MofNCompleteColumn(),
               TextColumn("{task.fields[errors]} error(s)"), TimeElapsedColumn())
    with Progress(*columns, console=console, transient=True) as progress:
        task = progress.add_task("scan", total=len(targets), errors=0)

        def advance(page: PageResult) -> None:
            errors = progress.tasks[0].fields["errors"] + bool(page.error)
            progress.update(task, advance=1, errors=errors)

        return scan(targets, options, advance)


def _write(run: ScanRun, fmt: str, output: Path | None) -> None:
    if fmt == "json":
        text = json.dumps(scan_document(run), ensure_ascii=False, indent=2) + "\n"
        if output:
            output.write_text(text, encoding="utf-8")
        else:
            sys.stdout.write(text)
        return
    if output:
        with output.open("w", encoding="utf-8") as handle:
            render_text(run, Console(file=handle, width=120, no_color=True))
    else:
        render_text(run, Console(highlight=False))
