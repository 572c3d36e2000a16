"""What every own check shares: the registry entry, the context a gatherer gets, the finding.

A check is a *gatherer* that drives the tab and returns a JSON-able dict (stored as it is, in
``PageResult.raw["checks"][name]``) and a pure *analyser* from that dict to findings, so that
findings can be derived again later without a browser.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any

from audit.model import Finding, Outcome, Severity
from audit.standards import criterion, level_of
from audit.webscan.driver import Tab, ViewportSpec
from audit.webscan.findings import HTML_LIMIT, truncate
from audit.webscan.fingerprint import fingerprint

Raw = dict[str, Any]


@dataclass(frozen=True)
class CheckContext:
    """What a gatherer may use: the tab (axe has run in it), how the page is shown, time."""

    tab: Tab
    viewport: ViewportSpec
    timeout_s: float


@dataclass(frozen=True)
class SitePage:
    """What a site-level check may know of one scanned page."""

    url: str
    viewport: str
    final_url: str | None
    title: str | None
    error: str | None
    check_raw: Callable[[str], Raw | None]  # a check's raw output for this page, on demand


@dataclass(frozen=True)
class SiteFinding:
    url: str  # the page (as scanned) the finding is stored on
    viewport: str
    finding: Finding


SiteAnalyser = Callable[[Sequence[SitePage]], list[SiteFinding]]


Gatherer = Callable[[CheckContext], Awaitable[Raw]]
Analyser = Callable[[Raw, str], list[Finding]]


@dataclass(frozen=True)
class Check:
    name: str
    gather: Gatherer | None  # None: nothing to gather in the page (a site-level check)
    analyse: Analyser
    criteria: tuple[str, ...]  # every criterion its rules can report
    site: SiteAnalyser | None = None  # judges all pages of a scan once it is complete


@cache
def script(name: str) -> str:
    """The JS function source ``async (arg) => {...}`` made of helpers.js and ``name``.js."""
    folder = resources.files("audit.webscan.checks") / "js"
    helpers = (folder / "helpers.js").read_text(encoding="utf-8")
    body = (folder / f"{name}.js").read_text(encoding="utf-8")
    return f"async (arg) => {{\n{helpers}\n{body}\n}}"


def understanding_url(number: str) -> str:
    """The W3C "Understanding" page of a success criterion."""
    slug = criterion(number).title_en.lower()
    for old, new in (("(", ""), (")", ""), (",", ""), (" ", "-")):
        slug = slug.replace(old, new)
    return f"https://www.w3.org/WAI/WCAG22/Understanding/{slug}.html"


def make_finding(*, rule: str, source: str, outcome: Outcome, impact: Severity,
                 element: dict[str, Any], message: str, page_url: str,
                 wcag: tuple[str, ...] = (), help_url: str | None = None) -> Finding:
    """A finding of one of our checks on ``element`` ({"selector", "html"} from the page).

    The help URL is the W3C "Understanding" page of the first criterion unless given. A rule
    of another specification (``audit.standards.spec_clause``) names no WCAG criterion: its
    finding has no level, and no help URL unless given.
    """
    selector = element.get("selector") or "html"
    html = truncate(element.get("html") or "", HTML_LIMIT)
    return Finding(rule=rule, source=source, outcome=outcome, impact=impact, wcag=wcag,
                   level=level_of(wcag), selector=selector, html=html, message=message,
                   help_url=help_url if help_url is not None
                   else understanding_url(wcag[0]) if wcag else "",
                   fingerprint=fingerprint(rule, page_url, selector, html))
