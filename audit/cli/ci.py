"""``a11y-audit ci``: scan, judge the result against the gate, write CI reports, exit 0/1/2/3."""

from __future__ import annotations

import sys
import tempfile
from collections.abc import Callable
from pathlib import Path

import click

from audit.cli.exitcodes import ExitCode, exit_on_errors
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
from audit.cli.progress import page_line
from audit.cli.recording import recording, said
from audit.cli.run import config_targets, run_targets
from audit.model import PageResult, Viewport
from audit.report.gate import GateSettings
from audit.report.i18n import Messages
from audit.webscan.scanner import ScanOptions, scan


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
def command(urls: tuple[str, ...], url_file: Path | None, standard: str,
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
    settings = gate_settings(fail_on, max_violations, baseline_file, update_baseline)
    if config_file is not None:
        if urls or url_file:
            raise click.UsageError("give URLs or --config, not both")
        sys.exit(_crawl_config(config_file, profiles, db, settings, reports, lang))
    with exit_on_errors():
        targets = collect_urls(urls, url_file)
        baseline = settings.load_baseline()
        check_remote(engine, remote_url, lang)
        options = ScanOptions(standard=standard, best_practice=best_practice,
                              viewport=Viewport(viewport), engine=engine,
                              remote_url=remote_url, timeout_s=timeout_s, settle_s=settle_s,
                              concurrency=min(concurrency, len(targets)),
                              checks=selected_checks(checks, no_checks, profiles))
        with recording(db, wants_store(db, by_default=False), options, targets,
                       "ci", lang=lang) as recorder:
            run = scan(targets, options, recorder.on_page(_progress(Messages(lang))))
            recorder.finish(run)
            stored = said(recorder, lang)
        code = finish(run, settings, reports, baseline, lang=lang)
    sys.exit(code if stored else max(code, ExitCode.ENVIRONMENT))


def _crawl_config(config_file: Path, profiles: tuple[str, ...], db: str | None,
                  settings: GateSettings, reports: tuple[Report, ...], lang: str) -> ExitCode:
    """``--config``: crawl every target as ``run`` does, in a store thrown away after."""
    config, targets = config_targets(config_file, (), profiles)
    baseline = settings.load_baseline()
    with tempfile.TemporaryDirectory() as scratch:
        return run_targets(config, targets, db or str(Path(scratch) / "ci.db"), settings,
                           baseline, reports, lang)


def _progress(msg: Messages) -> Callable[[PageResult], None]:
    def show(page: PageResult) -> None:
        click.echo(page_line(page, msg), err=True)
    return show
