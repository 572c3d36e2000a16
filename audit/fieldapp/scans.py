"""Scan results, read-only: the stored scans, their pages and each page's findings."""

from __future__ import annotations

from flask import Blueprint, abort, render_template, request

from audit.errors import StoreError
from audit.fieldapp.web import store

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
                           start=start, total=len(pages), page_size=_PAGE_SIZE)


@blueprint.route("/scans/<id:scan_id>/pages/<int:number>")
def page(scan_id: int, number: int) -> str:
    try:
        summary = store().scan(scan_id)
        pages = list(store().iter_pages(scan_id))
    except StoreError:
        abort(404)
    if not 1 <= number <= len(pages):
        abort(404)
    return render_template("scan_page.html.j2", summary=summary, page=pages[number - 1],
                           number=number)
