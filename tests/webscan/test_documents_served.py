"""A link without a document extension that serves a document (``download.jsp?id=7``) is
checked as a document, not recorded as a failed page: told by its Content-Type, else by its
first bytes (real Chromium, real HTTP server, real SQLite)."""

from __future__ import annotations

import pytest

from audit.model import DocumentStatus
from audit.store import DocumentState, open_store
from audit.webscan.scanner import ScanOptions
from audit.webscan.site_crawl import CrawlSettings
from tests.documents import factory as make
from tests.webscan.crawl.server import CrawlSite

pytestmark = pytest.mark.browser

DOWNLOAD = "not an HTML page: the browser would download it"


@pytest.fixture(scope="module")
def crawled(tmp_path_factory, shared_crawl):
    root = tmp_path_factory.mktemp("site")
    (root / "index.html").write_text(make.html(
        '<h1>通知公告</h1><a href="/notice?id=7">通知</a> <a href="/attachment">附件</a> '
        '<a href="/data">数据</a>'), "utf-8")
    pdf = make.many_pages(root / "notice.pdf", 2).read_bytes()
    with CrawlSite(root) as site:
        site.answer("/notice", body=pdf, headers={"Content-Type": "application/pdf"})
        site.answer("/attachment", body=b"\r\n" + pdf, headers={
            "Content-Type": "application/octet-stream",
            "Content-Disposition": "attachment; filename=a.pdf"})
        site.answer("/data", body=b"name,value\r\nA,1\r\n", headers={
            "Content-Type": "text/csv", "Content-Disposition": "attachment; filename=d.csv"})
        settings = CrawlSettings(start_urls=(site.url("/index.html"),), max_pages=10,
                                 depth=2, sitemaps=False)
        with open_store(tmp_path_factory.mktemp("db") / "crawl.db") as store:
            scan_id = shared_crawl(store, settings, ScanOptions(checks=(), concurrency=1))
            yield store, scan_id, site


def test_a_document_without_extension_is_checked_as_a_document(crawled):
    store, scan_id, site = crawled
    documents = {d.url: d for d in store.documents(scan_id)}
    assert sorted(documents) == [site.url("/attachment"), site.url("/notice?id=7")]
    assert {d.state for d in documents.values()} == {DocumentState.DONE}
    assert {d.info.status for d in documents.values()} == {DocumentStatus.CHECKED}
    assert {d.info.format for d in documents.values()} == {"pdf"}
    assert documents[site.url("/notice?id=7")].info.found_on == site.url("/index.html")


def test_it_is_no_failed_page_and_other_downloads_still_are(crawled):
    store, scan_id, site = crawled
    pages = {p.url: p.error for p in store.iter_pages(scan_id) if p.document is None}
    assert pages == {site.url("/index.html"): None, site.url("/data"): DOWNLOAD}
    findings = {p.url: sorted({f.rule for f in p.findings}) for p in store.iter_pages(scan_id)
                if p.document is not None}
    assert findings[site.url("/notice?id=7")] == findings[site.url("/attachment")]
    assert findings[site.url("/notice?id=7")]  # the untagged fixture PDF has findings
