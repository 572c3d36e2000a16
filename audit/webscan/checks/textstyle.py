"""Text spacing (WCAG 1.4.12) and resize text (WCAG 1.4.4): restyle the text, look for loss.

Both gatherers run one script that changes every element's inline style, measures which
elements newly cut their text off (overflow hidden) or let it spill out of a box of fixed
height (it may then overlap other content), and restores the style attributes.

Text cut off with an ellipsis is to review, not a violation (``clipping``).
"""

from __future__ import annotations

from audit.model import Finding, Outcome
from audit.webscan.checks.base import CheckContext, Raw, make_finding, script
from audit.webscan.checks.clipping import text_losses

TEXT_FACTOR = 2  # 200 %


async def gather_spacing(ctx: CheckContext) -> Raw:
    return await ctx.tab.evaluate(script("text_spacing"), None, ctx.timeout_s)


async def gather_resize(ctx: CheckContext) -> Raw:
    return await ctx.tab.evaluate(script("resize_text"), {"factor": TEXT_FACTOR}, ctx.timeout_s)


def analyse_spacing(raw: Raw, page_url: str) -> list[Finding]:
    findings = text_losses(raw.get("clipped", []), "text-spacing-clipped", {}, page_url)
    for item in raw.get("blocked", []):
        findings.append(make_finding(
            rule="text-spacing-important", outcome=Outcome.NEEDS_REVIEW, element=item,
            message="important", page_url=page_url,
            values={key: item[key] for key in ("property", "value", "needed")}))
    return findings


def analyse_resize(raw: Raw, page_url: str) -> list[Finding]:
    percent = round(raw.get("factor", TEXT_FACTOR) * 100)
    return text_losses(raw.get("clipped", []), "resize-text-clipped", {"percent": percent},
                       page_url)
