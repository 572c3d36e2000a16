"""``a11y-audit crawl``: crawl a site, scan every page, keep everything in the store."""

from __future__ import annotations

import dataclasses
import sys
from pathlib import Path

import click

from audit.cli._distributed import crawl_distributed
from audit.cli.options import (
    STORED_ID,
    CrawlPlan,
    Report,
    check_remote,
    crawl_plan_options,
    endpoint_options,
    endpoints,
    gate_options,
    gate_settings,
    lang_option,
    refuse_changed_plan,
    report_option,
)
from audit.cli.outcome import finish, summarise
from audit.cli.progress import crawl_with_progress
from audit.cli.scans import known_scan
from audit.cli.stored import existing_store
from audit.errors import UsageError
from audit.report.i18n import Messages
from audit.store import Store, open_store
from audit.webscan.site_crawl import resumed_options, stored_settings
from audit.webscan.url_input import check_url


@click.command(name="crawl")
@click.argument("start_urls", nargs=-1)
@crawl_plan_options
@click.option("--target", metavar="NAME", help="Record the crawl under this target name.")
@click.option("--db", metavar="PATH_OR_URL", envvar="A11Y_AUDIT_DB",
              help="Result store (default ./a11y-audit.db; env A11Y_AUDIT_DB).")
@click.option("--resume", "resume_id", type=STORED_ID, metavar="SCAN_ID",
              help="Continue an interrupted crawl as it was started (no start URLs or crawl "
                   "options; --concurrency, --screenshots and --remote may change).")
@click.option("--distributed", is_flag=True,
              help="Queue the pages for `a11y-audit worker` processes instead of scanning "
                   "here (--db must be a store they share, e.g. postgresql://...).")
@click.option("--no-wait", is_flag=True,
              help="With --distributed: return once queued (follow with `show --watch`).")
@endpoint_options
@gate_options(default_fail_on=None)
@report_option
@lang_option
def command(start_urls: tuple[str, ...], plan: CrawlPlan, target: str | None, db: str | None,
            resume_id: int | None, distributed: bool, no_wait: bool, broker: str,
            redis_url: str | None, fail_on: str | None, max_violations: int | None,
            baseline_file: Path | None, update_baseline: bool,
            reports: tuple[Report, ...], lang: str) -> None:
    """Crawl a site from START_URLS, scanning every page, with a live progress display.

    Exit 0 when the crawl ran, unless a gate flag (--fail-on, --max-violations, --baseline)
    is given; exit 1 when the gate fails, 3 when no page could be scanned.
    """
    msg = Messages(lang)
    if not start_urls and resume_id is None:
        raise click.UsageError(msg.t("cli.start_or_resume"))
    settings, options = plan
    if resume_id is None:
        check_remote(options.engine, options.remote_url, lang)
    else:
        refuse_changed_plan(click.get_current_context(), start_urls, lang)
    gate = gate_settings(fail_on, max_violations, baseline_file, update_baseline)
    baseline = gate.load_baseline()
    settings = dataclasses.replace(settings, start_urls=tuple(map(check_url, start_urls)))
    # a crawl starts its store; a resumed one reads it (a mistyped --db creates nothing)
    with (open_store(db) if resume_id is None else existing_store(db, lang)) as store:
        if resume_id is not None:
            known_scan(store, resume_id, lang)  # an unknown id: before the browser starts
            _resumable(store, resume_id, msg)
            options = resumed_options(store, resume_id, options)  # --remote: of its engine
            check_remote(options.engine, options.remote_url, lang)
        if not distributed:
            scan_id = crawl_with_progress(store, settings, options, target, resume_id,
                                              lang)
        else:
            scan_id = crawl_distributed(store, settings, options, target, resume_id,
                                        endpoints(broker, redis_url, db), wait=not no_wait,
                                        msg=msg)
            if no_wait:
                click.echo(msg.t("cli.queued_scan", id=scan_id))
                return
        summarise(store, scan_id, lang,
                  exit_when_all_failed=gate.fail_on is None and not reports)
        if gate.fail_on is not None or reports:
            code = finish(store.load_run(scan_id), gate, reports, baseline, lang=lang,
                          summary_to_stderr=True)
            if code:
                sys.exit(code)


def _resumable(store: Store, scan_id: int, msg: Messages) -> None:
    """A scan of a list of URLs is refused in the user's language (only a crawl resumes)."""
    try:
        stored_settings(store, scan_id)
    except UsageError:
        raise UsageError(msg.t("cli.not_a_crawl", id=scan_id)) from None
