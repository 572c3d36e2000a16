"""Judging a whole scan once it is complete: the site-level checks (``checks.site``) over the
pages of a run in memory, or of a scan in the store.

    judge_run(run, options.checks, options.standard)     # appends to the pages' findings
    judge_stored_scan(store, scan_id)                     # replaces the stored site findings

A stored scan is read page by page; the raw output of a page is read only when a check asks
for it (the accessibility-entry check stops at the first page of a host that has an entry).
Judging again (a resumed crawl that completes) replaces the earlier site findings.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from audit.model import Finding, PageResult, ScanRun
from audit.webscan.checks import CHECK_NAMES, CHECKS, SitePage, judge_site
from audit.webscan.checks.site import SOURCE

if TYPE_CHECKING:
    from audit.store import Store


def judge_run(run: ScanRun, checks: tuple[str, ...], standard: str) -> int:
    """Add the site-level findings to the pages of ``run``; how many there are."""
    by_key = {(page.url, str(page.viewport)): page for page in run.pages}
    found = judge_site((_memory_page(page) for page in run.pages), checks, standard)
    for item in found:
        by_key[(item.url, item.viewport)].findings.append(item.finding)
    return len(found)


def site_findings_of(run: ScanRun) -> list[tuple[str, str, Finding]]:
    """The site-level findings of a judged run, as the store takes them."""
    return [(page.url, str(page.viewport), finding) for page in run.pages
            for finding in page.findings if finding.source == SOURCE]


def judge_stored_scan(store: Store, scan_id: int) -> int:
    """Judge the stored scan with the checks and standard it was started with; store the
    site-level findings in place of earlier ones; how many there are."""
    stored = (store.scan(scan_id).options or {}).get("scan", {})
    checks = tuple(stored.get("checks", CHECK_NAMES))
    if not any(name in CHECKS and CHECKS[name].site for name in checks):
        return 0  # no site-level check was asked for: nothing to read
    standard = store.run_header(scan_id).standard
    pages = [_stored_page(store, scan_id, page) for page in store.iter_pages(scan_id)]
    found = judge_site(pages, checks, standard)
    return store.replace_source_findings(
        scan_id, SOURCE, [(item.url, item.viewport, item.finding) for item in found])


def _memory_page(page: PageResult) -> SitePage:
    return SitePage(page.url, str(page.viewport), page.final_url, page.title, page.error,
                    lambda name: ((page.raw or {}).get("checks") or {}).get(name))


def _stored_page(store: Store, scan_id: int, page: PageResult) -> SitePage:
    """The page without its findings (a big scan's pages are not all held at once)."""
    url, viewport = page.url, str(page.viewport)

    def check_raw(name: str) -> Any:
        raw = store.raw_artifact(scan_id, url, viewport) or {}
        return (raw.get("checks") or {}).get(name)
    return SitePage(url, viewport, page.final_url, page.title, page.error, check_raw)
