"""``a11y-audit ci``: scan, judge the result against the gate, write CI reports, exit 0/1/2/3.

The gate options (``gate_options``), ``--report KIND=FILE`` (``report_option``) and the step
after a scan (``finish``) are meant for every command that scans: scan, crawl and run too.
"""

from __future__ import annotations

import sys
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

import click

from audit.cli.exitcodes import ExitCode, exit_on_errors
from audit.cli.options import (
    checks_options,
    engine_options,
    lang_option,
    pace_options,
    selected_checks,
    standard_options,
    url_arguments,
    viewport_option,
)
from audit.cli.recording import db_options, recording, wants_store
from audit.errors import UsageError
from audit.model import PageResult, ScanRun, Severity, Viewport
from audit.report.baseline import (
    PLACEHOLDER_REASON,
    Baseline,
    load_baseline,
    save_baseline,
    update_baseline,
)
from audit.report.gate import evaluate_gate, every_page_failed
from audit.report.gate_text import summary_lines
from audit.report.i18n import Messages
from audit.report.writers import REPORT_KINDS, write_report
from audit.terminal import plain
from audit.textfile import read_text
from audit.webscan.scanner import ScanOptions, scan
from audit.webscan.urls import check_url, read_url_file

Report = tuple[str, Path]


class ReportTarget(click.ParamType):
    """``KIND=FILE`` for ``--report``, e.g. ``junit=reports/a11y.xml``."""

    name = "KIND=FILE"

    def convert(self, value: Any, param: click.Parameter | None,
                ctx: click.Context | None) -> Report:
        if isinstance(value, tuple):
            return value
        kind, sep, file = str(value).partition("=")
        if not sep or not file:
            self.fail(f"{value!r} is not KIND=FILE (e.g. junit=a11y-junit.xml)", param, ctx)
        if kind not in REPORT_KINDS:
            self.fail(f"unknown report kind {kind!r}; choose one of: {', '.join(REPORT_KINDS)}",
                      param, ctx)
        return kind, Path(file)


def report_option(function: Callable[..., Any]) -> Callable[..., Any]:
    """Adds ``--report KIND=FILE`` (repeatable) as the ``reports`` parameter."""
    return click.option(
        "--report", "reports", type=ReportTarget(), multiple=True,
        help=f"Write a report; KIND is one of {', '.join(REPORT_KINDS)}. Repeatable.",
    )(function)


def gate_options(function: Callable[..., Any] | None = None, *,
                 default_fail_on: Severity | None = Severity.SERIOUS) -> Any:
    """Adds --fail-on, --max-violations, --baseline and --update-baseline.

    ``@gate_options`` gates by default at serious (``ci``); ``@gate_options(default_fail_on=None)``
    gates only when one of the flags is given (``scan``, ``crawl``): see ``gate_settings``.
    """
    if function is None:
        return lambda wrapped: gate_options(wrapped, default_fail_on=default_fail_on)
    if default_fail_on is None:
        fail_on_help = ("Fail (exit 1) on violations of this impact or worse. Without it and "
                        "without --max-violations/--baseline there is no gate.")
    else:
        fail_on_help = "Fail on violations of this impact or worse."
    options = [
        click.option("--fail-on", type=click.Choice([s.value for s in Severity]),
                     default=default_fail_on and default_fail_on.value,
                     show_default=default_fail_on is not None, help=fail_on_help),
        click.option("--max-violations", type=click.IntRange(min=0), metavar="N",
                     help="Allow up to N violations at --fail-on or worse (default 0)."),
        click.option("--baseline", "baseline_file", metavar="FILE",
                     type=click.Path(dir_okay=False, path_type=Path),
                     help="Accepted findings (YAML): matching findings do not fail the gate."),
        click.option("--update-baseline", is_flag=True,
                     help="Write --baseline FILE accepting today's violations at --fail-on or "
                          "worse, keeping the reasons and expiry dates of entries that match."),
    ]
    for option in reversed(options):
        function = option(function)
    return function


@dataclass(frozen=True)
class GateSettings:
    fail_on: Severity | None = Severity.SERIOUS  # None: no gate, the scan only reports
    max_violations: int | None = None
    baseline_file: Path | None = None
    update_baseline: bool = False

    def load_baseline(self) -> Baseline | None:
        """The baseline, read before scanning so that a bad file fails fast (exit 2)."""
        if self.update_baseline and not self.baseline_file:
            raise UsageError("--update-baseline needs --baseline FILE")
        if not self.baseline_file:
            return None
        if not self.baseline_file.exists():
            if self.update_baseline:
                return Baseline()
            raise UsageError(f"baseline file {self.baseline_file} does not exist; create it "
                             "with --update-baseline")
        return load_baseline(self.baseline_file)


def gate_settings(fail_on: str | None, max_violations: int | None, baseline_file: Path | None,
                  update_baseline: bool) -> GateSettings:
    """The gate asked for on the command line; with ``gate_options(default_fail_on=None)`` a
    gate exists only when a flag asks for one (--max-violations or --baseline alone gate at
    serious, like ``ci``)."""
    asked = max_violations is not None or baseline_file is not None or update_baseline
    severity = Severity(fail_on) if fail_on else Severity.SERIOUS if asked else None
    return GateSettings(severity, max_violations, baseline_file, update_baseline)


def finish(run: ScanRun, settings: GateSettings, reports: tuple[Report, ...] = (),
           baseline: Baseline | None = None, today: date | None = None, *, lang: str,
           summary_to_stderr: bool = False) -> ExitCode:
    """After a scan: update the baseline if asked, judge, write reports, print the summary
    (reports and summary in ``lang``).

    Without a gate (``settings.fail_on`` None) the reports are written without one and no
    summary is printed; the exit code is then 0, or 3 when no page could be scanned.
    """
    gate = None
    if settings.fail_on is not None:
        if settings.update_baseline and settings.baseline_file and not every_page_failed(run):
            baseline = _update(run, settings.baseline_file, settings.fail_on, baseline)
        gate = evaluate_gate(run, settings.fail_on, settings.max_violations, baseline, today)
    for kind, path in reports:
        write_report(kind, run, path, gate, lang=lang)
    if gate is not None:
        for line in summary_lines(run, gate, Messages(lang), plain=plain):
            click.echo(line, err=summary_to_stderr)
    if every_page_failed(run):
        click.echo(f"error: none of the {len(run.pages)} page(s) could be scanned", err=True)
        return ExitCode.ENVIRONMENT
    return ExitCode.OK if gate is None or gate.passed else ExitCode.GATE_FAILED


@click.command(name="ci")
@url_arguments
@standard_options
@viewport_option
@engine_options
@pace_options
@checks_options
@gate_options
@report_option
@db_options(stores_by_default=False)
@lang_option
@click.option("--config", "config_file", type=click.Path(dir_okay=False, path_type=Path),
              help="Crawl the targets of this config file (as `run` does) instead of URLs.")
@click.pass_context
def command(ctx: click.Context, urls: tuple[str, ...], url_file: Path | None, standard: str,
            best_practice: bool,
            viewport: str, engine: str, remote_url: str | None, concurrency: int,
            timeout_s: float, settle_s: float, checks: str, no_checks: bool,
            profiles: tuple[str, ...], fail_on: str, max_violations: int | None,
            baseline_file: Path | None, update_baseline: bool,
            reports: tuple[Report, ...], db: str | None, lang: str,
            config_file: Path | None) -> None:
    """Scan pages and fail (exit 1) when violations are over the gate; write CI reports.

    Results are stored only with --db (or $A11Y_AUDIT_DB): a CI machine is usually thrown away.
    """
    if config_file is not None:
        if urls or url_file:
            raise click.UsageError("give URLs or --config, not both")
        from audit.cli import run

        with tempfile.TemporaryDirectory() as scratch:  # a crawl needs a store; CI keeps none
            ctx.invoke(run.command, config_file=config_file, profiles=profiles,
                       db=db or str(Path(scratch) / "ci.db"), fail_on=fail_on,
                       max_violations=max_violations, baseline_file=baseline_file,
                       update_baseline=update_baseline, reports=reports, lang=lang)
        return
    with exit_on_errors():
        targets = collect_urls(urls, url_file)
        settings = GateSettings(Severity(fail_on), max_violations, baseline_file,
                                update_baseline)
        baseline = settings.load_baseline()
        check_remote(engine, remote_url)
        options = ScanOptions(standard=standard, best_practice=best_practice,
                              viewport=Viewport(viewport), engine=engine,
                              remote_url=remote_url, timeout_s=timeout_s, settle_s=settle_s,
                              concurrency=min(concurrency, len(targets)),
                              checks=selected_checks(checks, no_checks, profiles))
        with recording(db, wants_store(db, by_default=False), options, targets,
                       "ci") as recorder:
            run = scan(targets, options, recorder.on_page(_progress))
            recorder.finish(run)
            stored = recorder.report()
        code = finish(run, settings, reports, baseline, lang=lang)
    sys.exit(code if stored else max(code, ExitCode.ENVIRONMENT))


def check_remote(engine: str, remote_url: str | None) -> None:
    """--remote without --engine selenium: a usage error before the store or browser opens."""
    if remote_url and engine != "selenium":
        raise UsageError("--remote works with --engine selenium only")


def _update(run: ScanRun, file: Path, fail_on: Severity, old: Baseline | None) -> Baseline:
    over = {f.fingerprint for page in run.pages for f in page.violations
            if f.impact.at_least(fail_on)}
    new = update_baseline(old, run, over)
    try:
        save_baseline(new, file)
    except OSError as err:
        raise UsageError(f"cannot write {file}: {err.strerror}") from err
    todo = sum(e.reason == PLACEHOLDER_REASON for e in new.entries)
    click.echo(f"baseline: wrote {file} ({len(new.entries)} entries, "
               f"{todo} without a reason yet)", err=True)
    return new


def collect_urls(urls: tuple[str, ...], url_file: Path | None) -> list[str]:
    """The URLs given as arguments and in ``--urls FILE``, checked, without duplicates."""
    targets = [check_url(url) for url in urls]
    if url_file:
        targets += read_url_file(read_text(url_file), str(url_file))
    if not targets:
        raise UsageError("no URL to scan: give URLs as arguments or --urls FILE")
    return list(dict.fromkeys(targets))


def _progress(page: PageResult) -> None:
    state = f"error: {page.error}" if page.error else f"{len(page.violations)} violation(s)"
    click.echo(f"scanned {plain(page.url)} — {plain(state)}", err=True)
