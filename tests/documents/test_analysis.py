"""The analysers on hand-made facts: the checks fixture files do not reach (fonts, garbled
text, annotations, tab order, form fields, placeholder titles and alt texts), browser-free."""

from __future__ import annotations

import copy

import pytest

from audit.documents import findings_from_facts
from audit.documents.analyse_pdf import analyse_pdf
from audit.documents.formats import sniff
from audit.documents.issues import document_key, page_list
from tests.documents import factory as make

PAGE = {"text": 40, "invisible": 0, "chars": 400, "images": 0, "cover": 0.0, "paths": 3,
        "classes": {"cjk": 380, "other": 20}, "annots": [], "tabs": None}
TAGGED = {
    "format": "pdf", "pages": 2, "pages_examined": 2, "budget_hit": False, "encrypted": False,
    "accessibility_allowed": True, "marked": True, "struct_tree": True, "lang": "zh-CN",
    "display_doc_title": True, "info_title": "通知", "xmp_title": None, "javascript": False,
    "structure": {"elements": 9, "truncated": False, "headings": 1, "figures": [], "tables": []},
    "page_facts": [dict(PAGE), dict(PAGE)], "fonts": [], "fields": [],
}


def facts(**changes):
    result = copy.deepcopy(TAGGED)
    result.update(changes)
    return result


def rules(found):
    return [(issue.rule, issue.location, issue.facts) for issue in found]


def test_fonts_without_unicode_mapping_and_their_exemptions():
    fonts = [
        {"name": "ABCDEE+SimSun", "subtype": "Type0", "encoding": "Identity-H",
         "to_unicode": False, "ordering": "Identity", "registry": "Adobe", "symbolic": True,
         "pages": [1, 2]},
        {"name": "STSong-Light", "subtype": "Type0", "encoding": "UniGB-UCS2-H",
         "to_unicode": False, "ordering": "GB1", "registry": "Adobe", "symbolic": False,
         "pages": [1]},
        {"name": "T3", "subtype": "Type3", "encoding": "Differences", "to_unicode": False,
         "ordering": None, "registry": None, "symbolic": True, "pages": [2]},
        {"name": "Arial", "subtype": "TrueType", "encoding": "WinAnsiEncoding",
         "to_unicode": False, "ordering": None, "registry": None, "symbolic": False,
         "pages": [1]},
    ]
    assert rules(analyse_pdf(facts(fonts=fonts))) == [
        ("pdf-font-unicode", "font 'SimSun'", {"font": "SimSun", "subtype": "Type0",
                                               "encoding": "Identity-H", "pages": "1-2"}),
        ("pdf-font-unicode", "font 'T3'", {"font": "T3", "subtype": "Type3",
                                           "encoding": "Differences", "pages": "2"}),
    ]


def test_a_subset_fonts_finding_keeps_its_fingerprint_from_one_build_to_the_next():
    """Each export of a PDF names its font subsets anew (ABCDEF+SimSun, then QWERTY+SimSun):
    the tag stays in the snippet but not in the location, so the next round does not show
    the same barrier as fixed and new; two subsets of one font in one file are one finding."""
    font = {"name": "ABCDEF+SimSun", "subtype": "Type0", "encoding": "Identity-H",
            "to_unicode": False, "ordering": "Identity", "registry": "Adobe", "symbolic": True,
            "pages": [1]}
    first = findings_from_facts(facts(fonts=[font]), "https://x.gov.cn/a.pdf")
    rebuilt = findings_from_facts(facts(fonts=[{**font, "name": "QWERTY+SimSun"}]),
                                  "https://x.gov.cn/a.pdf")
    assert [(f.selector, f.html) for f in first] == [("font 'SimSun'", "/Type0 /ABCDEF+SimSun")]
    assert [f.html for f in rebuilt] == ["/Type0 /QWERTY+SimSun"]
    assert [f.fingerprint for f in first] == [f.fingerprint for f in rebuilt]
    assert first[0].message == ("Font has no Unicode mapping; its text cannot be extracted: "
                                "Font SimSun (Type0, encoding Identity-H) has no ToUnicode map; "
                                "used on pages 1")
    merged = findings_from_facts(facts(fonts=[font, {**font, "name": "QWERTY+SimSun",
                                                     "pages": [2]}]), "https://x.gov.cn/a.pdf")
    assert [(f.selector, f.html, f.facts["values"]["pages"]) for f in merged] == [
        ("font 'SimSun'", "/Type0 /ABCDEF+SimSun /QWERTY+SimSun", "1-2")]
    not_a_tag = findings_from_facts(facts(fonts=[{**font, "name": "ABCDEf+SimSun"}]), "a.pdf")
    assert [f.selector for f in not_a_tag] == ["font 'ABCDEf+SimSun'"]


def test_fonts_without_a_name_are_one_finding_not_many_alike():
    """Type3 fonts have no /BaseFont: a document whose text is in 66 of them (Chromium prints
    CJK text so) must not get 66 findings of one location and one fingerprint."""
    unnamed = {"name": "?", "subtype": "Type3", "encoding": "Differences", "to_unicode": False,
               "ordering": None, "registry": None, "symbolic": True}
    fonts = [{**unnamed, "pages": [1]}, {**unnamed, "pages": [2]}, {**unnamed, "pages": [1]},
             {**unnamed, "to_unicode": True, "pages": [2]},
             {**unnamed, "name": "T3", "pages": [2]}]
    found = findings_from_facts(facts(fonts=fonts), "https://x.gov.cn/a.pdf")
    assert [(f.selector, f.facts["values"]) for f in found] == [
        ("Type3 fonts without a name", {"count": 3, "subtype": "Type3", "pages": "1-2"}),
        ("font 'T3'", {"font": "T3", "subtype": "Type3", "encoding": "Differences",
                       "pages": "2"}),
    ]
    assert found[0].message == ("Font has no Unicode mapping; its text cannot be extracted: "
                                "Type3 fonts without a name (3) have no ToUnicode map; used on "
                                "pages 1-2")
    assert len({f.fingerprint for f in found}) == 2


def test_garbled_text_is_counted_per_page():
    garbled = dict(PAGE, classes={"pua": 30, "cjk": 70})
    found = analyse_pdf(facts(page_facts=[dict(PAGE), garbled]))
    assert rules(found) == [("pdf-garbled-text", "document",
                             {"count": 1, "total": 2, "pages": "2", "share": 30})]


def test_links_outside_the_tree_and_tab_order_per_page():
    page = dict(PAGE, annots=[["Link", True], ["Link", False], ["Widget", False]], tabs=None)
    found = analyse_pdf(facts(page_facts=[page, dict(PAGE, annots=[["Link", True]], tabs="S")]))
    assert rules(found) == [
        ("pdf-annot-untagged", "page 1", {"count": 2, "kinds": "1 Link, 1 Widget"}),
        ("pdf-tab-order", "document", {"count": 1, "pages": "1"}),
    ]


def test_an_untagged_pdf_gets_one_finding_for_the_structure_cascade():
    page = dict(PAGE, annots=[["Link", False]])
    found = analyse_pdf(facts(struct_tree=False, marked=False, page_facts=[page, page]))
    assert [issue.rule for issue in found] == ["pdf-untagged"]


def test_form_fields_need_a_tooltip():
    fields = [{"name": "applicant.name", "tooltip": False}, {"name": "phone", "tooltip": True}]
    assert rules(analyse_pdf(facts(fields=fields))) == [
        ("pdf-form-field-name", "field 'applicant.name'", {"name": "applicant.name"})]


@pytest.mark.parametrize("title", ["Microsoft Word - 通知.docx", "20240612093512", "未命名",
                                   "scan0001.pdf", "Untitled"])
def test_placeholder_titles(title):
    assert rules(analyse_pdf(facts(info_title=title))) == [
        ("pdf-no-title", "document", {"title": title})]


def test_alt_texts_that_are_no_alternatives():
    figures = [{"page": 1, "alt": "IMG_0012.JPG", "actual_text": None}] + \
        [{"page": 2, "alt": "图片", "actual_text": None}] + \
        [{"page": 2, "alt": "区徽", "actual_text": None}] * 3
    found = analyse_pdf(facts(structure={**TAGGED["structure"], "figures": figures}))
    assert [(i.rule, i.message, i.location) for i in found] == [
        ("document-alt-suspicious", "placeholder", "page 1, figure 1"),
        ("document-alt-suspicious", "placeholder", "page 2, figure 2"),
        ("document-alt-suspicious", "repeated", "document, alt '区徽'"),
    ]


@pytest.mark.parametrize(("lang", "classes", "expected"), [
    ("zh-CN", {"cjk": 300}, []),
    ("en-US", {"cjk": 300, "latin": 20}, ["mismatch"]),
    ("zh", {"latin": 900}, ["mismatch"]),
    ("en", {"latin": 30}, []),  # too little text to judge
    ("Chinese (PRC)", {"cjk": 300}, ["invalid"]),
])
def test_declared_language_against_the_text(lang, classes, expected):
    found = analyse_pdf(facts(lang=lang, page_facts=[dict(PAGE, classes=classes)]))
    assert [issue.message for issue in found if issue.rule == "pdf-lang-wrong"] == expected


@pytest.mark.parametrize(("lang", "classes", "expected"), [
    ("zh-CN", {"cjk": 300}, ["name"]),
    ("en-US", {"cjk": 300, "latin": 20}, ["mismatch"]),  # the wrong language says more
    ("zh_CN", {"cjk": 300}, ["invalid"]),
])
def test_a_language_written_as_a_name_is_a_language_written_wrongly(lang, classes, expected):
    """``/Lang /zh-CN`` (a name; ISO 32000 asks for a text string) states the language plainly
    and PDFium reads it, but pdf.js does not: not "no language", but a language to write
    again as a string (and judged against the text like any other)."""
    stated = facts(lang=lang, lang_as_name=True, page_facts=[dict(PAGE, classes=classes)])
    found = analyse_pdf(stated)
    assert [issue.rule for issue in found] == ["pdf-lang-wrong"]
    assert [issue.message for issue in found] == expected
    [finding] = findings_from_facts(stated, "https://x.gov.cn/a.pdf")
    if expected == ["name"]:
        assert (finding.impact, finding.outcome) == ("moderate", "violation")
        assert finding.message == (
            "PDF declares a wrong language: The language zh-CN is written as a PDF name "
            "(/Lang /zh-CN), not as a text string (/Lang (zh-CN)); some readers (pdf.js in "
            "Firefox) then find no language")


def test_findings_from_stored_facts_are_the_same_findings():
    stored = facts(lang=None)
    first = findings_from_facts(stored, "https://x.gov.cn/a.pdf")
    assert [f.rule for f in first] == ["pdf-no-lang"]
    assert first == findings_from_facts(copy.deepcopy(stored), "https://x.gov.cn/a.pdf")
    assert first[0].message == ("PDF does not declare its language: The document catalog has "
                                "no /Lang")
    assert first[0].help_url == "https://www.w3.org/WAI/WCAG22/Techniques/pdf/PDF16"
    assert (first[0].wcag, first[0].level) == (("3.1.1",), "A")


def test_page_lists_and_document_keys():
    assert page_list([9, 1, 2, 3, 5, 8]) == "1-3, 5, 8-9"
    assert page_list(range(1, 60, 2), limit=3) == "1, 3, 5, …"
    assert document_key("https://x.gov.cn/f/a.pdf?v=2&id=1") == "/f/a.pdf?id=1&v=2"
    assert document_key("/home/me/downloads/a.pdf") == "a.pdf"


@pytest.mark.parametrize(("head", "name", "kind"), [
    (b"%PDF-1.7\n", "x.bin", "pdf"),
    (b"\xef\xbb\xbf  junk %PDF-1.4", "x", "pdf"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "通知.doc", "doc"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "表.et", "et"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "download", "ole2"),
    (b"<!DOCTYPE html><html>", "report.pdf", "html"),
    (b"{\\rtf1\\ansi", "a.doc", "rtf"),
    (b"PK\x03\x04broken", "a.docx", "docx"),
    (b"PK\x03\x04broken", "a.zip", "zip"),
    (b"Rar!\x1a\x07\x00", "a.rar", "rar"),
])
def test_sniffing_by_bytes_then_name(tmp_path, head, name, kind):
    path = tmp_path / "file"
    path.write_bytes(head + bytes(64))
    assert sniff(path, name).kind == kind


@pytest.mark.parametrize(("name", "kind"), [
    ("a.docx", "docx"), ("a.DOCM", "docx"), ("a.xlsx", "xlsx"), ("a.pptx", "pptx"),
    ("a.doc", "ooxml"), ("download", "ooxml")])
def test_a_password_protected_office_package_is_sniffed_as_encrypted(tmp_path, name, kind):
    """By its directory (the stream EncryptedPackage), not by its name: the name says only
    which program made it."""
    sniffed = sniff(make.encrypted_office(tmp_path / "file"), name)
    assert (sniffed.kind, sniffed.encrypted) == (kind, True)


@pytest.mark.parametrize("damage", [
    lambda data: data[:600],  # the directory is cut off
    lambda data: data[:0x30] + b"\xff\xff\xff\x7f" + data[0x34:],  # it starts past the end
    lambda data: data[:512] + b"\x01\x00\x00\x00" * 128 + data[1024:],  # the FAT loops
    lambda data: data[:0x1E] + b"\x20\x00" + data[0x20:],  # a sector size no file has
])
def test_a_damaged_compound_file_is_not_called_encrypted(tmp_path, damage):
    path = make.encrypted_office(tmp_path / "file")
    path.write_bytes(damage(path.read_bytes()))
    assert (sniff(path, "a.doc").kind, sniff(path, "a.doc").encrypted) == ("doc", False)
