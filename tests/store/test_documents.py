"""Checked documents in the store: their result row, their summary and thumbnail, the queue a
crawl's checkers claim from, one check per content, and resuming."""

from __future__ import annotations

import dataclasses

from sqlalchemy import text

from audit.model import (
    THUMBNAIL,
    DocumentInfo,
    DocumentStatus,
    Outcome,
    PageResult,
    Severity,
    Viewport,
)
from audit.store import DocumentState, open_store
from audit.store.migrations import MIGRATIONS
from tests.store.samples import finding, sample_run

PNG = bytes.fromhex(
    "89504e470d0a1a0a0000000d49484452000000010000000108000000003a7e9b55"
    "0000000a4944415478da63f80f0000010101005bd1b1a40000000049454e44ae426082")
URL = "https://gov.example.cn/files/通知.pdf"


def document_result(url: str = URL, **changes) -> PageResult:
    info = DocumentInfo(format="pdf", status=DocumentStatus.CHECKED, size=1234,
                        sha256="ab" * 32, pages=12, pages_examined=12, image_only_pages=12,
                        tagged=False, title="关于开展无障碍环境建设的通知", lang=None,
                        found_on="https://gov.example.cn/zwgk/")
    info = dataclasses.replace(info, **changes)
    return PageResult(url=url, viewport=Viewport.DOCUMENT, title=info.title, document=info,
                      findings=[finding("pdf-image-only", source="document", selector="document",
                                        impact=Severity.CRITICAL, outcome=Outcome.VIOLATION)],
                      raw={"document": {"format": "pdf"}}, screenshots={THUMBNAIL: PNG})


def test_a_document_result_round_trips_with_its_summary(store):
    scan_id = store.begin_scan(sample_run())
    store.save_page(scan_id, document_result())
    [page] = store.load_run(scan_id).pages
    assert page.viewport is Viewport.DOCUMENT
    assert [f.rule for f in page.findings] == ["pdf-image-only"]
    info = page.document
    assert (info.status, info.pages, info.image_only_pages, info.tagged) == (
        DocumentStatus.CHECKED, 12, 12, False)
    assert info.found_on == "https://gov.example.cn/zwgk/"
    if store.files_root is not None:
        assert info.thumbnail.startswith("sha256:")
    assert store.raw_artifact(scan_id, URL, "document") == {"document": {"format": "pdf"}}
    [link] = store.documents(scan_id)
    assert (link.url, link.state, link.info) == (URL, DocumentState.DONE, info)


def test_documents_are_not_counted_as_pages(store):
    scan_id = store.begin_scan(sample_run())
    store.save_page(scan_id, PageResult(url="https://gov.example.cn/", viewport=Viewport.DESKTOP))
    store.save_page(scan_id, document_result())
    summary = store.scan(scan_id)
    assert (summary.pages, summary.violations) == (1, 1)


def test_checkers_claim_each_document_once_and_resume_requeues(store):
    scan_id = store.begin_scan(sample_run())
    for name in ("a", "b", "c"):
        store.add_document(scan_id, f"https://gov.example.cn/{name}.pdf", "https://gov.example.cn/")
    first = store.claim_documents(scan_id, 2)
    assert [d.url for d in first] == ["https://gov.example.cn/a.pdf", "https://gov.example.cn/b.pdf"]
    assert [d.url for d in store.claim_documents(scan_id, 5)] == ["https://gov.example.cn/c.pdf"]
    assert store.claim_documents(scan_id, 5) == []
    store.save_page(scan_id, document_result("https://gov.example.cn/a.pdf"))
    store.resume_scan(scan_id)
    states = {d.url.rsplit("/", 1)[1]: d.state for d in store.documents(scan_id)}
    assert states == {"a.pdf": DocumentState.DONE, "b.pdf": DocumentState.QUEUED,
                      "c.pdf": DocumentState.QUEUED}
    first_queued = store.documents(scan_id, state=DocumentState.QUEUED, limit=1)
    assert [d.url for d in first_queued] == ["https://gov.example.cn/b.pdf"]
    assert store.set_document_state(scan_id, DocumentState.SKIPPED,
                                    where_state=DocumentState.QUEUED) == 2


def test_the_same_bytes_are_found_by_hash(store):
    scan_id = store.begin_scan(sample_run())
    store.save_page(scan_id, document_result())
    assert store.document_with_hash(scan_id, "ab" * 32, other_than="https://x/b.pdf") == URL
    assert store.document_with_hash(scan_id, "ab" * 32, other_than=URL) is None
    assert store.document_with_hash(scan_id, "cd" * 32, other_than="https://x/b.pdf") is None


def test_documents_found_before_migration_0006_stay_queued(store_url, monkeypatch):
    from audit.store import _migrate

    monkeypatch.setattr(_migrate, "MIGRATIONS", MIGRATIONS[:5])
    with open_store(store_url) as store:
        scan_id = store.begin_scan(sample_run())
        with store.engine.begin() as connection:
            connection.execute(text(
                "INSERT INTO documents (scan_id, url, url_key, found_on) "
                "VALUES (:scan, 'https://gov.example.cn/old.doc', 'k', NULL)"), {"scan": scan_id})
    monkeypatch.undo()
    with open_store(store_url) as store:
        [link] = store.documents(scan_id)
        assert (link.url, link.state, link.info) == (
            "https://gov.example.cn/old.doc", DocumentState.QUEUED, None)
