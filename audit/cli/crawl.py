"""``a11y-audit crawl``: crawl a site, scan every page, keep everything in the store."""

from __future__ import annotations

import sys
from pathlib import Path

import click
from rich.console import Console
from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn

from audit.cli._distributed import crawl_distributed, endpoint_options, endpoints
from audit.cli.ci import (
    Report,
    check_remote,
    finish,
    gate_options,
    gate_settings,
    report_option,
)
from audit.cli.exitcodes import ExitCode
from audit.cli.options import (
    STORED_ID,
    checks_options,
    engine_options,
    lang_option,
    pace_options,
    selected_checks,
    standard_options,
)
from audit.clock import utc_now
from audit.model import BROWSER_VIEWPORTS, DocumentStatus, PageResult, Viewport
from audit.report.i18n import Messages
from audit.store import DocumentState, Store, open_store
from audit.terminal import plain
from audit.webscan.blocking import default_blocked_hosts
from audit.webscan.crawler import (
    CrawlProgress,
    CrawlSettings,
    ProgressCallback,
    crawl,
    resumed_options,
)
from audit.webscan.scanner import ScanOptions
from audit.webscan.urls import check_url


@click.command(name="crawl")
@click.argument("start_urls", nargs=-1)
@click.option("--max-pages", type=click.IntRange(1), default=500, show_default=True)
@click.option("--depth", type=click.IntRange(0), default=5, show_default=True,
              help="Links to follow from a start page (sitemap pages count as start pages).")
@click.option("--include", multiple=True, metavar="GLOB",
              help="Only pages whose path matches, e.g. '/zwgk/*' (repeatable).")
@click.option("--exclude", multiple=True, metavar="GLOB",
              help="Skip pages whose path matches, e.g. '*/print/*' (repeatable; wins).")
@click.option("--viewport", "viewports", multiple=True,
              type=click.Choice([v.value for v in BROWSER_VIEWPORTS]),
              help="desktop and/or mobile (repeatable; default desktop).")
@click.option("--ignore-robots", is_flag=True, help="Ignore robots.txt (sites you own only).")
@click.option("--no-sitemaps", is_flag=True, help="Do not read sitemap.xml.")
@click.option("--delay", type=click.FloatRange(0, 60), default=0.0, show_default=True,
              help="Seconds between requests to one host.")
@click.option("--per-host", type=click.IntRange(1, 16), default=2, show_default=True,
              help="Requests to one host at once.")
@click.option("--no-documents", is_flag=True,
              help="Record the PDF/Office documents found without checking them.")
@click.option("--no-templates", is_flag=True,
              help="Scan every page whole, shared template regions (banner, menu, footer) "
                   "included; by default they are scanned on the first pages they appear on "
                   "and their results replayed on the others.")
@click.option("--block-host", "block_hosts", multiple=True, metavar="HOST",
              help="Also refuse scripts and beacons from HOST and its subdomains (besides "
                   "the bundled list of analytics trackers such as 百度统计 and CNZZ).")
@click.option("--no-blocking", is_flag=True,
              help="Load every request, third-party trackers included.")
@click.option("--max-document-mb", type=click.FloatRange(0.01, 2048), default=50.0,
              show_default=True, help="Do not download documents larger than this.")
@click.option("--max-documents", type=click.IntRange(0), default=500, show_default=True,
              help="Check at most this many documents (apart from --max-pages).")
@standard_options
@engine_options
@pace_options
@checks_options
@click.option("--screenshots", type=click.IntRange(0, 100), default=5, show_default=True,
              help="Element screenshots of up to N violations per page (0: none).")
@click.option("--target", metavar="NAME", help="Record the crawl under this target name.")
@click.option("--db", metavar="PATH_OR_URL", envvar="A11Y_AUDIT_DB",
              help="Result store (default ./a11y-audit.db; env A11Y_AUDIT_DB).")
@click.option("--resume", "resume_id", type=STORED_ID, metavar="SCAN_ID",
              help="Continue an interrupted crawl (no start URLs needed).")
@click.option("--distributed", is_flag=True,
              help="Queue the pages for `a11y-audit worker` processes instead of scanning "
                   "here (--db must be a store they share, e.g. postgresql://...).")
@click.option("--no-wait", is_flag=True,
              help="With --distributed: return once queued (follow with `show --watch`).")
@endpoint_options
@gate_options(default_fail_on=None)
@report_option
@lang_option
def command(start_urls: tuple[str, ...], max_pages: int, depth: int, include: tuple[str, ...],
            exclude: tuple[str, ...], viewports: tuple[str, ...], ignore_robots: bool,
            no_sitemaps: bool, delay: float, per_host: int, no_documents: bool,
            no_templates: bool, block_hosts: tuple[str, ...], no_blocking: bool,
            max_document_mb: float, max_documents: int, standard: str,
            best_practice: bool,
            engine: str, remote_url: str | None, concurrency: int, timeout_s: float,
            settle_s: float, checks: str, no_checks: bool, profiles: tuple[str, ...],
            screenshots: int,
            target: str | None, db: str | None,
            resume_id: int | None, distributed: bool, no_wait: bool, broker: str,
            redis_url: str | None, fail_on: str | None, max_violations: int | None,
            baseline_file: Path | None, update_baseline: bool,
            reports: tuple[Report, ...], lang: str) -> None:
    """Crawl a site from START_URLS, scanning every page, with a live progress display.

    Exit 0 when the crawl ran, unless a gate flag (--fail-on, --max-violations, --baseline)
    is given; exit 1 when the gate fails, 3 when no page could be scanned.
    """
    if not start_urls and resume_id is None:
        raise click.UsageError("give start URLs, or --resume SCAN_ID")
    check_remote(engine, remote_url)
    gate = gate_settings(fail_on, max_violations, baseline_file, update_baseline)
    baseline = gate.load_baseline()
    settings = CrawlSettings(
        start_urls=tuple(check_url(url) for url in start_urls), include=include,
        exclude=exclude, max_pages=max_pages, depth=depth,
        viewports=tuple(Viewport(v) for v in viewports) or (Viewport.DESKTOP,),
        respect_robots=not ignore_robots, sitemaps=not no_sitemaps, delay_s=delay,
        per_host=per_host, documents=not no_documents, max_document_mb=max_document_mb,
        max_documents=max_documents, templates=not no_templates)
    options = ScanOptions(standard=standard, best_practice=best_practice, engine=engine,
                          remote_url=remote_url, concurrency=concurrency, timeout_s=timeout_s,
                          settle_s=settle_s,
                          checks=selected_checks(checks, no_checks, profiles),
                          screenshots=screenshots,
                          blocked_hosts=() if no_blocking else
                          (*default_blocked_hosts(), *block_hosts))
    with open_store(db) as store:
        if resume_id is not None:
            store.scan(resume_id)  # an unknown id fails before the browser starts
            options = resumed_options(store, resume_id, options)
        if not distributed:
            scan_id = crawl_with_progress(store, settings, options, target, resume_id)
        else:
            found = endpoints(broker, redis_url, db)
            scan_id = crawl_distributed(store, settings, options, target, resume_id, found,
                                        wait=not no_wait)
            if no_wait:
                click.echo(f"scan {scan_id} queued; follow it with: a11y-audit show "
                           f"{scan_id} --watch")
                return
        summarise(store, scan_id, lang,
                  exit_when_all_failed=gate.fail_on is None and not reports)
        if gate.fail_on is not None or reports:
            code = finish(store.load_run(scan_id), gate, reports, baseline, lang=lang,
                          summary_to_stderr=True)
            if code:
                sys.exit(code)


def crawl_with_progress(store: Store, settings: CrawlSettings, options: ScanOptions,
                         target: str | None, resume_id: int | None) -> int:
    console = Console(stderr=True, highlight=False)
    started: list[int] = []

    def remember(progress: CrawlProgress, page: PageResult | None) -> None:
        if not started:
            started.append(progress.scan_id)
            console.print(f"crawl stored as scan {progress.scan_id} in {store.name}")

    try:
        if not console.is_terminal:
            def log(progress: CrawlProgress, page: PageResult | None) -> None:
                remember(progress, page)
                if page is not None:
                    state = page.error or f"{len(page.violations)} violation(s)"
                    console.print(f"[{progress.done}/{progress.total}] {plain(page.url)} — "
                                  f"{plain(state)}", markup=False)
            return crawl(store, settings, options, target=target, resume=resume_id,
                         on_progress=log)
        return _crawl_with_bar(store, settings, options, target, resume_id, console, remember)
    except KeyboardInterrupt:
        scan_id = started[0] if started else resume_id
        if scan_id is not None:
            store.finish_scan(scan_id, finished_at=utc_now(), status="interrupted")
            console.print(f"interrupted; continue with: a11y-audit crawl --resume {scan_id}")
        sys.exit(ExitCode.INTERRUPTED)


def _crawl_with_bar(store: Store, settings: CrawlSettings, options: ScanOptions,
                    target: str | None, resume_id: int | None, console: Console,
                    remember: ProgressCallback) -> int:
    columns = (TextColumn("crawling"), BarColumn(),
               TextColumn("{task.completed}/{task.total} pages"),
               TextColumn("{task.fields[rate]:.0f}/min"),
               TextColumn("{task.fields[errors]} error(s)"),
               TextColumn("ETA {task.fields[eta]}"), TimeElapsedColumn())
    with Progress(*columns, console=console, transient=True) as bar:
        task = bar.add_task("crawl", total=None, rate=0.0, errors=0, eta="?")

        def update(progress: CrawlProgress, page: PageResult | None) -> None:
            remember(progress, page)
            eta = progress.eta_s
            bar.update(task, completed=progress.done, total=progress.total,
                       rate=progress.pages_per_minute, errors=progress.errors,
                       eta=f"{eta / 60:.0f} min" if eta is not None else "?")

        return crawl(store, settings, options, target=target, resume=resume_id,
                     on_progress=update)


def summarise(store: Store, scan_id: int, lang: str, exit_when_all_failed: bool = True) -> None:
    summary = store.scan(scan_id)
    for warning in (summary.options or {}).get("warnings", []):
        click.echo(f"warning: {plain(warning)}", err=True)
    msg = Messages(lang)
    impact = msg.t("scan.count_separator").join(
        msg.t("scan.severity_count", count=n, severity=msg.t(f"impact.{name}"))
        for name, n in summary.violations_by_impact.items())
    click.echo(msg.t("scan.crawl_summary", id=scan_id, pages=summary.pages,
                     errors=summary.pages_with_errors,
                     documents=document_counts(store, scan_id, msg),
                     violations=summary.violations, by_impact=impact,
                     review=summary.needs_review))
    if exit_when_all_failed and summary.pages and summary.pages == summary.pages_with_errors:
        click.echo(f"error: none of the {summary.pages} page(s) could be scanned", err=True)
        sys.exit(ExitCode.ENVIRONMENT)




def document_counts(store: Store, scan_id: int, msg: Messages) -> str:
    """"12 document(s): 9 checked, 1 not checked, 1 for manual review, 1 duplicate, 0 left"."""
    found = store.documents(scan_id)
    statuses = [d.info.status for d in found if d.info is not None]
    left = sum(1 for d in found if d.state in (DocumentState.QUEUED, DocumentState.SKIPPED))
    return msg.t("scan.document_counts", count=len(found),
                 checked=statuses.count(DocumentStatus.CHECKED),
                 failed=statuses.count(DocumentStatus.FAILED),
                 review=statuses.count(DocumentStatus.MANUAL_REVIEW),
                 duplicate=statuses.count(DocumentStatus.DUPLICATE), left=left)
