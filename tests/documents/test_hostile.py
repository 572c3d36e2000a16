"""Hostile documents: every check ends with a result or a reason, memory stays bounded, and the
documents checked after a bad one are checked as usual."""

from __future__ import annotations

from audit.documents import Limits, check_file
from audit.model import DocumentStatus
from audit.report.notes import english_note
from tests.documents import factory as make

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
