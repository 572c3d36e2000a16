"""A crawl checks the documents of the site once each, keeps a reason for every one it could
not check, and records everything in the store (real Chromium, real HTTP server, real SQLite)."""

from __future__ import annotations

import pytest

from audit.model import DocumentStatus
from audit.store import DocumentState, open_store
from audit.webscan.scanner import ScanOptions
from audit.webscan.site_crawl import CrawlSettings
from tests.documents import factory as make
from tests.support.document_site import LINKS, document_site
from tests.support.site import FixtureSite

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    with FixtureSite(document_site(tmp_path_factory.mktemp("site"))) as served:
        yield served


@pytest.fixture(scope="module")
def crawled(site, tmp_path_factory, shared_crawl):
    db = tmp_path_factory.mktemp("db") / "crawl.db"
    settings = CrawlSettings(start_urls=(site.url("/index.html"),), max_pages=10, depth=2,
                             sitemaps=False, max_document_mb=1.0)
    with open_store(db) as store:
        scan_id = shared_crawl(store, settings, ScanOptions(checks=(), concurrency=2))
        yield store, scan_id, site


def test_every_document_is_recorded_once_with_its_result_or_reason(crawled):
    store, scan_id, site = crawled
    documents = {d.url.rsplit("/", 1)[1]: d for d in store.documents(scan_id)}
    assert sorted(documents) == sorted(name.rsplit("/", 1)[-1] for name in LINKS)
    assert {d.state for d in documents.values()} == {DocumentState.DONE}
    status = {name: d.info.status for name, d in documents.items()}
    assert status == {
        "good.pdf": DocumentStatus.CHECKED, "copy.pdf": DocumentStatus.DUPLICATE,
        "missing.pdf": DocumentStatus.FAILED, "big.pdf": DocumentStatus.FAILED,
        "locked.pdf": DocumentStatus.FAILED, "broken.pdf": DocumentStatus.FAILED,
        "careless.docx": DocumentStatus.CHECKED, "old.doc": DocumentStatus.MANUAL_REVIEW,
        "bomb.docx": DocumentStatus.FAILED, "secret.pdf": DocumentStatus.FAILED,
    }
    assert documents["copy.pdf"].info.duplicate_of == site.url("/good.pdf")
    assert documents["good.pdf"].info.found_on == site.url("/index.html")


def test_reasons_say_why_a_document_was_not_checked(crawled):
    store, scan_id, _ = crawled
    errors = {page.url.rsplit("/", 1)[1]: page.error for page in store.iter_pages(scan_id)
              if page.document is not None and page.error}
    assert errors == {
        "missing.pdf": "document not checked: the server answered HTTP 404",
        "big.pdf": "document not checked: it is larger than 1 MB (--max-document-mb); "
                   "not downloaded",
        "locked.pdf": "document not checked: the PDF needs a password to open",
        "broken.pdf": errors["broken.pdf"],
        "bomb.docx": "document not checked: part word/media/huge.bin inflates 64 MB from far "
                     "less: refused as a zip bomb",
        "secret.pdf": "document not checked: robots.txt does not allow fetching it",
    }
    assert errors["broken.pdf"].startswith("document not checked: ")


def test_document_findings_are_stored_with_the_pages(crawled):
    store, scan_id, _ = crawled
    found = {page.url.rsplit("/", 1)[1]: sorted(f.rule for f in page.findings)
             for page in store.iter_pages(scan_id) if page.document is not None}
    assert found["good.pdf"] == ["pdf-display-title", "pdf-no-lang", "pdf-no-title",
                                 "pdf-untagged"]
    assert found["careless.docx"] == ["office-no-title"]
    assert found["old.doc"] == ["document-manual-review"]
    assert found["copy.pdf"] == []  # counted once, on good.pdf
    summary = store.scan(scan_id)
    assert summary.pages == 2  # the two HTML pages; documents are counted apart


def test_each_document_is_fetched_once(crawled):
    _, _, site = crawled
    fetched = [path for path in site.requests
               if not path.endswith((".html", "/", ".txt", "favicon.ico"))]
    assert sorted(fetched) == sorted(f"/{name}" for name in LINKS if not name.startswith("private"))


def test_documents_over_the_cap_are_recorded_as_skipped(site, tmp_path, shared_crawl):
    settings = CrawlSettings(start_urls=(site.url("/index.html"),), max_pages=10, depth=2,
                             sitemaps=False, max_documents=3)
    with open_store(tmp_path / "cap.db") as store:
        scan_id = shared_crawl(store, settings, ScanOptions(checks=(), concurrency=2))
        states = [d.state for d in store.documents(scan_id)]
    assert states.count(DocumentState.DONE) == 3
    assert states.count(DocumentState.SKIPPED) == len(LINKS) - 3


def test_a_checker_with_nothing_queued_waits_without_reading_the_store(tmp_path, shared_crawl):
    """The checker reads the queue when the crawl starts, after each page that found
    documents, after each document and when the pages are done; never while a page is being
    scanned (it read the store every 0.2 s: 15 times while this busy page settles)."""
    root = tmp_path / "site"
    root.mkdir()
    (root / "index.html").write_text(make.html(
        '<h1>首页</h1><a href="/busy.html">动态</a><a href="/notice.pdf">通知</a>'), "utf-8")
    (root / "busy.html").write_text(make.html(  # changes for 3 s: the settle wait lasts as long
        '<h1>动态</h1><p id="n">0</p><script>let n = 0; const tick = setInterval(() => {'
        'document.getElementById("n").textContent = ++n; if (n === 60) clearInterval(tick);'
        '}, 50);</script>'), "utf-8")
    make.many_pages(root / "notice.pdf", 1)
    with FixtureSite(root) as served, open_store(tmp_path / "wait.db") as store:
        reads: list[DocumentState | None] = []
        documents = store.documents

        def counted(scan_id, *, state=None, limit=None):
            reads.append(state)
            return documents(scan_id, state=state, limit=limit)

        store.documents = counted  # type: ignore[method-assign]
        settings = CrawlSettings(start_urls=(served.url("/index.html"),), max_pages=10, depth=2,
                                 sitemaps=False)
        scan_id = shared_crawl(store, settings, ScanOptions(checks=(), concurrency=2))
        states = [d.state for d in documents(scan_id)]
    assert states == [DocumentState.DONE]
    # start, after index.html, after notice.pdf, pages done, and once more to be sure none is
    # left: 5; 4 when the busy page was done before the document (a loaded machine)
    assert reads.count(DocumentState.QUEUED) in (4, 5)
