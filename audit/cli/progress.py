"""What a user sees while pages are scanned, in the language asked for: a live bar on a
terminal, one line a page otherwise (CI logs); Ctrl-C marks a crawl interrupted and says how to
resume it (exit 130)."""

from __future__ import annotations

import sys

from rich.console import Console
from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn

from audit.cli.exitcodes import ExitCode
from audit.clock import utc_now
from audit.model import PageResult
from audit.report.i18n import Messages
from audit.report.notes import error_text
from audit.store import Store
from audit.terminal import plain
from audit.webscan.crawl_attempts import INTERNAL_ERROR
from audit.webscan.scanner import ScanOptions
from audit.webscan.site_crawl import CrawlProgress, CrawlSettings, ProgressCallback, crawl


def page_line(page: PageResult, msg: Messages) -> str:
    """One scanned page as a line of progress: its URL and what was found, or why not."""
    return msg.t("progress.page", url=plain(page.url), state=plain(_state(page, msg)))


def _state(page: PageResult, msg: Messages) -> str:
    if page.error:
        return msg.t("progress.error", error=error_text(page.error, msg))
    if page.carried_from is not None:
        return msg.t("progress.carried", date=msg.date(page.verified_at))
    return msg.t("progress.found", violations=len(page.violations),
                 review=len(page.needs_review))


def crawl_with_progress(store: Store, settings: CrawlSettings, options: ScanOptions,
                        target: str | None, resume_id: int | None, lang: str) -> int:
    """Crawl (or resume ``resume_id``) into ``store``, showing progress; the scan id."""
    console = Console(stderr=True, highlight=False)
    msg = Messages(lang)
    started: list[int] = []

    def remember(progress: CrawlProgress, page: PageResult | None) -> None:
        if not started:
            started.append(progress.scan_id)
            console.print(msg.t("progress.stored", id=progress.scan_id, store=store.name),
                          markup=False, soft_wrap=True)

    try:
        if not console.is_terminal:
            def log(progress: CrawlProgress, page: PageResult | None) -> None:
                remember(progress, page)
                if page is not None:
                    console.print(f"[{progress.done}/{progress.total}] {page_line(page, msg)}",
                                  markup=False, soft_wrap=True)
            return crawl(store, settings, options, target=target, resume=resume_id,
                         on_progress=log)
        return _crawl_with_bar(store, settings, options, target, resume_id, console, remember,
                               msg)
    except KeyboardInterrupt:
        scan_id = started[0] if started else resume_id
        if scan_id is not None:
            store.finish_scan(scan_id, finished_at=utc_now(), status="interrupted")
            console.print(msg.t("progress.interrupted",
                                command=f"a11y-audit crawl --resume {scan_id}"),
                          markup=False, soft_wrap=True)
        sys.exit(ExitCode.INTERRUPTED)


def scan_bar(console: Console, msg: Messages) -> Progress:
    """The live bar of a scan of a known list of pages."""
    return Progress(TextColumn(msg.t("progress.scanning")), BarColumn(),
                    TextColumn(msg.t("progress.pages", done="{task.completed}",
                                     total="{task.total}")),
                    TextColumn(msg.t("progress.errors", errors="{task.fields[errors]}")),
                    TimeElapsedColumn(), console=console, transient=True)


def _crawl_with_bar(store: Store, settings: CrawlSettings, options: ScanOptions,
                    target: str | None, resume_id: int | None, console: Console,
                    remember: ProgressCallback, msg: Messages) -> int:
    columns = (TextColumn(msg.t("progress.crawling")), BarColumn(),
               TextColumn(msg.t("progress.pages", done="{task.completed}",
                                total="{task.total}")),
               TextColumn(msg.t("progress.rate", rate="{task.fields[rate]:.0f}")),
               TextColumn(msg.t("progress.errors", errors="{task.fields[errors]}")),
               TextColumn(msg.t("progress.eta", eta="{task.fields[eta]}")), TimeElapsedColumn())
    bugs: list[str] = []  # pages a bug of ours stopped: said after the bar, with their file
    with Progress(*columns, console=console, transient=True) as bar:
        task = bar.add_task("crawl", total=None, rate=0.0, errors=0, eta="?")

        def update(progress: CrawlProgress, page: PageResult | None) -> None:
            remember(progress, page)
            if page is not None and (page.error or "").startswith(INTERNAL_ERROR):
                bugs.append(page_line(page, msg))
            eta = progress.eta_s
            bar.update(task, completed=progress.done, total=progress.total,
                       rate=progress.pages_per_minute, errors=progress.errors,
                       eta=msg.t("progress.minutes", minutes=f"{eta / 60:.0f}")
                       if eta is not None else "?")

        scan_id = crawl(store, settings, options, target=target, resume=resume_id,
                        on_progress=update)
    for line in bugs:
        console.print(line, markup=False, soft_wrap=True)
    return scan_id
