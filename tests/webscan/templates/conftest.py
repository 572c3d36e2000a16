"""The template portal crawled once per session with templates off and on (read by
test_template_equality.py: equality of findings, and what ``show`` makes of them)."""

from __future__ import annotations

import pytest

from audit.store import open_store
from audit.webscan.scanner import ScanOptions
from audit.webscan.site_crawl import CrawlSettings
from tests.webscan.crawl.server import CrawlSite
from tests.webscan.templates.portal import write_portal

OPTIONS = ScanOptions(concurrency=2, checks=(), timeout_s=15)


@pytest.fixture(scope="session")
def crawls(shared_crawl, tmp_path_factory):
    """The portal crawled twice into one store: {"on": {name: page}, "off": {name: page}},
    and the store's path and scan ids."""
    folder = tmp_path_factory.mktemp("portal")
    write_portal(folder)
    with CrawlSite(folder) as site, open_store(folder / "audit.db") as store:
        runs = {"db": str(folder / "audit.db"), "ids": {}}
        for mode in ("off", "on"):
            settings = CrawlSettings(start_urls=(site.url("/index.html"),), sitemaps=False,
                                     exclude=("*/zwgk/*",), templates=mode == "on")
            scan_id = runs["ids"][mode] = shared_crawl(store, settings, OPTIONS)
            pages = store.load_run(scan_id).pages
            for page in pages:
                page.raw = store.raw_artifact(scan_id, page.url, page.viewport)
            runs[mode] = {page.url.rsplit("/", 1)[1]: page for page in pages}
        yield runs
