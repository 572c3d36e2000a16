"""How an incremental round is worded: pages checked in full, pages carried forward, or why
nothing was carried forward (``audit.webscan.incremental``)."""

from __future__ import annotations

from typing import Any

from audit.report.i18n import Messages
from audit.store.records import ScanSummary


def round_facts(summary: ScanSummary) -> dict[str, Any] | None:
    """The fields of the sentence (``why`` None: pages were carried forward); None when the
    scan was no incremental round."""
    recorded = (summary.options or {}).get("incremental")
    if not isinstance(recorded, dict):
        return None
    return {"why": recorded.get("why_none"), "previous": recorded.get("previous"),
            "base": recorded.get("base"), "verified": summary.pages_verified,
            "carried": summary.pages_carried, "oldest": summary.oldest_carried or "-"}


def round_sentence(summary: ScanSummary, msg: Messages) -> str | None:
    facts = round_facts(summary)
    if facts is None:
        return None
    key = f"scan.incremental_{facts['why']}" if facts["why"] else "scan.incremental_fact"
    return msg.t("scan.incremental_line", text=msg.t(key, **facts))
