"""`make bench`: a11y-audit's scan and crawl against the axe-core floor, measured in one run,
plus the cost of our own checks and the crawl coordinator's memory at 100 and 1,000 pages.

The floor (the issue's definition) is what a scan cannot go below: for each page, navigation
(to `load`) plus one `axe.run` with the same options, in one reused tab; summed, and divided
by the concurrency. Dividing by the concurrency assumes a second tab doubles the throughput,
which holds only when one tab keeps one core busy. So the run also measures how many cores
one tab keeps busy, and the parallel floor: the same work (navigation, injecting axe-core,
`axe.run`) in N bare Playwright tabs at once, with none of our code.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import platform
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from playwright.async_api import Page, async_playwright

from audit.standards import axe_tags
from audit.store import open_store
from audit.webscan.axe import RUN_AXE, axe_options, load_axe
from audit.webscan.browser import find_browser, launch_flags
from audit.webscan.scanner import ScanOptions, default_concurrency, scan
from audit.webscan.site_crawl import CrawlSettings, crawl
from bench.serve import serve_corpus


@dataclass(frozen=True)
class FloorRun:
    wall_s: float  # first navigation to last result
    measured_s: float  # Σ over pages of (navigation to load + axe.run), injection left out
    busy_cores: float  # the machine's mean busy cores during the run (/proc/stat)


async def floor_run(urls: list[str], tabs: int) -> FloorRun:
    """Navigate, inject axe-core and run it on every page, in ``tabs`` bare tabs at once."""
    axe = load_axe()
    options = axe_options(axe_tags("wcag22aa"), 10)
    pending = list(reversed(urls))
    measured = 0.0

    async def work(page: Page) -> None:
        nonlocal measured
        while pending:
            url = pending.pop()
            started = time.perf_counter()
            await page.goto(url, wait_until="load")
            navigation = time.perf_counter() - started
            for frame in page.frames:
                await frame.evaluate(axe.source)
            started = time.perf_counter()
            await page.evaluate(RUN_AXE, options)
            measured += navigation + time.perf_counter() - started

    async with async_playwright() as pw:
        browser = await pw.chromium.launch(executable_path=str(find_browser().path),
                                           args=launch_flags())
        pages = []
        for _ in range(tabs):
            context = await browser.new_context(viewport={"width": 1280, "height": 800},
                                                reduced_motion="reduce")
            pages.append(await context.new_page())
        cpu_before, started = _cpu_jiffies(), time.perf_counter()
        await asyncio.gather(*(work(page) for page in pages))
        wall = time.perf_counter() - started
        busy, total = (after - before for after, before in zip(_cpu_jiffies(), cpu_before,
                                                                strict=True))
        await browser.close()
    return FloorRun(wall, measured, busy / max(total, 1) * (os.cpu_count() or 1))


def _cpu_jiffies() -> tuple[int, int]:
    """(busy, total) jiffies of all CPUs since boot."""
    fields = [int(n) for n in Path("/proc/stat").read_text().split("\n")[0].split()[1:]]
    idle = fields[3] + fields[4]  # idle + iowait
    return sum(fields) - idle, sum(fields)


def _timed(call) -> tuple[float, object]:
    started = time.perf_counter()
    result = call()
    return time.perf_counter() - started, result


def _memory(pages: int) -> dict:
    out = subprocess.run([sys.executable, "-m", "bench.memory", str(pages)], check=True,
                         capture_output=True, text=True).stdout
    return json.loads(out.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--pages", type=int, default=200)
    parser.add_argument("--concurrency", type=int, default=default_concurrency())
    parser.add_argument("--skip-memory", action="store_true")
    args = parser.parse_args()
    c = args.concurrency
    axe_only = ScanOptions(concurrency=c, checks=())
    with tempfile.TemporaryDirectory() as tmp, serve_corpus(Path(tmp), args.pages) as urls:
        html_kb = sum((Path(tmp) / "page" / f"{n}.html").stat().st_size
                      for n in range(args.pages)) / args.pages / 1024
        one_tab = asyncio.run(floor_run(urls, 1))
        floor = one_tab.measured_s / c
        parallel = asyncio.run(floor_run(urls, c))
        scan_s, run = _timed(lambda: scan(urls, axe_only))
        checks_s, checked = _timed(lambda: scan(urls, ScanOptions(concurrency=c)))
        with open_store(Path(tmp) / "bench.db") as store:
            settings = CrawlSettings(start_urls=(urls[0],), max_pages=args.pages, depth=1000,
                                     sitemaps=False)
            crawl_s, scan_id = _timed(lambda: crawl(store, settings, axe_only))
            crawled = store.scan(scan_id).pages
    axe_ms = sum(p.timings_ms.get("axe", 0) for p in checked.pages)
    checks_ms = sum(p.timings_ms.get("checks", 0) for p in checked.pages)
    print(f"## {datetime.now(UTC):%Y-%m-%d} — {platform.machine()}, {c} workers, "
          f"{len(urls)} pages (mean HTML {html_kb:.0f} KB)\n")
    print("| figure | value |\n|---|---|")
    print(f"| axe-core floor (Σ navigation + axe.run ÷ {c}) | {floor:.1f} s |")
    print(f"| cores kept busy by one bare tab | {one_tab.busy_cores:.2f} of {os.cpu_count()} |")
    print(f"| parallel floor: {c} bare tabs at once, wall (÷ floor) | {parallel.wall_s:.1f} s "
          f"({parallel.wall_s / floor:.2f}) |")
    print(f"| `scan`, axe only: wall, ratio to floor / to parallel floor | {scan_s:.1f} s, "
          f"{scan_s / floor:.2f} / {scan_s / parallel.wall_s:.2f} |")
    print(f"| `crawl` ({crawled} pages), axe only: wall, ratio to floor / to parallel floor | "
          f"{crawl_s:.1f} s, {crawl_s / floor:.2f} / {crawl_s / parallel.wall_s:.2f} |")
    print(f"| `crawl` pages per minute | {crawled / crawl_s * 60:.0f} |")
    print(f"| `scan` with all own checks: wall | {checks_s:.1f} s |")
    print(f"| own checks' time ÷ axe's time (Σ over pages) | {checks_ms / max(axe_ms, 1):.2f} |")
    print(f"| pages with errors (axe only / with checks) | "
          f"{sum(bool(p.error) for p in run.pages)} / "
          f"{sum(bool(p.error) for p in checked.pages)} |")
    if not args.skip_memory:
        for pages in (100, 1000):
            figures = _memory(pages)
            print(f"| coordinator peak RSS, crawl of {figures['pages']} small pages | "
                  f"{figures['peak_rss_mb']} MB ({figures['wall_s']} s) |")


if __name__ == "__main__":
    main()
