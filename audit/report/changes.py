"""Changes since the previous round of a target: new, fixed and persisting violations.

Matched by fingerprint. A violation of the previous round counts as fixed only when its page
was scanned without error this round at the viewport it was found at (a phone layout's barrier
is not shown gone by the desktop layout); otherwise nothing shows it is gone, and it is left
out.
"""

from __future__ import annotations

from audit.model import Severity
from audit.report.report_model import ChangeRow, Changes, PageRow


def compare(current: dict[str, ChangeRow], previous: dict[str, ChangeRow],
            pages: list[PageRow], previous_scan_id: int,
            previous_date: str | None) -> Changes:
    scanned = {(page.url, page.viewport) for page in pages if not page.error}
    new = [row for key, row in current.items() if key not in previous]
    persisting = [row for key, row in current.items() if key in previous]
    fixed = [row for key, row in previous.items()
             if key not in current and (row.page_url, row.viewport) in scanned]
    return Changes(previous_scan_id=previous_scan_id, previous_date=previous_date,
                   new=_sorted(new), fixed=_sorted(fixed), persisting=_sorted(persisting))


def _sorted(rows: list[ChangeRow]) -> list[ChangeRow]:
    return sorted(rows, key=lambda r: (Severity(r.impact).rank, r.rule, r.page_url, r.selector))
