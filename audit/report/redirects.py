"""How a crawl says which addresses redirected to no page of their own
(``audit.webscan.site_crawl``): to a page already scanned, off the site, ... one kind per value
of ``audit.model.Redirected``, worded by ``scan.redirected_<kind>``.

The store keeps, per kind, how many addresses and the first of them
(``options["redirects"][kind] = {"count": N, "examples": [...]}``, ``Store.note_redirect``).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from audit.model import Redirected
from audit.report.i18n import Messages
from audit.report.report_model import RedirectRow
from audit.store.records import ScanSummary


def redirect_rows(summary: ScanSummary) -> list[RedirectRow]:
    """The scan's redirects per kind, in the order of ``Redirected``; a kind this version
    does not know (recorded by a later one) follows, rather than being dropped."""
    recorded = (summary.options or {}).get("redirects")
    if not isinstance(recorded, Mapping):
        return []
    known = [str(kind) for kind in Redirected]
    kinds = [kind for kind in known if kind in recorded]
    kinds += sorted(str(kind) for kind in recorded if kind not in known)
    rows = [_row(kind, recorded[kind]) for kind in kinds]
    return [row for row in rows if row.count > 0]


def redirect_words(row: RedirectRow, msg: Messages) -> str:
    """E.g. "2 address(es) redirected to a page already scanned (counted once)"."""
    key = f"scan.redirected_{row.kind}"
    if msg.has(key):
        return msg.t(key, count=msg.number(row.count))
    return msg.t("scan.redirected_other", count=msg.number(row.count), kind=row.kind)


def redirect_sentence(summary: ScanSummary, msg: Messages) -> str | None:
    """Every kind's words in one line; None when every redirect of the crawl was stored as a
    page (or there was none)."""
    parts = [redirect_words(row, msg) for row in redirect_rows(summary)]
    return msg.t("scan.count_separator").join(parts) or None


def _row(kind: str, entry: Any) -> RedirectRow:
    entry = entry if isinstance(entry, Mapping) else {}
    count = entry.get("count")
    examples = entry.get("examples")
    urls = [str(url) for url in examples] if isinstance(examples, list) else []
    return RedirectRow(kind=kind, count=max(count if isinstance(count, int) else 0, len(urls)),
                       examples=urls)
