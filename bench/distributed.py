"""Distributed crawl throughput: pages per minute with 1 and 2 workers on this machine,
and the memory of a worker (its Python process) and of its browser (Chromium's processes).

    python -m bench.distributed [--pages 60] [--workers 1 2] [--memory]

``--memory``: a long crawl of small pages (``--pages 10000 --workers 1 --memory``), printing
to stderr, as it passes ``bench.memory``'s marks, the memory in use of the coordinator (this
process, following the crawl in the store), the worker's Python and each kind of its
Chromium's processes.

Needs Redis (``$A11Y_AUDIT_TEST_REDIS``, default 127.0.0.1:6379; database 7 is flushed) and
PostgreSQL (``$A11Y_AUDIT_TEST_PG``; a database is created and dropped). Prints JSON lines.
The site allows 8 requests at once (``per_host``) so that politeness does not cap the figure.
"""

from __future__ import annotations

import argparse
import json
import os
import secrets
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import psycopg
import redis

from audit.distributed.app import app, configure
from audit.distributed.coordinator import follow, start_crawl
from audit.distributed.endpoints import Endpoints
from audit.store import open_store
from audit.webscan.scanner import ScanOptions
from audit.webscan.site_crawl import CrawlProgress, CrawlSettings
from bench.memory import Marks
from bench.serve import serve_corpus

ADMIN = os.environ.get("A11Y_AUDIT_TEST_PG") or "postgresql://postgres@127.0.0.1:5432/postgres"
REDIS = (os.environ.get("A11Y_AUDIT_TEST_REDIS") or "redis://127.0.0.1:6379").rstrip("/") + "/7"


def rss_mb(pids: list[int]) -> float:
    total = 0
    for pid in pids:
        try:
            for line in Path(f"/proc/{pid}/status").read_text().splitlines():
                if line.startswith("VmRSS:"):
                    total += int(line.split()[1])
        except OSError:
            continue
    return total / 1024


def descendants(pid: int) -> list[int]:
    children = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                ppid = int((entry / "stat").read_text().rsplit(")", 1)[1].split()[1])
            except (OSError, IndexError, ValueError):
                continue
            children.setdefault(ppid, []).append(int(entry.name))
    found, todo = [], [pid]
    while todo:
        for child in children.get(todo.pop(), []):
            found.append(child)
            todo.append(child)
    return found


def run(workers: int, pages: int, urls: list[str], db: str,
        memory: bool = False) -> dict[str, object]:
    client = redis.Redis.from_url(REDIS)
    client.flushdb()
    concurrency = os.cpu_count() or 1
    procs = [subprocess.Popen([sys.executable, "-m", "audit.cli.worker", "--broker", REDIS,
                               "--db", db, "--concurrency", str(concurrency),
                               "--loglevel", "WARNING", "--hostname", f"b{n}@%h"])
             for n in range(workers)]
    try:
        time.sleep(4)
        configure(app, Endpoints(broker=REDIS, db=db))
        settings = CrawlSettings(start_urls=(urls[0],), max_pages=pages, depth=1000,
                                 sitemaps=False, per_host=8)
        peak = {"worker": 0.0, "browser": 0.0}
        with open_store(db) as store:
            started = time.perf_counter()
            marks = Marks(workers=workers) if memory else None
            scan_id = start_crawl(store, client, settings, ScanOptions(checks=()))

            def sample(progress: list[CrawlProgress]) -> None:
                for proc in procs:
                    peak["worker"] = max(peak["worker"], rss_mb([proc.pid]))
                    peak["browser"] = max(peak["browser"], rss_mb(descendants(proc.pid)))
                if marks is not None and progress:
                    marks.see(progress[0].done)

            follow(store, client, [scan_id], poll_s=0.5, on_progress=sample)
            wall = time.perf_counter() - started
            stored = store.scan(scan_id).pages
            if marks is not None:  # the last: the crawl ended before the follower's next look
                marks.see(stored)
    finally:  # stopped or not, no worker is left behind
        for proc in procs:
            proc.terminate()
            proc.wait(30)
        client.flushdb()
    per_min = stored / wall * 60
    return {"workers": workers, "concurrency_each": concurrency, "pages": stored,
            "wall_s": round(wall, 1), "pages_per_min": round(per_min),
            "pages_per_min_per_core": round(per_min / (os.cpu_count() or 1)),
            "worker_rss_mb": round(peak["worker"]), "browser_rss_mb": round(peak["browser"]),
            "load_avg_1m": os.getloadavg()[0]}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--pages", type=int, default=60)
    parser.add_argument("--workers", type=int, nargs="+", default=[1, 2])
    parser.add_argument("--memory", action="store_true",
                        help="small pages; the memory in use at bench.memory's marks")
    args = parser.parse_args()
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))  # to clean up as on ctrl-C
    name = f"a11y_bench_{secrets.token_hex(4)}"
    with psycopg.connect(ADMIN, autocommit=True) as admin:
        admin.execute(f"CREATE DATABASE {name}")
        try:
            db = ADMIN.rsplit("/", 1)[0] + f"/{name}"
            with tempfile.TemporaryDirectory() as tmp, \
                    serve_corpus(Path(tmp), args.pages, small=args.memory) as urls:
                for workers in args.workers:
                    print(json.dumps(run(workers, args.pages, urls, db, args.memory)),
                          flush=True)
        finally:
            admin.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")


if __name__ == "__main__":
    main()
