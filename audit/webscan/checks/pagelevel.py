"""Page-level checks that read the page once: bypass blocks (2.4.1) and moving content (2.2.2).

``bypass``: a skip-link candidate (an in-page link that is the first stop of the tab order, or
one whose text says it skips, words in ``data/bypass.yaml``) must lead somewhere that exists
and is shown; without a working skip link the page needs a main landmark. Any other in-page
link whose target is missing (a table of contents, a footnote) is no way of bypassing
blocks: it is reported as ``broken-in-page-link``, a best practice, not as 2.4.1 (a hidden
target is left alone there: tabs and disclosures hide theirs until a script shows them).
``autoplay``: carousels, marquees and autoplaying videos without a pause or stop control next
to them. Whether a carousel really advances by itself is not observed (it would cost seconds
of waiting), so carousels are needs-review; a marquee always moves.
"""

from __future__ import annotations

from typing import Any

from audit.model import Finding, Outcome
from audit.webscan.checks.base import CheckContext, Raw, data, make_finding, script, words_pattern

MIN_STOPS = 5  # fewer stops than this: hardly a block worth bypassing
_HTML = {"selector": "html", "html": "<html>"}


async def gather_bypass(ctx: CheckContext) -> Raw:
    settings = data("bypass")
    arg = {"skip_words": words_pattern(settings["skip_words"]),
           "max_broken": settings["max_broken"]}
    return await ctx.tab.evaluate(script("bypass"), arg, ctx.timeout_s)


async def gather_autoplay(ctx: CheckContext) -> Raw:
    return await ctx.tab.evaluate(script("autoplay"), None, ctx.timeout_s)


def analyse_bypass(raw: Raw, page_url: str) -> list[Finding]:
    findings = [_broken(link, "bypass-blocks", Outcome.VIOLATION, page_url)
                for link in raw.get("skip_links", []) if not link["target_shown"]]
    # a script may handle such a link (a QR code that pops up, a tab): a person checks
    findings += [_broken(link, "broken-in-page-link", Outcome.NEEDS_REVIEW, page_url)
                 for link in raw.get("broken_links", [])]
    working = any(link["target_shown"] for link in raw.get("skip_links", []))
    if working or raw.get("main") or raw.get("tabbable", 0) < MIN_STOPS:
        return findings
    if raw.get("headings", 0):
        return [*findings, _bypass(_HTML, Outcome.NEEDS_REVIEW, "headings-only", page_url)]
    return [*findings, _bypass(_HTML, Outcome.VIOLATION, "none", page_url)]


def analyse_autoplay(raw: Raw, page_url: str) -> list[Finding]:
    findings = []
    for item in raw.get("items", []):
        if item.get("control"):
            continue
        findings.append(_moving(item, page_url))
    return findings


def _broken(link: dict[str, Any], rule: str, outcome: Outcome, page_url: str) -> Finding:
    message = "missing-target" if link["target"] is None else "hidden-target"
    return make_finding(rule=rule, outcome=outcome, element=link, message=message,
                        values={"text": link["text"], "href": link["href"]}, page_url=page_url)


def _bypass(element: dict[str, Any], outcome: Outcome, message: str, page_url: str,
            values: dict[str, Any] | None = None) -> Finding:
    return make_finding(rule="bypass-blocks", outcome=outcome, element=element,
                        message=message, values=values, page_url=page_url)


def _moving(item: dict[str, Any], page_url: str) -> Finding:
    outcome = Outcome.VIOLATION if item["kind"] == "marquee" else Outcome.NEEDS_REVIEW
    return make_finding(rule="auto-advancing-content", outcome=outcome, element=item,
                        message=item["kind"], values={"slides": item.get("slides")},
                        page_url=page_url)
