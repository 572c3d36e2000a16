"""Peak memory of the crawl coordinator for N small pages (run in its own process, so that
ru_maxrss is this crawl's peak): `python -m bench.memory 1000` prints one line of JSON."""

from __future__ import annotations

import json
import resource
import sys
import tempfile
import time
from pathlib import Path

from audit.store import open_store
from audit.webscan.scanner import ScanOptions, default_concurrency
from audit.webscan.site_crawl import CrawlSettings, crawl
from bench.serve import serve_corpus


def main() -> None:
    pages = int(sys.argv[1])
    with tempfile.TemporaryDirectory() as tmp, serve_corpus(Path(tmp), pages, small=True) as urls:
        settings = CrawlSettings(start_urls=(urls[0],), max_pages=pages, depth=1000,
                                 sitemaps=False)
        started = time.perf_counter()
        with open_store(Path(tmp) / "bench.db") as store:
            scan_id = crawl(store, settings, ScanOptions(concurrency=default_concurrency(),
                                                         checks=()))
            stored = store.scan(scan_id).pages
        wall = time.perf_counter() - started
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(json.dumps({"pages": stored, "wall_s": round(wall, 1), "peak_rss_mb": round(peak_mb)}))


if __name__ == "__main__":
    main()
