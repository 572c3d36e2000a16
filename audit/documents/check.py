"""Checking one document file: sniff its kind, gather its facts in the sandbox, analyse them.

The result is a ``PageResult`` of viewport ``document`` (so the store, ``show``, ``diff``, the
gate and every format take it like a page) with a ``DocumentInfo``: a document that cannot be
checked has the reason as its ``error``; a format no check reads gets a needs-review finding
saying so, never a clean bill.
"""

from __future__ import annotations

import hashlib
import time
from dataclasses import replace
from pathlib import Path
from typing import Any

from audit.documents.analyse_office import analyse_office
from audit.documents.analyse_pdf import analyse_pdf, page_kinds
from audit.documents.formats import LEGACY_OFFICE, PDF, Sniffed, sniff
from audit.documents.issues import Issue, to_finding
from audit.documents.sandbox import Gathered, Limits, gather
from audit.model import (
    THUMBNAIL,
    DocumentInfo,
    DocumentStatus,
    Finding,
    Note,
    NoteCode,
    Outcome,
    PageResult,
    Viewport,
)

RAW_KEY = "document"  # PageResult.raw["document"]: the facts as gathered


def check_file(path: Path, document: str, *, limits: Limits | None = None, name: str = "",
               status: int | None = None, final_url: str | None = None,
               media_type: str | None = None, found_on: str | None = None) -> PageResult:
    """Check the file at ``path``, known to users as ``document`` (its URL, or its path).
    ``name`` is the name to tell the format by when the bytes cannot (default: ``document``)."""
    started = time.monotonic()
    sniffed = sniff(path, name or document)
    info = DocumentInfo(format=sniffed.kind, status=DocumentStatus.CHECKED,
                        size=path.stat().st_size, sha256=sha256_of(path), media_type=media_type,
                        found_on=found_on)
    page = PageResult(url=document, viewport=Viewport.DOCUMENT, final_url=final_url,
                      status=status, document=info)
    if info.size == 0:  # a server's error or a cut connection: nothing to review
        return failed(page, "the file is empty (0 bytes)")
    if sniffed.kind == "html":
        return failed(page, "the server sent an HTML page, not a document")
    if sniffed.kind in LEGACY_OFFICE and _password_protected(path, sniffed, limits or Limits()):
        return failed(page, f"the {sniffed.name} file needs a password to open")
    if not (sniffed.checked or sniffed.encrypted):  # an encrypted package: the worker tries
        return _manual_review(page, sniffed)        # the default password
    gathered = gather(path, sniffed.kind, limits or Limits())
    page.timings_ms["check"] = round((time.monotonic() - started) * 1000)
    if gathered.facts is None:
        return failed(page, gathered.error or "no result")
    return _analysed(page, gathered)


def findings_from_facts(facts: dict[str, Any], document: str) -> list[Finding]:
    """The findings that stored facts give (the same as when they were gathered)."""
    issues = analyse_pdf(facts) if facts["format"] == PDF else analyse_office(facts)
    return [to_finding(issue, document) for issue in issues]


def failed(page: PageResult, reason: str) -> PageResult:
    """``page`` as a document that could not be checked, and why."""
    page.error = f"document not checked: {reason}"
    if page.document is not None:
        page.document = replace(page.document, status=DocumentStatus.FAILED)
    return page


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _password_protected(path: Path, sniffed: Sniffed, limits: Limits) -> bool:
    """Whether the Office 97-2003 or WPS file at ``path`` is password-protected, as the
    sandboxed worker tells (not when it cannot tell: then a person reviews it anyway)."""
    facts = gather(path, sniffed.kind, limits).facts
    return bool(facts and facts.get("encrypted") is True)


def _manual_review(page: PageResult, sniffed: Sniffed) -> PageResult:
    issue = Issue("document-manual-review", "format", facts={"format": sniffed.name},
                  outcome=Outcome.NEEDS_REVIEW, snippet=sniffed.name)
    page.findings = [to_finding(issue, page.url)]
    assert page.document is not None
    page.document = replace(page.document, status=DocumentStatus.MANUAL_REVIEW)
    return page


def _analysed(page: PageResult, gathered: Gathered) -> PageResult:
    facts = gathered.facts or {}
    page.raw = {RAW_KEY: facts, "worker": {"peak_rss_kb": gathered.peak_rss_kb,
                                           "cpu_s": gathered.cpu_s, "wall_s": gathered.wall_s}}
    page.findings = findings_from_facts(facts, page.url)
    page.title = facts.get("info_title") or facts.get("xmp_title") or facts.get("title")
    page.notes = _notes(facts)
    if gathered.thumbnail:
        page.screenshots = {THUMBNAIL: gathered.thumbnail}
    assert page.document is not None
    page.document = replace(page.document, format=facts["format"], title=page.title,
                             lang=facts.get("lang"), **_shape(facts))
    return page


def _shape(facts: dict[str, Any]) -> dict[str, Any]:
    """Pages (sheets, slides), pages examined, image-only pages and tagging, by format."""
    if facts["format"] == PDF:
        return {"pages": facts["pages"], "pages_examined": facts["pages_examined"],
                "image_only_pages": len(page_kinds(facts)["image-only"]),
                "tagged": bool(facts["struct_tree"] and facts["marked"])}
    if facts["format"] == "pptx":
        return {"pages": len(facts["slides"])}
    if facts["format"] == "xlsx":
        return {"pages": facts["sheets"]}
    return {"pages": facts.get("pages")}


def _notes(facts: dict[str, Any]) -> list[Note]:
    notes = []
    if facts.get("budget_hit"):
        notes.append(Note(NoteCode.DOCUMENT_PAGES_LIMITED, {
            "examined": facts["pages_examined"], "pages": facts["pages"]}))
    if facts.get("structure", {}).get("truncated"):
        notes.append(Note(NoteCode.DOCUMENT_STRUCTURE_PARTIAL))
    if facts.get("javascript"):
        notes.append(Note(NoteCode.DOCUMENT_JAVASCRIPT))
    if facts.get("encryption") == "default-password":
        notes.append(Note(NoteCode.DOCUMENT_DEFAULT_PASSWORD))
    return notes
