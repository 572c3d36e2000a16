"""Text spacing (WCAG 1.4.12) and resize text (WCAG 1.4.4): restyle the text, look for loss.

Both gatherers run one script that changes every element's inline style, measures which
elements newly cut their text off (overflow hidden) or let it spill out of a box of fixed
height (it may then overlap other content), and restores the style attributes.

Text at 200 % cut off with an ellipsis (one line that does not wrap, ``text-overflow`` other
than ``clip``) is to review, not a violation. The cut is the author's, marked for the reader;
the criterion asks for no loss of content (Understanding 1.4.4), so it fails only where the
full text cannot be reached another way (a link to it, a tooltip, a control that expands it),
which the check cannot tell. The ACT rule for 1.4.4 (59br37, "Zoomed text node is not clipped
with CSS overflow") passes such text for the same reason and names that further test.
"""

from __future__ import annotations

from typing import Any

from audit.model import Finding, Outcome
from audit.webscan.checks.base import CheckContext, Raw, make_finding, script

TEXT_FACTOR = 2  # 200 %


async def gather_spacing(ctx: CheckContext) -> Raw:
    return await ctx.tab.evaluate(script("text_spacing"), None, ctx.timeout_s)


async def gather_resize(ctx: CheckContext) -> Raw:
    return await ctx.tab.evaluate(script("resize_text"), {"factor": TEXT_FACTOR}, ctx.timeout_s)


def analyse_spacing(raw: Raw, page_url: str) -> list[Finding]:
    findings = [_loss(item, "text-spacing-clipped", {}, page_url)
                for item in raw.get("clipped", [])]
    for item in raw.get("blocked", []):
        findings.append(make_finding(
            rule="text-spacing-important", outcome=Outcome.NEEDS_REVIEW, element=item,
            message="important", page_url=page_url,
            values={key: item[key] for key in ("property", "value", "needed")}))
    return findings


def analyse_resize(raw: Raw, page_url: str) -> list[Finding]:
    percent = round(raw.get("factor", TEXT_FACTOR) * 100)
    return [_ellipsis(item, percent, page_url) if item.get("ellipsis")
            else _loss(item, "resize-text-clipped", {"percent": percent}, page_url)
            for item in raw.get("clipped", [])]


def _ellipsis(item: dict[str, Any], percent: int, page_url: str) -> Finding:
    """One line cut off with an ellipsis at 200 %: whether the full text can be reached
    another way is for a person to tell (module docstring)."""
    return make_finding(rule="resize-text-clipped", outcome=Outcome.NEEDS_REVIEW, element=item,
                        message="ellipsis", values={"percent": percent,
                                                    "text": item.get("text", "")},
                        page_url=page_url)


def _loss(item: dict[str, Any], rule: str, values: dict[str, Any], page_url: str) -> Finding:
    """Text cut off (a violation) or spilling out of a box of fixed height (to review)."""
    outcome = Outcome.VIOLATION if item["clipped"] else Outcome.NEEDS_REVIEW
    return make_finding(rule=rule, outcome=outcome, element=item,
                        message="clipped" if item["clipped"] else "overflows",
                        values={**values, "text": item.get("text", "")}, page_url=page_url)
