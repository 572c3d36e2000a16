"""Distributed crawls with real worker processes, Redis and PostgreSQL give exactly what a
local crawl of the same site gives, even when a worker is killed mid-crawl."""

from __future__ import annotations

import os
import re
import signal
import time
from collections import Counter

import pytest
import redis

from audit.distributed.app import app, configure
from audit.distributed.coordinator import follow, start_crawl
from audit.distributed.endpoints import Endpoints
from audit.store import Store, open_store
from audit.webscan.scanner import ScanOptions
from audit.webscan.site_crawl import CrawlSettings
from tests.cli.conftest import run_cli
from tests.distributed.conftest import CORPUS_PAGES, Workers
from tests.support.own_scan import SharedScanner

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


@pytest.fixture(scope="module")
def crew(module_workers: Workers) -> Workers:
    """Workers "one" and "two", started before the local crawl so that they boot meanwhile.
    The tests run in file order: the first crawls with both, the second kills "one"."""
    module_workers.start("one"), module_workers.start("two")
    return module_workers


@pytest.fixture(scope="module")
def local_crawl(own_scanner: SharedScanner, corpus, tmp_path_factory) -> Pages:
    """The crawl in the process's browser (a crawl of its own, without a launch of its own)."""
    with open_store(tmp_path_factory.mktemp("local") / "local.db") as store:
        return outcome(store, own_scanner.crawl(store, settings(corpus), FAST))


def test_two_workers_crawl_exactly_what_a_local_crawl_does(crew, local_crawl, corpus,
                                                          redis_url):
    queued = run_cli("crawl", corpus, "--distributed", "--no-wait", "--db", crew.db,
                     "--broker", redis_url, "--no-checks", "--max-pages", "500",
                     "--depth", "50", env={"A11Y_AUDIT_LANG": "zh"})
    assert queued.returncode == 0, queued.stderr
    found = re.fullmatch(r"检测 #(\d+) 已加入队列；查看进度：a11y-audit show \1 --watch\n",
                         queued.stdout)
    assert found, queued.stdout
    scan_id = int(found.group(1))
    # The workers finish the scan by themselves; `show --watch` follows it from outside.
    watched = run_cli("show", str(scan_id), "--watch", "--interval", "1", "--db", crew.db,
                      env={"A11Y_AUDIT_LANG": "zh"})
    assert watched.returncode == 0, watched.stderr
    assert f"检测 #{scan_id}：进行中；" in watched.stderr
    total = len(local_crawl[0])
    assert watched.stderr.strip().splitlines()[-1].startswith(
        f"检测 #{scan_id}：已完成；已完成 {total}/{total} 个页面，进行中 0，排队 0；0 个未能检测")
    with open_store(crew.db) as store:
        assert outcome(store, scan_id) == local_crawl
        summary = store.scan(scan_id)
    assert summary.status == "finished" and summary.browser_version
    logs = [crew.log_path(name).read_text() for name in ("one", "two")]
    assert all(log.count("a11y_audit.scan_page") > 6 for log in logs)  # both did work


def test_a_worker_killed_mid_crawl_loses_and_duplicates_nothing(crew, local_crawl, corpus,
                                                                redis_url):
    victim = crew.processes["one"]  # warm, so it takes its share from the first page on
    configure(app, Endpoints(broker=redis_url, db=crew.db))
    with open_store(crew.db) as store, redis.Redis.from_url(redis_url) as client:
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
