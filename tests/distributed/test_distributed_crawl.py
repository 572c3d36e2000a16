"""Distributed crawls with real worker processes, Redis and PostgreSQL give exactly what a
local crawl of the same site gives, even when a worker is killed mid-crawl."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections import Counter

import pytest
import redis

from audit.distributed.app import app, configure
from audit.distributed.coordinator import follow, start_crawl
from audit.distributed.endpoints import Endpoints
from audit.store import Store, open_store
from audit.webscan.scanner import ScanOptions
from audit.webscan.site_crawl import CrawlSettings, crawl
from tests.distributed.conftest import CORPUS_PAGES, ROOT

pytestmark = pytest.mark.timeout(300)  # two workers and a local crawl, beside another xdist worker
FAST = ScanOptions(concurrency=2, checks=(), timeout_s=15)

Pages = tuple[set[tuple[str, str]], Counter[tuple[str, str, str]]]


def settings(start: str) -> CrawlSettings:
    return CrawlSettings(start_urls=(start,), max_pages=500, depth=50)


def outcome(store: Store, scan_id: int) -> Pages:
    """The (url, viewport) of every page and the multiset of its finding fingerprints."""
    pages, findings = set(), Counter()
    for page in store.iter_pages(scan_id):
        assert not page.error, page.error
        pages.add((page.url, str(page.viewport)))
        findings.update((page.url, str(page.viewport), f.fingerprint) for f in page.findings)
    return pages, findings


@pytest.fixture(scope="session")
def local_crawl(chromium, corpus, tmp_path_factory) -> Pages:
    with open_store(tmp_path_factory.mktemp("local") / "local.db") as store:
        return outcome(store, crawl(store, settings(corpus), FAST))


def test_two_workers_crawl_exactly_what_a_local_crawl_does(local_crawl, corpus, start_worker,
                                                          redis_url, pg_url, tmp_path):
    start_worker("one"), start_worker("two")
    queued = subprocess.run(
        [sys.executable, "-m", "audit", "crawl", corpus, "--distributed", "--no-wait",
         "--db", pg_url, "--broker", redis_url, "--no-checks", "--max-pages", "500",
         "--depth", "50"], capture_output=True, text=True, timeout=60, cwd=ROOT)
    assert queued.returncode == 0, queued.stderr
    assert "scan 1 queued" in queued.stdout
    # The workers finish the scan by themselves; `show --watch` follows it from outside.
    watched = subprocess.run(
        [sys.executable, "-m", "audit", "show", "1", "--watch", "--interval", "1",
         "--db", pg_url], capture_output=True, text=True, timeout=120, cwd=ROOT)
    assert watched.returncode == 0, watched.stderr
    assert "scan 1: running;" in watched.stderr
    total = len(local_crawl[0])
    assert watched.stderr.strip().splitlines()[-1].startswith(
        f"scan 1: finished; {total}/{total}")
    with open_store(pg_url) as store:
        assert outcome(store, 1) == local_crawl
        summary = store.scan(1)
    assert summary.status == "finished" and summary.browser_version
    logs = [(tmp_path / f"{name}.log").read_text() for name in ("one", "two")]
    assert all(log.count("a11y_audit.scan_page") > 6 for log in logs)  # both did work


def test_a_worker_killed_mid_crawl_loses_and_duplicates_nothing(local_crawl, corpus,
                                                                start_worker, redis_url,
                                                                pg_url):
    victim, _ = start_worker("victim"), start_worker("survivor")
    configure(app, Endpoints(broker=redis_url, db=pg_url))
    with open_store(pg_url) as store, redis.Redis.from_url(redis_url) as client:
        scan_id = start_crawl(store, client, settings(corpus), FAST)
        deadline = time.monotonic() + 60
        while store.scan(scan_id).pages < CORPUS_PAGES // 4 and time.monotonic() < deadline:
            time.sleep(0.1)
        os.kill(victim.pid, signal.SIGKILL)
        victim.wait(10)
        assert store.scan(scan_id).pages < CORPUS_PAGES - 5  # the kill landed mid-crawl
        follow(store, client, [scan_id], poll_s=0.5, stall_s=60)
        assert store.scan(scan_id).status == "finished"
        assert outcome(store, scan_id) == local_crawl
