"""Scan results, read-only: the stored scans, their pages and each page's findings, worded
by the rule catalogue in the user's language like the report (``audit.report.wording``)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from flask import Blueprint, abort, render_template, request

from audit.errors import StoreError
from audit.fieldapp.web import language, settings, store
from audit.report.i18n import Messages as ReportMessages
from audit.report.notes import error_text, note_text
from audit.report.wording import RuleWords

blueprint = Blueprint("scans", __name__)
_PAGE_SIZE = 50


@blueprint.route("/scans")
def index() -> str:
    return render_template("scans.html.j2", scans=store().scans(limit=100))


@blueprint.route("/scans/<id:scan_id>")
def show(scan_id: int) -> str:
    try:
        summary = store().scan(scan_id)
        pages = list(store().iter_pages(scan_id))
    except StoreError:
        abort(404)
    start = max(0, request.args.get("from", 0, type=int))
    return render_template("scan.html.j2", summary=summary, pages=pages[start:start + _PAGE_SIZE],
                           start=start, total=len(pages), page_size=_PAGE_SIZE,
                           **_scan_words(rule_words()))


@blueprint.route("/scans/<id:scan_id>/pages/<int:number>")
def page(scan_id: int, number: int) -> str:
    try:
        summary = store().scan(scan_id)
        pages = list(store().iter_pages(scan_id))
    except StoreError:
        abort(404)
    if not 1 <= number <= len(pages):
        abort(404)
    words = rule_words()
    return render_template("scan_page.html.j2", summary=summary, page=pages[number - 1],
                           number=number, words=words, **_scan_words(words))


def _scan_words(words: RuleWords) -> dict[str, Callable[[Any], str]]:
    """How a page was scanned and why it failed, in the user's language, as the report says
    it (``audit.report.notes``)."""
    return {"error_text": lambda error: error_text(error, words.msg),
            "note_text": lambda note: note_text(note, words.msg),
            "viewport_name": lambda viewport: words.msg.t(f"viewport.{viewport}")}


def rule_words() -> RuleWords:
    """Rule titles, per-element messages and references in the user's language (one per
    language for the app's life: the catalogue and the report's words are data files)."""
    known: dict[str, RuleWords] = settings().setdefault("rule_words", {})
    lang = language()
    if lang not in known:
        known[lang] = RuleWords(ReportMessages(lang))
    return known[lang]
