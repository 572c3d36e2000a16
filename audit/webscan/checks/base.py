"""What every own check shares: the registry entry, the context a gatherer gets, the finding.

A check is a *gatherer* that drives the tab and returns a JSON-able dict (stored as it is, in
``PageResult.raw["checks"][name]``) and a pure *analyser* from that dict to findings, so that
findings can be derived again later without a browser.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
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


Gatherer = Callable[[CheckContext], Awaitable[Raw]]
Analyser = Callable[[Raw, str], list[Finding]]


@dataclass(frozen=True)
class Check:
    name: str
    gather: Gatherer
    analyse: Analyser
    criteria: tuple[str, ...]  # every criterion its rules can report


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
                 wcag: tuple[str, ...], element: dict[str, Any], message: str,
                 page_url: str) -> Finding:
    """A finding of one of our checks on ``element`` ({"selector", "html"} from the page)."""
    selector = element.get("selector") or "html"
    html = truncate(element.get("html") or "", HTML_LIMIT)
    return Finding(rule=rule, source=source, outcome=outcome, impact=impact, wcag=wcag,
                   level=level_of(wcag), selector=selector, html=html, message=message,
                   help_url=understanding_url(wcag[0]),
                   fingerprint=fingerprint(rule, page_url, selector, html))
