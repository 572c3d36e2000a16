"""Orientation (WCAG 1.3.4): the page must not lock itself to portrait or landscape.

Gathering: show the page as it is and with the viewport's sides swapped, look
for large elements turned by 90 degrees in one of them (CSS that rotates the page to force
the other orientation) and for text that disappears in one of them (a "please turn your
device" screen, or one laid over the page as an opaque cover of the whole screen: then the
text shown is the cover's); then restore the viewport. ``screen.orientation.lock()`` only works in
full screen, which a scan never enters, so it is not looked for.
"""

from __future__ import annotations

from typing import Any

from audit.model import Finding, Outcome
from audit.webscan.checks.base import CheckContext, Raw, make_finding, script

HIDDEN_SHARE = 0.25  # less text than this share of the other orientation's: content hidden
MIN_TEXT = 200
_BODY = {"selector": "body", "html": "<body>"}


async def gather(ctx: CheckContext) -> Raw:
    tab, timeout, spec = ctx.tab, ctx.timeout_s, ctx.viewport
    now, other = ("portrait", "landscape") if spec.height > spec.width else (
        "landscape", "portrait")
    measured: dict[str, Any] = {now: await tab.evaluate(script("orientation"), None, timeout)}
    try:
        await tab.set_viewport(spec.height, spec.width, timeout)  # sides swapped
        measured[other] = await tab.evaluate(script("orientation"), None, timeout)
    finally:
        await tab.set_viewport(spec.width, spec.height, timeout)
    return measured


def analyse(raw: Raw, page_url: str) -> list[Finding]:
    findings = []
    for name, other in (("portrait", "landscape"), ("landscape", "portrait")):
        shown, alternative = raw.get(name), raw.get(other)
        if not shown or not alternative:
            continue
        turned_there = {item["selector"] for item in alternative["rotated"]}
        for item in shown["rotated"]:
            if item["selector"] not in turned_there:
                findings.append(_lock(item, f"rotated-{name}", {"angle": item["angle"]},
                                      page_url))
        if alternative["text"] >= MIN_TEXT and shown["text"] < HIDDEN_SHARE * alternative["text"]:
            findings.append(_lock(shown.get("cover") or _BODY, f"hidden-{name}",
                                  {"shown": shown["text"], "other": alternative["text"]},
                                  page_url))
    return findings


def _lock(element: dict[str, Any], message: str, values: dict[str, Any],
          page_url: str) -> Finding:
    return make_finding(rule="orientation-lock", outcome=Outcome.VIOLATION, element=element,
                        message=message, values=values, page_url=page_url)
