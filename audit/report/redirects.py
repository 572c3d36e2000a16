"""How a crawl says which addresses redirected to no page of their own
(``audit.webscan.site_crawl``): to a page already scanned, or off the site."""

from __future__ import annotations

from audit.model import Redirected
from audit.report.i18n import Messages
from audit.store.records import ScanSummary


def redirect_sentence(summary: ScanSummary, msg: Messages) -> str | None:
    """E.g. "2 address(es) redirected to a page already scanned (counted once)"; None when
    every redirect of the crawl was stored as a page (or there was none)."""
    recorded = (summary.options or {}).get("redirects") or {}
    parts = [msg.t(f"scan.redirected_{why}", count=recorded[why]["count"])
             for why in Redirected if recorded.get(why)]
    return msg.t("scan.count_separator").join(parts) or None
