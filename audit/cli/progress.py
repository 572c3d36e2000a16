"""A crawl's progress on stderr: a live bar on a terminal, one line a page otherwise (CI logs);
Ctrl-C marks the crawl interrupted and says how to resume it (exit 130)."""

from __future__ import annotations

import sys

from rich.console import Console
from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn

from audit.cli.exitcodes import ExitCode
from audit.clock import utc_now
from audit.model import PageResult
from audit.store import Store
from audit.terminal import plain
from audit.webscan.scanner import ScanOptions
from audit.webscan.site_crawl import CrawlProgress, CrawlSettings, ProgressCallback, crawl


def crawl_with_progress(store: Store, settings: CrawlSettings, options: ScanOptions,
                        target: str | None, resume_id: int | None) -> int:
    """Crawl (or resume ``resume_id``) into ``store``, showing progress; the scan id."""
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
                    state = page.error or (
                        f"unchanged, carried forward (last verified {page.verified_at})"
                        if page.carried_from is not None
                        else f"{len(page.violations)} violation(s)")
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
