"""Incremental rounds on the generated government-portal corpus of ``bench.portal`` (issue 20).

Every site is crawled as a first incremental round (nothing to build on: every page checked
in full, what each page is made of recorded), then 10 % of its pages are changed (a heading
and an image without alt added) and it is crawled again incrementally. The figures are the
wall time of each round, how many pages the second one carried forward, and whether the
changed pages got exactly the findings a full scan of them gives (a plain ``scan`` of those
URLs, in the same run).

    python -m bench.incremental [--sites 2] [--pages 50] [--changed 0.1] [--concurrency N]
"""

from __future__ import annotations

import argparse
import platform
import random
import time
from datetime import UTC, datetime
from pathlib import Path

from audit.model import Finding
from audit.store import open_store
from audit.webscan.scanner import ScanOptions, default_concurrency, scan
from audit.webscan.site_crawl import CrawlSettings, crawl
from bench.portal import serve_portals

_CHANGE = '<h2>更新通知</h2><img src="/img/new.png">'


def _round(db: Path, bases: list[str], pages: int,
           options: ScanOptions) -> tuple[float, dict[str, list[tuple[str, str, str]]], int]:
    """Wall time of the crawls (the findings are read back for the comparison outside it),
    findings per page, pages carried forward."""
    found: dict[str, list[tuple[str, str, str]]] = {}
    carried = 0
    wall = 0.0
    with open_store(db) as store:
        for number, base in enumerate(bases):
            settings = CrawlSettings(start_urls=(base + "index.html",), max_pages=pages + 1,
                                     depth=2, sitemaps=False, incremental=True)
            started = time.perf_counter()
            scan_id = crawl(store, settings, options, target=f"site{number}")
            wall += time.perf_counter() - started
            carried += store.scan(scan_id).pages_carried
            for page in store.load_run(scan_id).pages:
                found[page.url] = _key(page.findings)
    return wall, found, carried


def _key(findings: list[Finding]) -> list[tuple[str, str, str]]:
    return sorted((f.rule, f.selector, str(f.outcome)) for f in findings)


def _change(root: Path, bases: list[str], pages: int, share: float) -> list[str]:
    """Change ``share`` of each site's pages; their URLs."""
    rng = random.Random(20)
    changed = []
    for number, base in enumerate(bases):
        for index in rng.sample(range(pages), max(1, round(pages * share))):
            path = root / f"site{number}" / "page" / f"{index}.html"
            html = path.read_text(encoding="utf-8")
            path.write_text(html.replace("</h1>", "</h1>" + _CHANGE, 1), encoding="utf-8")
            changed.append(f"{base}page/{index}.html")
    return changed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sites", type=int, default=2)
    parser.add_argument("--pages", type=int, default=50)
    parser.add_argument("--changed", type=float, default=0.1)
    parser.add_argument("--concurrency", type=int, default=default_concurrency())
    args = parser.parse_args()
    options = ScanOptions(concurrency=args.concurrency, checks=())
    with serve_portals(args.sites, args.pages) as (root, bases):
        first_s, first, _ = _round(root / "rounds.db", bases, args.pages, options)
        time.sleep(1.1)  # Last-Modified has a resolution of one second
        changed = _change(root, bases, args.pages, args.changed)
        second_s, second, carried = _round(root / "rounds.db", bases, args.pages, options)
        full = {page.url: _key(page.findings) for page in scan(changed, options).pages}
    differing = sum(1 for url in changed if second.get(url) != full[url])
    stale = sum(1 for url in second if url not in changed and second[url] != first.get(url))
    print(f"## Incremental rounds — {datetime.now(UTC):%Y-%m-%d}, {platform.machine()}, "
          f"{args.concurrency} workers, {args.sites} sites × {args.pages} pages, "
          f"{len(changed)} changed\n")
    print("| figure | value |\n|---|---|")
    print(f"| first round (every page checked in full): wall | {first_s:.1f} s, "
          f"{len(first)} pages |")
    print(f"| incremental round: wall, pages carried forward | {second_s:.1f} s, {carried} |")
    print(f"| incremental ÷ first (wall) | {second_s / first_s:.1%} |")
    print(f"| changed pages whose findings differ from a full scan of them | {differing} of "
          f"{len(changed)} |")
    print(f"| unchanged pages whose findings differ from the first round | {stale} |")


if __name__ == "__main__":
    main()
