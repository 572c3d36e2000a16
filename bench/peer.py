"""pa11y-ci as a measured peer (issue 20): the same portal corpus (``bench.portal``) scanned by
our ``crawl`` (templates on, axe-core only) and by pa11y-ci (axe runner, one shared browser),
both with 4 pages at once, one after the other in the same run.

pa11y-ci comes from the npm registry: ``bench/peers/package.json`` and its lockfile pin it;
it is installed into ``bench/peers/node_modules`` (git-ignored) on first use, with
``PUPPETEER_SKIP_DOWNLOAD=1`` (puppeteer's own browser download is not used) and run with the
Chromium that a11y-audit drives. Without npm the benchmark says so and stops; no test needs it.

    python -m bench.peer [--sites 2] [--pages 30] [--concurrency 4]
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import subprocess
import time
from datetime import UTC, datetime
from pathlib import Path

from audit.store import open_store
from audit.webscan.browser import find_browser
from audit.webscan.scanner import ScanOptions
from audit.webscan.site_crawl import CrawlSettings, crawl
from bench.portal import serve_portals

PEERS = Path(__file__).parent / "peers"
PA11Y_CI = PEERS / "node_modules" / ".bin" / "pa11y-ci"


def install_pa11y_ci() -> Path | None:
    """The pa11y-ci program, installed from the lockfile if needed; None without npm."""
    npm = shutil.which("npm")
    if npm is None:
        return None
    if not PA11Y_CI.exists():
        env = {**os.environ, "PUPPETEER_SKIP_DOWNLOAD": "1"}
        subprocess.run([npm, "ci", "--no-audit", "--no-fund"], cwd=PEERS, env=env, check=True)
    return PA11Y_CI


def _pa11y_config(urls: list[str], concurrency: int, browser: Path) -> dict[str, object]:
    return {"defaults": {"runners": ["axe"], "concurrency": concurrency, "timeout": 120000,
                         "chromeLaunchConfig": {"executablePath": str(browser),
                                                "args": ["--no-sandbox"]}},
            "urls": urls}


def _run_pa11y_ci(program: Path, urls: list[str], concurrency: int,
                  folder: Path) -> tuple[float, int]:
    """Wall time and how many pages pa11y-ci reported on."""
    config = folder / "pa11y-ci.json"
    config.write_text(json.dumps(_pa11y_config(urls, concurrency, find_browser().path)),
                      encoding="utf-8")
    report = folder / "pa11y-ci-results.json"  # a file: node cuts a piped stdout at exit
    started = time.perf_counter()
    with report.open("w", encoding="utf-8") as out:
        done = subprocess.run([str(program), "--config", str(config), "--json"], stdout=out,
                              stderr=subprocess.PIPE, text=True, check=False)
    wall = time.perf_counter() - started
    if done.returncode not in (0, 2):  # 2: pages with issues
        raise SystemExit(f"pa11y-ci failed ({done.returncode}): {done.stderr[-2000:]}")
    results = json.loads(report.read_text(encoding="utf-8"))["results"]
    return wall, len(results)


def _crawl(bases: list[str], pages: int, options: ScanOptions, db: Path) -> tuple[float, list]:
    urls: list[str] = []
    started = time.perf_counter()
    with open_store(db) as store:
        for base in bases:
            settings = CrawlSettings(start_urls=(base + "index.html",), max_pages=pages + 1,
                                     depth=2, sitemaps=False, documents=False)
            urls += [page.url for page in store.load_run(crawl(store, settings, options)).pages]
    return time.perf_counter() - started, urls


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sites", type=int, default=2)
    parser.add_argument("--pages", type=int, default=30)
    parser.add_argument("--concurrency", type=int, default=4)
    args = parser.parse_args()
    program = install_pa11y_ci()
    if program is None:
        print("## pa11y-ci peer — skipped: npm is not installed (pa11y-ci comes from the npm "
              "registry; install Node.js and npm to measure it)")
        return
    options = ScanOptions(concurrency=args.concurrency, checks=())
    with serve_portals(args.sites, args.pages) as (root, bases):
        ours_s, urls = _crawl(bases, args.pages, options, root / "ours.db")
        peer_s, peer_pages = _run_pa11y_ci(program, urls, args.concurrency, root)
    ours_rate, peer_rate = len(urls) / ours_s * 60, peer_pages / peer_s * 60
    print(f"## pa11y-ci peer — {datetime.now(UTC):%Y-%m-%d}, {platform.machine()}, "
          f"{args.concurrency} pages at once, {args.sites} sites × {args.pages} pages\n")
    print("| figure | value |\n|---|---|")
    print(f"| our `crawl` (templates on, axe-core only): wall, pages per minute | "
          f"{ours_s:.1f} s, {ours_rate:.0f} |")
    print(f"| pa11y-ci (axe runner, shared browser), the same URLs: wall, pages per minute | "
          f"{peer_s:.1f} s, {peer_rate:.0f} |")
    print(f"| pages per minute, ours ÷ pa11y-ci | {ours_rate / peer_rate:.2f} |")


if __name__ == "__main__":
    main()
