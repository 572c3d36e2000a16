"""A distributed crawl checks the documents its workers find like a local crawl does: the
same results and reasons in the store, each document once, within the same limits (real
worker process, Redis, PostgreSQL, HTTP server)."""

from __future__ import annotations

import pytest
import redis

from audit.distributed.app import app, configure
from audit.distributed.coordinator import follow, start_crawl
from audit.distributed.endpoints import Endpoints
from audit.store import DocumentState, Store, open_store
from audit.webscan.scanner import ScanOptions
from audit.webscan.site_crawl import CrawlSettings
from tests.distributed.conftest import Workers
from tests.support.document_site import LINKS, document_site
from tests.support.site import FixtureSite

pytestmark = [pytest.mark.browser, pytest.mark.timeout(150)]
FAST = ScanOptions(concurrency=2, checks=(), timeout_s=15)


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    with FixtureSite(document_site(tmp_path_factory.mktemp("site"))) as served:
        yield served


def settings(site, **changes) -> CrawlSettings:
    return CrawlSettings(start_urls=(site.url("/index.html"),), max_pages=10, depth=2,
                         sitemaps=False, max_document_mb=1.0, **changes)


def documents(store: Store, scan_id: int) -> dict[str, tuple]:
    """Each document by name: its state, and what checking it came to."""
    results = {page.url: page for page in store.iter_pages(scan_id) if page.document}
    out = {}
    for link in store.documents(scan_id):
        page = results.get(link.url)
        out[link.url.rsplit("/", 1)[1]] = (
            str(link.state), page and str(page.document.status), page and page.error,
            page and sorted(f.fingerprint for f in page.findings))
    return out


@pytest.fixture(scope="module")
def worker(module_workers: Workers) -> Workers:
    """One worker for the module's crawls, booting while the first test crawls locally."""
    module_workers.start("one")
    return module_workers


def distributed(worker: Workers, redis_url: str, crawl_settings: CrawlSettings,
                ) -> tuple[Store, int]:
    configure(app, Endpoints(broker=redis_url, db=worker.db))
    store = open_store(worker.db)
    with redis.Redis.from_url(redis_url) as client:
        scan_id = start_crawl(store, client, crawl_settings, FAST)
        follow(store, client, [scan_id], poll_s=0.5, stall_s=60)
    return store, scan_id


def test_workers_check_documents_exactly_as_a_local_crawl(worker, site, own_scanner, tmp_path,
                                                          redis_url):
    """The local crawl in the process's browser (a crawl of its own, no launch of its own)."""
    with open_store(tmp_path / "local.db") as local:
        expected = documents(local, own_scanner.crawl(local, settings(site), FAST))
    store, scan_id = distributed(worker, redis_url, settings(site))
    with store:
        assert store.scan(scan_id).status == "finished"
        got = documents(store, scan_id)
    assert got == expected
    assert sorted(got) == sorted(name.rsplit("/", 1)[-1] for name in LINKS)
    assert {state for state, *_ in got.values()} == {str(DocumentState.DONE)}
    assert got["copy.pdf"][1] == "duplicate" and got["good.pdf"][1] == "checked"
    assert got["secret.pdf"][2] == "document not checked: robots.txt does not allow fetching it"


def test_workers_keep_to_the_document_cap(worker, site, redis_url):
    store, scan_id = distributed(worker, redis_url, settings(site, max_documents=3))
    with store:
        states = [str(d.state) for d in store.documents(scan_id)]
        assert store.scan(scan_id).status == "finished"
    assert sorted(states) == [str(DocumentState.DONE)] * 3 + [str(DocumentState.SKIPPED)] * 7
