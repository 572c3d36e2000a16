"""Reflow (WCAG 1.4.10): at 320 CSS px wide, content must fit without sideways scrolling.

Gathering: note which elements clip their text at the normal size, narrow the viewport to
320 px, measure the page's scroll width, the elements that stick out past the right edge
(outside any scrolling container: a data table in an ``overflow:auto`` wrapper is allowed)
and the elements that newly cut their text off; then restore the viewport.
"""

from __future__ import annotations

from typing import Any

from audit.model import Finding, Outcome, Severity
from audit.webscan.checks.base import CheckContext, Raw, make_finding, script

SOURCE = "reflow"
WIDTH = 320
# Content that may need two dimensions (WCAG's exception): a finding to review, not a failure.
TWO_DIMENSIONAL = {"table", "pre", "code", "canvas", "svg", "video", "iframe", "img", "math"}


async def gather(ctx: CheckContext) -> Raw:
    tab, timeout, spec = ctx.tab, ctx.timeout_s, ctx.viewport
    await tab.evaluate(script("clip_before"), None, timeout)
    await tab.set_viewport(WIDTH, spec.height, timeout)
    try:
        measured = await tab.evaluate(script("reflow_measure"), None, timeout)
    finally:
        await tab.set_viewport(spec.width, spec.height, timeout)
    return {"width": WIDTH, **measured}


def analyse(raw: Raw, page_url: str) -> list[Finding]:
    if raw.get("viewport_width", WIDTH) > WIDTH + 20:
        return []  # the page laid itself out wider (a phone page without a viewport tag)
    findings = []
    if raw["scroll_width"] > raw["viewport_width"] + 1:
        findings += [_wide(item, raw, page_url) for item in raw["wide"]] or [
            _wide({"selector": "html", "html": "<html>", "tag": "html"}, raw, page_url)]
    findings += [_clipped(item, page_url) for item in raw.get("clipped", []) if item["clipped"]]
    return findings


def _wide(item: dict[str, Any], raw: Raw, page_url: str) -> Finding:
    review = item["tag"] in TWO_DIMENSIONAL
    message = (f"At {raw['width']} CSS px wide the page scrolls sideways "
               f"({raw['scroll_width']} px of content): this element is "
               f"{item.get('width', '?')} px wide and sticks out past the right edge")
    if review:
        message += "; if it needs two dimensions (a data table, a map), put it in its own " \
                   "scrolling container"
    return make_finding(rule="reflow-horizontal-scroll", source=SOURCE,
                        outcome=Outcome.NEEDS_REVIEW if review else Outcome.VIOLATION,
                        impact=Severity.SERIOUS, wcag=("1.4.10",), element=item,
                        message=message, page_url=page_url)


def _clipped(item: dict[str, Any], page_url: str) -> Finding:
    return make_finding(rule="reflow-clipped", source=SOURCE, outcome=Outcome.VIOLATION,
                        impact=Severity.SERIOUS, wcag=("1.4.10",), element=item,
                        message=f"At {WIDTH} CSS px wide this element cuts its content off "
                                f"(overflow hidden): \"{item.get('text', '')}\"",
                        page_url=page_url)
