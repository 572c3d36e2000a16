"""Text spacing (WCAG 1.4.12) and resize text (WCAG 1.4.4): restyle the text, look for loss.

Both gatherers run one script that changes every element's inline style, measures which
elements newly cut their text off (overflow hidden) or let it spill out of a box of fixed
height (it may then overlap other content), and restores the style attributes.
"""

from __future__ import annotations

from typing import Any

from audit.model import Finding, Outcome, Severity
from audit.webscan.checks.base import CheckContext, Raw, make_finding, script

TEXT_FACTOR = 2  # 200 %


async def gather_spacing(ctx: CheckContext) -> Raw:
    return await ctx.tab.evaluate(script("text_spacing"), None, ctx.timeout_s)


async def gather_resize(ctx: CheckContext) -> Raw:
    return await ctx.tab.evaluate(script("resize_text"), {"factor": TEXT_FACTOR}, ctx.timeout_s)


def analyse_spacing(raw: Raw, page_url: str) -> list[Finding]:
    findings = [_loss(item, "text-spacing", "text-spacing-clipped", ("1.4.12",),
                      "With WCAG's text spacing (line height 1.5, letter 0.12em, word 0.16em, "
                      "paragraphs 2em)", page_url) for item in raw.get("clipped", [])]
    for item in raw.get("blocked", []):
        findings.append(make_finding(
            rule="text-spacing-important", source="text-spacing", outcome=Outcome.NEEDS_REVIEW,
            impact=Severity.MODERATE, wcag=("1.4.12",), element=item, page_url=page_url,
            message=f"An inline {item['property']}: {item['value']} !important keeps users' "
                    f"spacing ({item['needed']}) from applying through bookmarklets and "
                    "extensions"))
    return findings


def analyse_resize(raw: Raw, page_url: str) -> list[Finding]:
    percent = round(raw.get("factor", TEXT_FACTOR) * 100)
    return [_loss(item, "resize-text", "resize-text-clipped", ("1.4.4",),
                  f"With text at {percent} %", page_url) for item in raw.get("clipped", [])]


def _loss(item: dict[str, Any], source: str, rule: str, wcag: tuple[str, ...], when: str,
          page_url: str) -> Finding:
    text = item.get("text", "")
    if item["clipped"]:
        outcome, message = Outcome.VIOLATION, f"{when} this element cuts its text off: \"{text}\""
    else:
        outcome, message = Outcome.NEEDS_REVIEW, (
            f"{when} the text overflows this box of fixed height and may overlap other "
            f"content: \"{text}\"")
    return make_finding(rule=rule, source=source, outcome=outcome, impact=Severity.SERIOUS,
                        wcag=wcag, element=item, message=message, page_url=page_url)
