"""The report's documents section: every document of a target with what its check came to, the
worst problems in the report's language, a first-page thumbnail, and the list to review by
hand; document findings count in the rule groups and the criteria like a page's."""

from __future__ import annotations

import pytest

from audit.report.assemble import build_report
from audit.report.html import render_html
from audit.store import open_store
from tests.report.report_factory import PORTAL, documents_run, options
from tests.support.site import FixtureSite


@pytest.fixture(scope="module")
def stored(tmp_path_factory):
    with open_store(tmp_path_factory.mktemp("docs") / "audit.db") as store:
        scan_id = store.save_run(documents_run(), target="district-portal")
        store.add_document(scan_id, f"{PORTAL}/files/later.xlsx", f"{PORTAL}/zwgk/")
        yield store


def test_documents_are_rows_of_their_own(stored):
    [section] = build_report(stored, options("en")).web
    assert [p.url for p in section.pages] == [f"{PORTAL}/zwgk/"]
    rows = {row.url.rsplit("/", 1)[1]: row for row in section.document_rows}
    assert {name: row.status for name, row in rows.items()} == {
        "通知.pdf": "checked", "申请表.doc": "manual-review", "missing.pdf": "failed",
        "later.xlsx": "not-checked"}
    scanned = rows["通知.pdf"]
    assert (scanned.pages, scanned.image_only_pages, scanned.tagged) == (3, 3, False)
    assert scanned.worst == ["pdf-image-only", "pdf-untagged", "pdf-no-lang"]
    assert scanned.thumbnail.startswith("data:image/")
    assert rows["missing.pdf"].reason == "document not checked: the server answered HTTP 404"
    assert section.documents == 4 and section.documents_by_status["checked"] == 1
    assert "pdf-image-only" in [group.rule for group in section.violations]
    assert "document-manual-review" in [group.rule for group in section.reviews]
    assert next(c for c in section.criteria if c.number == "1.4.5").status == "fails"


@pytest.mark.parametrize(("lang", "words"), [
    ("zh-CN", ["发布的文档", "PDF 页面只有图像，没有文字", "需人工检查的文档",
               "需人工检查（格式不能自动检测）", "关于开展无障碍环境建设的通知 的第一页",
               "仅作类比"]),
    ("en", ["Published documents", "PDF pages are images with no text",
            "Documents to review by hand", "First page of 关于开展无障碍环境建设的通知",
            "by analogy only"]),
])
def test_the_section_speaks_the_report_language(stored, lang, words):
    html = render_html(build_report(stored, options(lang)))
    missing = [word for word in words if word not in html]
    assert missing == []


@pytest.mark.browser
def test_the_documents_section_passes_our_own_scan(stored, tmp_path, own_scanner):
    for lang in ("zh-CN", "en"):
        (tmp_path / f"{lang}.html").write_text(
            render_html(build_report(stored, options(lang))), encoding="utf-8")
    with FixtureSite(tmp_path) as site:
        run = own_scanner.scan([site.url(f"{lang}.html") for lang in ("zh-CN", "en")],
                               timeout_s=90)
    assert [(p.url, p.error) for p in run.pages if p.error] == []
    assert [(f.rule, f.selector) for p in run.pages for f in p.violations] == []
