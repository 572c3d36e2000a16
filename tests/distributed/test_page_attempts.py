"""A page that breaks the crawler in a worker (its task raises, or its worker process dies
on it) is tried three times and then stored with an error: the crawl completes on its own
(as with ``--no-wait``) instead of sending the page again for ever (real worker processes,
Redis, PostgreSQL, Chromium, HTTP server)."""

from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path

import pytest
import redis

from audit.distributed.app import app, configure
from audit.distributed.coordinator import start_crawl
from audit.distributed.endpoints import Endpoints
from audit.store import ScanStatus, Store, open_store
from audit.webscan.crawl_attempts import VANISHED, gave_up
from audit.webscan.scanner import ScanOptions
from audit.webscan.site_crawl import CrawlSettings
from tests.distributed.conftest import Workers
from tests.support.tracebacks import saved_traceback
from tests.webscan.crawl.server import CrawlSite

pytestmark = [pytest.mark.browser, pytest.mark.timeout(240)]
FAST = ScanOptions(concurrency=1, checks=(), timeout_s=15)
PAGE = ("<!doctype html><html lang='en'><head><meta charset='utf-8'><title>{title}</title>"
        "</head><body><main><h1>{title}</h1>{body}</main></body></html>")


@pytest.fixture
def site() -> Iterator[CrawlSite]:
    """Home links to /bad.html (the faulty workers break on it) and /good.html; only the bad
    page links to /after.html."""
    with CrawlSite() as served:
        for path, title, body in (
                ("/", "Home", "<a href='/bad.html'>B</a><a href='/good.html'>G</a>"),
                ("/bad.html", "Bad", "<a href='/after.html'>After</a>"),
                ("/good.html", "Good", ""), ("/after.html", "After", "")):
            served.answer(path, body=PAGE.format(title=title, body=body).encode())
        yield served


@pytest.fixture
def workers(redis_url: str, pg_url: str, subprocesses: None,
            tmp_path: Path) -> Iterator[Workers]:
    """Workers of this test; a killed one's tasks come back after the short visibility."""
    crew = Workers(redis_url, pg_url, tmp_path)
    yield crew
    crew.stop()


def crawl(workers: Workers, redis_url: str, site: CrawlSite) -> tuple[Store, int]:
    configure(app, Endpoints(broker=redis_url, db=workers.db))
    store = open_store(workers.db)
    settings = CrawlSettings(start_urls=(site.url("/"),), max_pages=10, depth=3,
                             sitemaps=False, documents=False)
    with redis.Redis.from_url(redis_url) as client:
        return store, start_crawl(store, client, settings, FAST)


def pages(store: Store, scan_id: int) -> dict[str, str | None]:
    return {page.url: page.error for page in store.iter_pages(scan_id)}


def test_a_task_that_raises_is_given_up_after_three_tries(workers, redis_url, site):
    workers.start("one", fault=("raise", "/bad.html"))
    store, scan_id = crawl(workers, redis_url, site)
    with store:
        deadline = time.monotonic() + 150
        while (store.scan_status(scan_id) != ScanStatus.FINISHED
               and time.monotonic() < deadline):
            time.sleep(0.5)
        assert store.scan_status(scan_id) == ScanStatus.FINISHED  # no coordinator followed
        found = pages(store, scan_id)
    saved = saved_traceback(found[site.url("/bad.html")])
    assert found == {site.url("/"): None, site.url("/good.html"): None,
                     site.url("/bad.html"): gave_up("RuntimeError: planning broke", str(saved))}
    # the worker's temporary folder (here this machine's) holds the last try's traceback
    assert saved.read_text(encoding="utf-8").endswith("\nRuntimeError: planning broke\n")
    saved.unlink()
    log = workers.log_path("one").read_text(encoding="utf-8")
    assert log.count("Traceback (most recent call last)") == 3
    assert log.count("\nRuntimeError: planning broke\n") == 3  # each traceback's last line
    assert f"visiting {site.url('/bad.html')} (desktop) failed, try 3 of 3" in log


def test_a_page_that_kills_its_worker_is_given_up_after_three_deaths(workers, redis_url, site):
    fault = ("exit", "/bad.html")
    worker = workers.start("one", fault=fault, concurrency=1)  # nothing else dies with it
    store, scan_id = crawl(workers, redis_url, site)
    deaths = 0
    with store:
        deadline = time.monotonic() + 200
        while (store.scan_status(scan_id) != ScanStatus.FINISHED
               and time.monotonic() < deadline):
            if worker.poll() is not None:
                deaths += 1
                assert worker.returncode == 70
                worker = workers.start("one", fault=fault, concurrency=1)
            time.sleep(0.5)
        assert store.scan_status(scan_id) == ScanStatus.FINISHED
        assert pages(store, scan_id) == {
            site.url("/"): None, site.url("/good.html"): None,
            site.url("/bad.html"): gave_up(VANISHED)}
    assert deaths == 3
