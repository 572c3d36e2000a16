"""What every own check shares: the registry entry, the context a gatherer gets, the finding.

A check is a *gatherer* that drives the tab and returns a JSON-able dict (stored as it is, in
``PageResult.raw["checks"][name]``) and a pure *analyser* from that dict to findings, so that
findings can be derived again later without a browser.
"""

from __future__ import annotations

import re
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any

from audit.model import Finding, Outcome, Severity
from audit.standards import Rule, Source, catalogue, check_criteria, element_message
from audit.standards.rules import fields
from audit.webscan.driver import Tab, ViewportSpec
from audit.webscan.findings import HTML_LIMIT, truncate
from audit.webscan.fingerprint import fingerprint
from audit.yamlfile import load_data

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
    site: SiteAnalyser | None = None  # judges all pages of a scan once it is complete

    @property
    def criteria(self) -> tuple[str, ...]:
        """Every criterion its rules can report (from the rule catalogue)."""
        return check_criteria(self.name)


@cache
def script(name: str) -> str:
    """The JS function source ``async (arg) => {...}`` made of helpers.js and ``name``.js."""
    folder = resources.files("audit.webscan.checks") / "js"
    helpers = (folder / "helpers.js").read_text(encoding="utf-8")
    body = (folder / f"{name}.js").read_text(encoding="utf-8")
    return f"async (arg) => {{\n{helpers}\n{body}\n}}"


@cache
def data(name: str) -> dict[str, Any]:
    """The settings and word lists of ``data/<name>.yaml`` (data, not code)."""
    folder = resources.files("audit.webscan.checks") / "data"
    loaded = load_data((folder / f"{name}.yaml").read_text(encoding="utf-8"))
    return dict(loaded)


def words_pattern(words: list[str]) -> str:
    """A regular expression (JS and Python alike) that matches any of ``words`` literally."""
    return "|".join(re.escape(str(word)) for word in words)


def make_finding(*, rule: str, outcome: Outcome, element: dict[str, Any], page_url: str,
                 message: str, values: dict[str, Any] | None = None) -> Finding:
    """A finding of one of our rules on ``element`` ({"selector", "html"} from the page).

    The analyser says which rule, what came out and which of the rule's messages applies, with
    the facts that message needs (``values``: numbers, selectors, texts from the page). Source,
    impact, criteria and help URL come from the rule catalogue; the words too, at render time
    (``message`` keeps the English for JSON readers).
    """
    entry = catalogue()[rule]
    values = values or {}
    _check_wording(entry, message, values)
    facts = {"message": message, "values": values}
    selector = element.get("selector") or "html"
    html = truncate(element.get("html") or "", HTML_LIMIT)
    return Finding(rule=rule, source=_source(entry), outcome=outcome,
                   impact=Severity(entry.impact), wcag=entry.wcag, level=entry.level,
                   selector=selector, html=html,
                   message=element_message(rule, facts, "en", ""), help_url=entry.link,
                   fingerprint=fingerprint(rule, page_url, selector, html), facts=facts)


def _check_wording(entry: Rule, message: str, values: dict[str, Any]) -> None:
    """An analyser names a message its rule has and gives every field it asks for; anything
    else is a bug in the analyser or the catalogue, caught by the analysers' tests."""
    words = entry.messages.get(message)
    if words is None:
        raise ValueError(f"rule {entry.id} has no message {message!r} in the rule catalogue")
    missing = fields(words.en) - set(values)
    if missing:
        raise ValueError(f"message {message!r} of rule {entry.id} needs {sorted(missing)}")


def _source(entry: Rule) -> str:
    """What a finding names as its source: "site" for site-level rules, else the check."""
    return str(entry.source) if entry.source is Source.SITE else str(entry.check)
