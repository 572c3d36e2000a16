"""Hostile documents: every check ends with a result or a reason, memory stays bounded, and the
documents checked after a bad one are checked as usual."""

from __future__ import annotations

import tracemalloc
import zipfile

import pytest
from rich.console import Console

from audit.documents import Limits, check_file, sniff
from audit.model import DocumentStatus, ScanRun
from audit.report.i18n import Messages
from audit.report.notes import english_note, error_text
from audit.report.scan_text import render_text
from tests.documents import factory as make
from tests.support.site import FixtureSite

LIMITS = Limits(memory_mb=256, cpu_s=60, wall_s=120, max_pages=1000)


def test_a_run_over_hostile_documents_finishes_and_keeps_every_result(hostile, office):
    names = sorted(hostile)
    results = {}
    for name in [*names, "accessible.docx"]:
        path = hostile.get(name) or office[name]
        results[name] = check_file(path, name, limits=LIMITS)
    for name, page in results.items():
        assert page.document is not None, name
        assert (page.error is None) == (page.document.status is not DocumentStatus.FAILED), name
        worker = (page.raw or {}).get("worker") or {}
        if worker.get("peak_rss_kb"):
            assert worker["peak_rss_kb"] < 256 * 1024 + 200 * 1024, name  # forkserver + allowance
    assert results["accessible.docx"].findings == []
    assert results["zip-bomb.docx"].error == (
        "document not checked: part word/media/huge.bin inflates 64 MB from far less: refused "
        "as a zip bomb")
    assert results["empty.docx"].error.startswith("document not checked: damaged file")
    assert results["not-a-pdf.pdf"].document.status is DocumentStatus.FAILED
    bomb = results["entity-bomb.xlsx"].error
    assert bomb.startswith("document not checked: damaged XLSX file: ")
    assert str(hostile["entity-bomb.xlsx"].parent) not in bomb  # the reader's file: no use


def test_5000_pages_are_examined_up_to_the_limit_and_say_so(hostile):
    page = check_file(hostile["5000-pages.pdf"], "big.pdf", limits=LIMITS)
    assert page.error is None
    assert (page.document.pages, page.document.pages_examined) == (5000, 1000)
    assert [english_note(n) for n in page.notes] == [
        "only 1000 of 5000 pages were examined (the time or page limit for one document)"]


def test_recursion_bomb_is_walked_to_the_end(hostile):
    page = check_file(hostile["recursion-bomb.pdf"], "loop.pdf", limits=LIMITS)
    assert page.error is None
    assert page.raw["document"]["structure"]["elements"] == 50_000
    assert not page.raw["document"]["structure"]["truncated"]


def test_decompression_bomb_is_read_within_the_memory_limit(hostile):
    page = check_file(hostile["decompression-bomb.pdf"], "bomb.pdf", limits=LIMITS)
    if page.error is None:
        assert [f.rule for f in page.findings][-1] == "pdf-image-only"
        assert page.raw["worker"]["peak_rss_kb"] < 256 * 1024 + 200 * 1024
    else:
        assert page.error.startswith("document not checked: ")


def test_a_document_too_big_for_the_memory_limit_is_not_called_damaged(tmp_path):
    # 600,000 paragraphs: a 10 MB DOCX whose XML the reader cannot hold in 128 MB (libxml2
    # then says only "unknown error", which the reader took for damage)
    big = make.long_word(make.word(tmp_path / "plain.docx"), tmp_path / "big.docx", 600_000)
    page = check_file(big, "big.docx", limits=Limits(memory_mb=128, cpu_s=60, wall_s=120))
    assert page.error == ("document not checked: reading it needs more than 128 MB of memory "
                          "(the limit for one document)")
    assert page.document.status is DocumentStatus.FAILED


def test_a_pdf_whose_object_stream_runs_out_of_memory_says_so_instead_of_a_false_finding(
        tmp_path):
    """qpdf reports an allocation that failed while it inflated an object stream as a warning
    and reads the objects in it as null: the document's title was then "missing" (a
    violation found in nothing but the memory limit)."""
    readable = check_file(make.object_stream_bomb(tmp_path / "small.pdf", 1), "small.pdf",
                          limits=LIMITS)
    assert (readable.error, readable.title) == (None, "Notice")
    bomb = make.object_stream_bomb(tmp_path / "bomb.pdf", 400)
    page = check_file(bomb, "bomb.pdf", limits=LIMITS)
    assert page.error == ("document not checked: reading it needs more than 256 MB of memory "
                          "(the limit for one document)")
    assert (page.document.status, page.findings) == (DocumentStatus.FAILED, [])


def test_a_page_tree_that_contains_itself_is_a_reason(tmp_path):
    page = check_file(make.page_tree_loop(tmp_path / "loop.pdf"), "loop.pdf", limits=LIMITS)
    assert page.error == ("document not checked: damaged PDF that cannot be opened: the file "
                          "(object 2 0): Loop detected in /Pages structure (getAllPages)")


def test_an_empty_file_is_not_a_document_to_review(tmp_path):
    """A 0-byte download (a server's error, a cut connection) has nothing to review: it was
    left for review by hand as a document "of unknown format"."""
    empty = tmp_path / "notice.pdf"
    empty.write_bytes(b"")
    page = check_file(empty, "https://www.example.gov.cn/files/notice.pdf")
    assert page.error == "document not checked: the file is empty (0 bytes)"
    assert (page.document.status, page.document.size, page.findings) == (
        DocumentStatus.FAILED, 0, [])
    assert error_text(page.error, Messages("zh-CN")) == "文档未检查：文件为空（0 字节）"


@pytest.mark.parametrize(("made", "name", "kind"), [
    ("pdf", "notice.docx", "pdf"), ("docx", "notice.pdf", "docx"),
    ("xlsx", "notice.docx", "xlsx"), ("xls", "notice.doc", "xls")])
def test_the_bytes_not_the_extension_tell_the_kind(tmp_path, made, name, kind):
    """Already so for PDF and packages (the bytes decide); an Office 97-2003 file's kind by
    its streams is new."""
    build = {"pdf": lambda t: make.many_pages(t, 1), "docx": make.word, "xlsx": make.workbook,
             "xls": lambda t: make.legacy_workbook(t, encrypted=False)}[made]
    path = build(tmp_path / f"made.{made}")
    assert sniff(path, name).kind == kind
    assert check_file(path, name, limits=LIMITS).document.format == kind


@pytest.mark.parametrize("loop", [True, False])
def test_a_legacy_file_with_a_corrupt_fat_is_left_for_review(tmp_path, loop):
    """A chain in the FAT that loops or leaves the file: olefile stops (in the worker and
    when sniffing), the file goes to a person as any legacy file; no hang, no crash."""
    plain = make.legacy_word(tmp_path / "plain.doc", encrypted=False)
    broken = make.corrupt_fat(plain, tmp_path / "broken.doc", loop=loop)
    page = check_file(broken, "broken.doc", limits=LIMITS)
    assert (page.error, page.document.status, page.document.format) == (
        None, DocumentStatus.MANUAL_REVIEW, "doc")


@pytest.mark.parametrize(("kind", "part", "text"), [
    ("docx", "docProps/core.xml", make.TITLE), ("docx", "word/document.xml", "街道"),
    ("xlsx", "docProps/core.xml", make.TITLE), ("xlsx", "xl/sharedStrings.xml", "街道"),
    ("pptx", "docProps/core.xml", make.TITLE), ("pptx", "ppt/slides/slide1.xml", make.TITLE)])
def test_external_entities_in_a_package_are_neither_read_nor_fetched(tmp_path, kind, part,
                                                                     text):
    """Already safe: our parser resolves no entities, python-docx and python-pptx neither,
    openpyxl's lxml (5 and later) only internal ones; nothing reads the file or asks the
    server the entities name."""
    secret = tmp_path / "secret.txt"
    secret.write_text("TOP-SECRET-MARKER")
    plain = {"docx": make.word, "xlsx": make.workbook, "pptx": make.slides}[kind](
        tmp_path / f"plain.{kind}")
    with FixtureSite(tmp_path) as site:
        for url in (secret.as_uri(), site.url("secret.txt")):
            hostile = make.external_entity(plain, tmp_path / f"xxe.{kind}", part, text, url)
            page = check_file(hostile, f"xxe.{kind}", limits=LIMITS)
            assert "TOP-SECRET-MARKER" not in repr(page)
        assert site.requests == []


@pytest.mark.parametrize(("kind", "part", "after"), [
    ("docx", "word/document.xml", "<w:body>"), ("pptx", "ppt/slides/slide1.xml", "<p:spTree>"),
    ("xlsx", "xl/workbook.xml", "<sheets>")])
def test_xml_nested_100000_deep_is_refused_with_a_reason(tmp_path, kind, part, after):
    plain = {"docx": make.word, "xlsx": make.workbook, "pptx": make.slides}[kind](
        tmp_path / f"plain.{kind}")
    nested = make.deeply_nested(plain, tmp_path / f"nested.{kind}", part, after, 100_000)
    page = check_file(nested, f"nested.{kind}", limits=LIMITS)
    assert page.error == (f"document not checked: damaged {kind.upper()} file: its XML is "
                          "nested more than 256 levels deep")


def test_a_part_that_inflates_beyond_the_size_it_states_is_refused(tmp_path):
    """Already safe: zipfile stops at the stated size and checks the CRC."""
    lying = make.lying_sizes(make.word(tmp_path / "plain.docx"), tmp_path / "lying.docx",
                             "word/document.xml")
    page = check_file(lying, "lying.docx", limits=LIMITS)
    assert page.error == ("document not checked: damaged DOCX file: Bad CRC-32 for file "
                          "'word/document.xml'")


def test_an_encrypted_zip_bomb_is_refused_after_decryption(tmp_path):
    """A package encrypted with the default password is held to the same limits once it is
    decrypted (in the worker, within its memory)."""
    bomb = make.zip_bomb(make.word(tmp_path / "plain.docx"), tmp_path / "bomb.docx")
    locked = make.office_encrypted_with(bomb, tmp_path / "locked.docx", "VelvetSweatshop")
    page = check_file(locked, "locked.docx", limits=LIMITS)
    assert page.error == (
        "document not checked: part word/media/huge.bin inflates 64 MB from far less: refused "
        "as a zip bomb")


@pytest.mark.parametrize(("kind", "part"), [
    ("docx", "docProps/core.xml"), ("xlsx", "docProps/core.xml"), ("pptx", "docProps/core.xml"),
    ("docx", "word/document.xml")])
def test_an_entity_bomb_in_a_package_is_refused_in_our_words(tmp_path, kind, part):
    """Already safe (libxml2 caps the expansion), but the reason was libxml2's advice to its
    caller ("see xmlCtxtSetMaxAmplification")."""
    plain = {"docx": make.word, "xlsx": make.workbook, "pptx": make.slides}[kind](
        tmp_path / f"plain.{kind}")
    text = make.TITLE if part.startswith("docProps") else "街道"
    bomb = make.entity_bomb(plain, tmp_path / f"bomb.{kind}", part, text)
    page = check_file(bomb, f"bomb.{kind}", limits=LIMITS)
    assert page.error == (f"document not checked: damaged {kind.upper()} file: its XML declares "
                          "entities that expand beyond reason (refused as an entity bomb)")


def test_an_entity_bomb_in_the_encryption_information_is_refused(tmp_path):
    """msoffcrypto reads an encrypted package's EncryptionInfo with minidom: expat caps the
    expansion; the reason says what is wrong with the file."""
    locked = make.office_encrypted_with(make.workbook(tmp_path / "plain.xlsx"),
                                        tmp_path / "locked.xlsx", "VelvetSweatshop")
    entities = "".join(f'<!ENTITY lol{n} "{f"&lol{n - 1};" * 10}">' for n in range(1, 10))
    doctype = f'<!DOCTYPE encryption [<!ENTITY lol0 "lol">{entities}]>'.encode()
    bomb = make.with_encryption_info(locked, tmp_path / "bomb.xlsx", lambda info: info.replace(
        b"?>", b"?>" + doctype, 1).replace(b'hashAlgorithm="SHA512"', b'hashAlgorithm="&lol9;"', 1))
    page = check_file(bomb, "bomb.xlsx", limits=LIMITS)
    assert page.error == ("document not checked: damaged Excel (XLSX) file: its encryption "
                          "information declares entities that expand beyond reason (refused as "
                          "an entity bomb)")


def test_a_title_with_control_characters_is_kept_as_evidence_and_shown_harmless(tmp_path):
    """Already safe: what a document says is stored as it is, and the text report prints
    control and bidirectional characters as "?" (a title that clears the terminal, rings it,
    or reads backwards); a path in a name is only text."""
    title = "通知\x1b[2J\x07../../etc/passwd\u202etxt.exe"
    pdf = make.titled(make.many_pages(tmp_path / "plain.pdf", 1), tmp_path / "t.pdf", title)
    page = check_file(pdf, "https://www.example.gov.cn/files/../../etc/passwd%1b.pdf",
                      limits=LIMITS)
    assert page.title == title
    console = Console(record=True, width=300, force_terminal=False)
    render_text(ScanRun(engine="document", standard="wcag22aa", tool_version="0", pages=[page]),
                console, Messages("en"))
    first = console.export_text().strip().splitlines()[0]
    assert first == ("https://www.example.gov.cn/files/../../etc/passwd%1b.pdf — "
                     "通知?[2J?../../etc/passwd?txt.exe (document)")


def test_telling_a_package_s_kind_does_not_inflate_its_parts(tmp_path):
    """The kind is told in the process that runs the crawl, outside the sandbox: an ODF-like
    package whose "mimetype" part inflates to 256 MB was read whole to look at 100 bytes."""
    bomb = tmp_path / "bomb.odt"
    with zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as archive, \
            archive.open("mimetype", "w", force_zip64=True) as part:
        part.write(b"application/vnd.oasis.opendocument.text")
        for _ in range(256):
            part.write(bytes(1 << 20))
    tracemalloc.start()
    try:
        kind = sniff(bomb, "bomb.odt").kind
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert kind == "zip"  # its mimetype is not one of ODF's (it goes on with zeros)
    assert peak < 4 * 2**20
