"""Comparing two scans: which findings are new, which were fixed, which persist.

A finding is matched by its fingerprint on the same page (URL and viewport); fingerprints are
counted as multisets, because one barrier may occur more than once on a page. Only pages both
scans scanned successfully can show a fix: a page that NEW did not scan, or could not scan, is
"not comparable" and its old findings are listed nowhere else. A page NEW scanned but OLD did
not (or could not) has only new findings: nothing shows they were there before.

Only violations are compared unless ``include_review``; needs-review results then count too.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from audit.model import Finding, Outcome, PageResult, Severity
from audit.report.scan_json import finding_document

SCHEMA_ID = "a11y-audit/diff/1"

PageKey = tuple[str, str]  # (url, viewport)


@dataclass(frozen=True)
class DiffFinding:
    url: str
    viewport: str
    finding: Finding


@dataclass(frozen=True)
class NotComparable:
    """A page of OLD whose findings cannot be judged fixed: NEW did not scan it successfully."""

    url: str
    viewport: str
    error: str | None  # NEW's error on the page; None: NEW did not scan it
    old_findings: int

    @property
    def reason(self) -> str:
        """Why, as the diff document says it."""
        return f"error in the new scan: {self.error}" if self.error else \
            "not scanned in the new scan"


@dataclass(frozen=True)
class ScanDiff:
    new: tuple[DiffFinding, ...]
    fixed: tuple[DiffFinding, ...]
    persisting: tuple[DiffFinding, ...]  # as NEW has them
    not_comparable: tuple[NotComparable, ...]

    @property
    def new_violations(self) -> tuple[DiffFinding, ...]:
        return tuple(d for d in self.new if d.finding.outcome is Outcome.VIOLATION)


def diff_pages(old: Iterable[PageResult], new: Iterable[PageResult], *,
               include_review: bool = False) -> ScanDiff:
    """Compare the pages of two scans (each page key once per scan, as the store keeps them)."""
    old_pages = {_key(page): page for page in old}
    new_errors: dict[PageKey, str | None] = {}
    added: list[DiffFinding] = []
    fixed: list[DiffFinding] = []
    persisting: list[DiffFinding] = []
    for page in new:
        key = _key(page)
        new_errors[key] = page.error
        if page.error:
            continue
        before = old_pages.get(key)
        earlier = [] if before is None or before.error else _compared(before, include_review)
        more, gone, kept = _match(earlier, _compared(page, include_review))
        added += [DiffFinding(page.url, key[1], f) for f in more]
        fixed += [DiffFinding(page.url, key[1], f) for f in gone]
        persisting += [DiffFinding(page.url, key[1], f) for f in kept]
    not_comparable = [_not_comparable(page, new_errors, include_review)
                      for key, page in old_pages.items()
                      if key not in new_errors or new_errors[key]]
    return ScanDiff(tuple(added), tuple(fixed), tuple(persisting), tuple(not_comparable))


def _key(page: PageResult) -> PageKey:
    return page.url, str(page.viewport)


def _compared(page: PageResult, include_review: bool) -> list[Finding]:
    return list(page.findings) if include_review else page.violations


def _match(old: list[Finding], new: list[Finding]) -> tuple[list[Finding], list[Finding],
                                                            list[Finding]]:
    """(added, gone, kept): the multiset difference both ways and the intersection, by
    fingerprint, each in page order."""
    budget = Counter(f.fingerprint for f in old)
    added: list[Finding] = []
    kept: list[Finding] = []
    for finding in new:
        if budget[finding.fingerprint] > 0:
            budget[finding.fingerprint] -= 1
            kept.append(finding)
        else:
            added.append(finding)
    gone: list[Finding] = []
    for finding in reversed(old):  # the last occurrences are the ones that went away
        if budget[finding.fingerprint] > 0:
            budget[finding.fingerprint] -= 1
            gone.append(finding)
    return added, gone[::-1], kept


def _not_comparable(page: PageResult, new_errors: dict[PageKey, str | None],
                    include_review: bool) -> NotComparable:
    key = _key(page)
    return NotComparable(page.url, key[1], new_errors.get(key) or None,
                         len(_compared(page, include_review)))


def diff_document(diff: ScanDiff, old_id: int, new_id: int,
                  include_review: bool = False) -> dict[str, Any]:
    """The versioned JSON document of a diff (``"schema": "a11y-audit/diff/1"``)."""
    return {
        "schema": SCHEMA_ID,
        "old": old_id,
        "new": new_id,
        "include_review": include_review,
        "new_findings": [_entry(d) for d in diff.new],
        "fixed": [_entry(d) for d in diff.fixed],
        "persisting": [_entry(d) for d in diff.persisting],
        "not_comparable_pages": [
            {"url": p.url, "viewport": p.viewport, "reason": p.reason,
             "old_findings": p.old_findings} for p in diff.not_comparable],
        "totals": diff_totals(diff),
    }


def diff_totals(diff: ScanDiff) -> dict[str, Any]:
    return {
        "new": len(diff.new),
        "fixed": len(diff.fixed),
        "persisting": len(diff.persisting),
        "not_comparable_pages": len(diff.not_comparable),
        "new_by_impact": {str(s): sum(d.finding.impact is s for d in diff.new) for s in Severity},
        "fixed_by_impact": {str(s): sum(d.finding.impact is s for d in diff.fixed)
                            for s in Severity},
    }


def _entry(item: DiffFinding) -> dict[str, Any]:
    return {"url": item.url, "viewport": item.viewport, **finding_document(item.finding)}
