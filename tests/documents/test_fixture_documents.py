"""Each fixture document gives exactly its expected findings; accessible ones give none."""

from __future__ import annotations

import pytest

from audit.documents import check_file
from audit.model import DocumentStatus, Viewport
from audit.report.i18n import Messages
from audit.report.notes import english_note, error_text, note_text
from tests.documents import factory as make

V, R = "violation", "needs-review"
UNTAGGED = [("pdf-untagged", V, "document"), ("pdf-no-lang", V, "document")]

PRINTED = {
    "accessible.pdf": [],
    "untagged.pdf": UNTAGGED,
    "stripped.pdf": [("pdf-no-lang", V, "document"), ("pdf-no-title", V, "document"),
                     ("pdf-display-title", V, "document")],
    "image-without-alt.pdf": [("pdf-figure-alt", V, "page 1, figure 1")],
    "table-without-headers.pdf": [("pdf-table-headers", V, "page 1, table 1")],
    # rows and cells of tables named by the /RoleMap, as authoring tools name their own types
    "role-mapped-table.pdf": [],
    "role-mapped-table-without-headers.pdf": [("pdf-table-headers", V, "page 1, table 1")],
    "no-headings.pdf": [("pdf-no-headings", R, "document")],
    "english-on-chinese.pdf": [("pdf-lang-wrong", V, "document")],
    "lang-as-name.pdf": [("pdf-lang-wrong", V, "document")],  # stated, but not as a string
    "scanned.pdf": [*UNTAGGED, ("pdf-display-title", V, "document"),
                    ("pdf-image-only", V, "document")],
    "ocr-layer.pdf": [*UNTAGGED, ("pdf-display-title", V, "document"),
                      ("pdf-ocr-layer", R, "document")],
    "no-accessibility.pdf": [("pdf-encryption-blocks-at", V, "document")],
    "javascript.pdf": [],
    # Chromium draws CJK text in dozens of Type3 fonts, which have no names
    "no-unicode-maps.pdf": [("pdf-garbled-text", V, "document"),
                            ("pdf-font-unicode", V, "Type3 fonts without a name")],
    "broken-xref.pdf": [],
}

OFFICE = {
    "accessible.docx": [],
    "careless.docx": [("office-no-title", V, "document"), ("office-no-lang", V, "document"),
                      ("office-image-alt", V, "image 1 'Picture 1'"),
                      ("office-table-header", V, "table 1"),
                      ("office-no-headings", R, "document")],
    "accessible.xlsx": [],
    "careless.xlsx": [("office-no-title", V, "document"),
                      ("office-table-header", V, "sheet '完成情况', table 'Progress'")],
    "accessible.pptx": [],
    "careless.pptx": [("document-alt-suspicious", R, "slide 1, image 1 'Picture 1'"),
                      ("office-slide-title", R, "slide 1")],
}

MANUAL = {"legacy.doc": "Word 97-2003 (DOC)", "legacy.xls": "Excel 97-2003 (XLS)",
          "legacy.wps": "WPS text (WPS)", "legacy.et": "WPS spreadsheet (ET)",
          "e-invoice.ofd": "OFD", "word-97.doc": "Word 97-2003 (DOC)",
          "excel-97.xls": "Excel 97-2003 (XLS)", "powerpoint-97.ppt": "PowerPoint 97-2003 (PPT)",
          # encrypted with the default password: Excel opens it without asking
          "default-password.xls": "Excel 97-2003 (XLS)"}


def _found(page):
    return [(f.rule, str(f.outcome), f.selector) for f in page.findings]


@pytest.mark.browser
@pytest.mark.parametrize("name", sorted(PRINTED))
def test_printed_pdf_gives_exactly_its_findings(printed, name):
    page = check_file(printed[name], f"https://www.example.gov.cn/files/{name}")
    assert page.error is None
    assert _found(page) == PRINTED[name]
    assert page.viewport is Viewport.DOCUMENT
    assert page.document.status is DocumentStatus.CHECKED
    assert page.document.format == "pdf"


@pytest.mark.browser
def test_accessible_pdf_is_described(printed):
    page = check_file(printed["accessible.pdf"], "https://www.example.gov.cn/files/a.pdf")
    info = page.document
    assert (info.pages, info.pages_examined, info.image_only_pages, info.tagged) == (1, 1, 0, True)
    assert (info.title, info.lang) == ("关于开展无障碍环境建设的通知", "zh-CN")
    assert page.screenshots["thumbnail"].startswith(b"\x89PNG")
    assert page.raw["document"]["structure"]["figures"] == [
        {"page": 1, "alt": "区政府徽标", "actual_text": None}]


@pytest.mark.browser
def test_a_language_written_as_a_name_is_read_and_reported_as_written_wrongly(printed):
    page = check_file(printed["lang-as-name.pdf"], "lang.pdf")
    assert page.document.lang == "zh-CN"
    assert [(f.rule, f.facts["message"], str(f.impact), f.html) for f in page.findings] == [
        ("pdf-lang-wrong", "name", "moderate", "/Lang /zh-CN")]


@pytest.mark.browser
def test_scanned_pdf_counts_its_image_only_pages(printed):
    page = check_file(printed["scanned.pdf"], "scan.pdf")
    assert page.document.image_only_pages == 1
    image_only = next(f for f in page.findings if f.rule == "pdf-image-only")
    assert str(image_only.impact) == "critical"  # every page is an image
    assert image_only.message == ("PDF pages are images with no text: 1 of 1 pages are images "
                                  "with no text (pages 1)")
    assert image_only.wcag == ("1.1.1", "1.4.5")


@pytest.mark.browser
def test_document_findings_have_stable_fingerprints(printed):
    url = "https://www.example.gov.cn/files/stripped.pdf?id=7&v=1"
    first = check_file(printed["stripped.pdf"], url)
    again = check_file(printed["stripped.pdf"], "https://other.example/files/stripped.pdf?v=1&id=7")
    assert [f.fingerprint for f in first.findings] == [f.fingerprint for f in again.findings]
    assert len({f.fingerprint for f in first.findings}) == 3
    assert {f.source for f in first.findings} == {"document"}


@pytest.mark.browser
def test_javascript_is_noted_never_run(printed):
    page = check_file(printed["javascript.pdf"], "js.pdf")
    assert [english_note(n) for n in page.notes] == [
        "the PDF contains JavaScript (never run by the check)"]


@pytest.mark.browser
def test_password_protected_pdf_is_not_checked_and_says_why(printed):
    page = check_file(printed["password.pdf"], "password.pdf")
    assert page.error == "document not checked: the PDF needs a password to open"
    assert page.document.status is DocumentStatus.FAILED
    assert page.findings == []


@pytest.mark.browser
def test_password_protected_pdf_says_why_in_chinese_too(printed):
    page = check_file(printed["password.pdf"], "password.pdf")
    assert error_text(page.error, Messages("zh-CN")) == "文档未检查：PDF 需要密码才能打开，无法检查"


def test_a_pdf_secured_for_particular_recipients_is_not_called_damaged(tmp_path):
    page = check_file(make.certificate_secured(tmp_path / "secured.pdf"), "secured.pdf")
    assert page.error == ("document not checked: the PDF is encrypted for particular recipients "
                          "or with a DRM plug-in, not with a password: it opens only with their "
                          "digital ID or software")
    assert (page.document.status, page.findings) == (DocumentStatus.FAILED, [])
    assert error_text(page.error, Messages("zh-CN")) == (
        "文档未检查：PDF 是为特定接收人或用 DRM 插件加密的，不是用密码加密：只有用接收人的数字证书"
        "或相应软件才能打开")


@pytest.mark.parametrize(("name", "kind", "said"), [
    ("locked.docx", "docx", "Word (DOCX)"), ("locked.xlsx", "xlsx", "Excel (XLSX)"),
    ("locked.pptx", "pptx", "PowerPoint (PPTX)"),
    ("locked", "ooxml", "Office (Word, Excel or PowerPoint)"),
    ("password-97.doc", "doc", "Word 97-2003 (DOC)"),
    ("password-97.xls", "xls", "Excel 97-2003 (XLS)"),
    ("password-95.xls", "xls", "Excel 97-2003 (XLS)"),  # Excel 5.0/95: the stream is Book
    ("password-97.ppt", "ppt", "PowerPoint 97-2003 (PPT)"),
    ("password-wps.wps", "wps", "WPS text (WPS)"),
    ("workbook-named.doc", "xls", "Excel 97-2003 (XLS)")])  # its streams tell, not its name
def test_password_protected_office_file_is_not_checked_and_says_why(office, name, kind, said):
    """Office saves a DOCX/XLSX/PPTX with a password as an OLE2 file holding the encrypted
    package; a Word, Excel or PowerPoint 97-2003 file with a password has Word's fEncrypted
    bit, Excel's FILEPASS record, PowerPoint's encryption. Not a file for a person to review
    by hand, but one nobody can open without the password (a screen reader's user neither)."""
    page = check_file(office[name], f"https://www.example.gov.cn/files/{name}")
    assert page.error == f"document not checked: the {said} file needs a password to open"
    assert (page.document.status, page.document.format) == (DocumentStatus.FAILED, kind)
    assert page.findings == []
    assert error_text(page.error, Messages("zh-CN")) == (
        f"文档未检查：{said} 文件需要密码才能打开，无法检查")


@pytest.mark.parametrize(("name", "kind", "expected"), [
    ("default-password.xlsx", "xlsx", []),
    ("default-password", "xlsx", OFFICE["careless.xlsx"]),  # no name: the package tells
    ("default-password.docx", "docx", OFFICE["careless.docx"])])
def test_a_file_encrypted_with_the_default_password_is_checked_as_any_other(office, name, kind,
                                                                           expected):
    """Excel encrypts a workbook protected for editing only with "VelvetSweatshop" and opens
    it without asking: its findings are those of the same file unencrypted, and it says so."""
    page = check_file(office[name], f"https://www.example.gov.cn/files/{name}")
    assert page.error is None
    assert (page.document.status, page.document.format) == (DocumentStatus.CHECKED, kind)
    assert _found(page) == expected
    assert page.raw["document"]["encryption"] == "default-password"
    [note] = page.notes
    assert english_note(note) == (
        "the file is encrypted with Excel's default password (VelvetSweatshop): it opens "
        "without asking for one, and was checked decrypted")
    assert note_text(note, Messages("zh-CN")) == (
        "该文件用 Excel 的默认密码（VelvetSweatshop）加密：打开时不需要输入密码，已解密后检查")


def test_a_file_with_its_own_password_still_needs_it(office):
    page = check_file(office["own-password.xlsx"], "own-password.xlsx")
    assert page.error == "document not checked: the Excel (XLSX) file needs a password to open"
    assert (page.document.status, page.findings) == (DocumentStatus.FAILED, [])


@pytest.mark.browser
def test_truncated_pdf_is_recorded_with_a_reason(printed):
    page = check_file(printed["truncated.pdf"], "truncated.pdf")
    assert page.error.startswith("document not checked: ")
    assert page.document.status is DocumentStatus.FAILED
    assert page.document.sha256 and page.document.size


@pytest.mark.parametrize("name", sorted(OFFICE))
def test_office_file_gives_exactly_its_findings(office, name):
    page = check_file(office[name], f"https://www.example.gov.cn/files/{name}")
    assert page.error is None
    assert _found(page) == OFFICE[name]
    assert page.document.status is DocumentStatus.CHECKED


@pytest.mark.parametrize("name", sorted(MANUAL))
def test_formats_no_check_reads_are_left_for_manual_review(office, name):
    page = check_file(office[name], name)
    assert page.document.status is DocumentStatus.MANUAL_REVIEW
    assert page.error is None
    [finding] = page.findings
    assert (finding.rule, str(finding.outcome)) == ("document-manual-review", "needs-review")
    assert finding.message == (
        "Document format is not checked automatically; review it by hand: "
        f"{MANUAL[name]} documents are not checked automatically; review this one by hand")
