"""Reflow (WCAG 1.4.10): at 320 CSS px wide, content must fit without sideways scrolling.

Gathering: note which elements clip their text at the normal size, narrow the viewport to
320 px — and its height in proportion, as zooming to 400 % does (1280 x 800 becomes 320 x 200),
so that a landscape screen stays landscape and a page's portrait-only styles do not switch
on — measure the page's scroll width, the elements that stick out past the right edge
(outside any scrolling container: a data table in an ``overflow:auto`` wrapper is allowed)
and the elements that newly cut their text off; then restore the viewport.
"""

from __future__ import annotations

from typing import Any

from audit.model import Finding, Outcome
from audit.webscan.checks.base import CheckContext, Raw, make_finding, script
from audit.webscan.checks.clipping import text_losses

WIDTH = 320
# Content that may need two dimensions (WCAG's exception): a finding to review, not a failure.
TWO_DIMENSIONAL = {"table", "pre", "code", "canvas", "svg", "video", "iframe", "img", "math"}
# Content that needs two dimensions by its nature (video and games, as Understanding 1.4.10
# names them, and map widgets: ``map`` in the raw item): it may scroll both ways whatever its
# width, nothing to report.
BY_NATURE = {"video", "canvas"}


async def gather(ctx: CheckContext) -> Raw:
    tab, timeout, spec = ctx.tab, ctx.timeout_s, ctx.viewport
    await tab.evaluate(script("clip_before"), None, timeout)
    await tab.set_viewport(WIDTH, zoomed_height(spec.width, spec.height), timeout)
    try:
        measured = await tab.evaluate(script("reflow_measure"),
                                      {"two_dimensional": sorted(TWO_DIMENSIONAL)}, timeout)
    finally:
        await tab.set_viewport(spec.width, spec.height, timeout)
    return {"width": WIDTH, **measured}


def zoomed_height(width: int, height: int) -> int:
    """The viewport's height when zooming makes it ``WIDTH`` wide."""
    return max(1, round(height * WIDTH / width)) if width > WIDTH else height


def analyse(raw: Raw, page_url: str) -> list[Finding]:
    if raw.get("viewport_width", WIDTH) > WIDTH + 20:
        return []  # the page laid itself out wider (a phone page without a viewport tag)
    findings = []
    if raw["scroll_width"] > raw["viewport_width"] + 1:
        findings += [_wide(item, raw, page_url) for item in raw["wide"]
                     if not _may_scroll(item, raw["viewport_width"])]
        if not raw["wide"]:
            findings.append(
                _wide({"selector": "html", "html": "<html>", "tag": "html"}, raw, page_url))
    findings += text_losses([item for item in raw.get("clipped", []) if item["clipped"]],
                            "reflow-clipped", {"width": WIDTH}, page_url)
    return findings


def _may_scroll(item: dict[str, Any], viewport_width: int) -> bool:
    """Content of two dimensions that may scroll: a video, a game or a map; or a picture, frame,
    table or diagram whose content is no wider than the screen (inside its border), pushed past
    the edge only by the page's margins: it is laid out for the narrow screen (a frame's
    document reflows in it), and what sticks out is a sliver of something that may scroll."""
    if item["tag"] in BY_NATURE or item.get("map"):
        return True
    inner = item.get("inner_width") or item.get("width", viewport_width + 1)
    return item["tag"] in TWO_DIMENSIONAL and inner <= viewport_width


def _wide(item: dict[str, Any], raw: Raw, page_url: str) -> Finding:
    review = item["tag"] in TWO_DIMENSIONAL
    return make_finding(rule="reflow-horizontal-scroll",
                        outcome=Outcome.NEEDS_REVIEW if review else Outcome.VIOLATION,
                        element=item, message="two-dimensional" if review else "wide",
                        values={"width": raw["width"], "scroll_width": raw["scroll_width"],
                                "element_width": item.get("width", "?")}, page_url=page_url)
