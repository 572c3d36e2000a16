"""Memory of the crawl coordinator and of the browser over N small pages (run in its own
process, so that ru_maxrss is this crawl's peak): `python -m bench.memory 1000` prints one line
of JSON. Besides the peak, the memory in use is sampled as the crawl passes 100 and 500 pages,
then every 1,000: the coordinator's resident set (VmRSS) and each kind of process below
it (PSS: Chromium's processes share most of their pages, so their RSS would count them many
times). Flat from one mark to the next is what a long crawl needs (issue 20).

    python -m bench.memory PAGES [--concurrency N]
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import sys
import tempfile
import time
from collections import defaultdict
from collections.abc import Iterable
from pathlib import Path

from audit.model import PageResult
from audit.store import open_store
from audit.webscan.scanner import ScanOptions, default_concurrency
from audit.webscan.site_crawl import CrawlProgress, CrawlSettings, crawl
from bench.cpu import kind_of, tree_pids
from bench.serve import serve_corpus

MARKS = (100, 500, *range(1_000, 100_001, 1_000))


def next_mark(done: int, taken: Iterable[int]) -> int | None:
    """The mark ``done`` pages have reached past the marks ``taken`` (the highest, where a
    count that moves in steps passed several: those it skipped stay untaken)."""
    last = max(taken, default=0)
    reached = [mark for mark in MARKS if last < mark <= done]
    return reached[-1] if reached else None


class Marks:
    """The memory in use as a crawl's count of pages passes each mark, printed to stderr as
    it is taken (kept if a long run is stopped before its end), with ``labels``."""

    def __init__(self, **labels: object) -> None:
        self.taken: dict[int, dict[str, float]] = {}
        self._labels = labels
        self._started = time.perf_counter()

    def see(self, done: int) -> None:
        mark = next_mark(done, self.taken)
        if mark is not None:
            self.taken[mark] = {"seconds": round(time.perf_counter() - self._started, 1),
                                **memory_in_use()}
            print(json.dumps({**self._labels, "at": mark, "done": done, **self.taken[mark]}),
                  file=sys.stderr, flush=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("pages", type=int)
    parser.add_argument("--concurrency", type=int, default=default_concurrency())
    args = parser.parse_args()

    def sample(progress: CrawlProgress, page: PageResult | None) -> None:
        marks.see(progress.done)

    with tempfile.TemporaryDirectory() as tmp, \
            serve_corpus(Path(tmp), args.pages, small=True) as urls:
        settings = CrawlSettings(start_urls=(urls[0],), max_pages=args.pages, depth=100_000,
                                 sitemaps=False)
        started = time.perf_counter()
        marks = Marks()
        with open_store(Path(tmp) / "bench.db") as store:
            scan_id = crawl(store, settings, ScanOptions(concurrency=args.concurrency,
                                                         checks=()), on_progress=sample)
            stored = store.scan(scan_id).pages
        wall = time.perf_counter() - started
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(json.dumps({"pages": stored, "wall_s": round(wall, 1), "peak_rss_mb": round(peak_mb),
                      "concurrency": args.concurrency, "at": marks.taken}))


def memory_in_use() -> dict[str, float]:
    """MB in use now: ``coordinator_rss`` (this process), ``worker_rss`` (the Python
    processes below it: a distributed crawl's workers) and the PSS of each other kind of
    process below us, and of each the anonymous part (``_anon``: what the processes
    allocated, where a leak shows). The rest is the pages of files they map (Chromium's and
    node's binaries), whose PSS is shared with every other process on the machine that runs
    the same binary: on a shared machine it moves with the others' processes, not with the
    crawl."""
    found: dict[str, float] = defaultdict(float)
    for pid in tree_pids():
        kind = kind_of(pid)
        if kind.startswith("python"):
            role = "coordinator" if pid == os.getpid() else "worker"
            found[f"{role}_rss"] += _status_kb(pid, "VmRSS") / 1024
            found[f"{role}_anon"] += _status_kb(pid, "RssAnon") / 1024
        else:
            found[f"{kind}_pss"] += _rollup_kb(pid, "Pss") / 1024
            found[f"{kind}_anon"] += _rollup_kb(pid, "Pss_Anon") / 1024
    return {name: round(mb, 1) for name, mb in sorted(found.items())}


def _status_kb(pid: int, field: str) -> int:
    return _field_kb(Path(f"/proc/{pid}/status"), field)


def _rollup_kb(pid: int, field: str) -> int:
    return _field_kb(Path(f"/proc/{pid}/smaps_rollup"), field)


def _field_kb(path: Path, field: str) -> int:
    """A ``Field:  1234 kB`` line of a /proc file (0 when the process has gone)."""
    try:
        for line in path.read_text().splitlines():
            name, _, value = line.partition(":")
            if name == field:
                return int(value.split()[0])
    except (OSError, ValueError):
        pass
    return 0


if __name__ == "__main__":
    main()
