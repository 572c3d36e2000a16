"""The elderly-friendly profile (``--profile elderly``): MIIT's 2021 适老化 specifications.

Not WCAG: each rule reports a clause of a specification (``audit.standards.spec_clause``) and
takes its impact and thresholds from the rule catalogue (``data/rules/elderly.yaml``). One
script reads the page as it is after loading, before any user action:

- text size: body text under 18 CSS px on the phone viewport (1 dp/pt = 1 CSS px is assumed
  there); the website specification gives no minimum for desktop, so nothing is said there;
- line spacing of paragraphs of two lines or more; with ``line-height: normal`` the spacing
  depends on the font, so it is measured from the lines and only needs review;
- contrast of text against solid backgrounds (text over images and gradients is not judged);
- pop-ups (open dialogs, fixed elements covering much of the viewport, windows over a dimmed
  backdrop), floating windows with or without a close control, ads, and buttons that induce a
  download or payment.

Text size, line spacing and contrast give one finding per page; the others one per element.
"""

from __future__ import annotations

from typing import Any

from audit.model import Finding, Outcome
from audit.standards import rule_settings
from audit.webscan.checks.base import CheckContext, Raw, make_finding, script

RULES = ("elderly-text-size", "elderly-line-spacing", "elderly-contrast", "elderly-popup",
         "elderly-floating-window", "elderly-ad", "elderly-induced-button")


async def gather(ctx: CheckContext) -> Raw:
    settings = {rule: rule_settings(rule) for rule in RULES}
    measured = await ctx.tab.evaluate(script("elderly"), settings, ctx.timeout_s)
    return {"mobile": ctx.viewport.mobile, **measured}


def analyse(raw: Raw, page_url: str) -> list[Finding]:
    return [*_text_size(raw, page_url), *_line_spacing(raw, page_url),
            *_contrast(raw, page_url), *_windows(raw, page_url), *_ads(raw, page_url)]


def _text_size(raw: Raw, page_url: str) -> list[Finding]:
    small = raw.get("text", {}).get("small")
    if not raw.get("mobile") or not small:
        return []
    minimum = rule_settings("elderly-text-size")["min_px"]
    return [_finding("elderly-text-size", Outcome.VIOLATION, small, "small", page_url,
                     count=small["count"], elements=raw["text"]["elements"], minimum=minimum,
                     smallest=small["value"])]


def _line_spacing(raw: Raw, page_url: str) -> list[Finding]:
    spacing = raw.get("spacing", {})
    minimum = rule_settings("elderly-line-spacing")["min_ratio"]
    for key, outcome in (("set", Outcome.VIOLATION), ("normal", Outcome.NEEDS_REVIEW)):
        tight = spacing.get(key)
        if tight:
            return [_finding("elderly-line-spacing", outcome, tight, key, page_url,
                             count=tight["count"], paragraphs=spacing["paragraphs"],
                             minimum=minimum, tightest=tight["value"])]
    return []


def _contrast(raw: Raw, page_url: str) -> list[Finding]:
    low = raw.get("contrast", {}).get("low")
    if not low:
        return []
    return [_finding("elderly-contrast", Outcome.VIOLATION, low, "low", page_url,
                     count=low["count"], elements=raw["contrast"]["elements"],
                     lowest=low["value"], required=low["required"])]


def _windows(raw: Raw, page_url: str) -> list[Finding]:
    findings = []
    for item in raw.get("windows", []):
        if item["kind"] == "popup":
            findings.append(_finding("elderly-popup", Outcome.VIOLATION, item, "popup",
                                     page_url))
        elif item["close"]:
            findings.append(_finding("elderly-floating-window", Outcome.NEEDS_REVIEW, item,
                                     "closable", page_url))
        else:
            findings.append(_finding("elderly-floating-window", Outcome.VIOLATION, item,
                                     "fixed", page_url))
    return findings


def _ads(raw: Raw, page_url: str) -> list[Finding]:
    ads = [_finding("elderly-ad", Outcome.VIOLATION, item, item["via"], page_url)
           for item in raw.get("ads", [])]
    return ads + [_finding("elderly-induced-button", Outcome.NEEDS_REVIEW, item, "induced",
                           page_url, text=item["text"])
                  for item in raw.get("induced", [])]


def _finding(rule: str, outcome: Outcome, element: dict[str, Any], message: str,
             page_url: str, **values: Any) -> Finding:
    return make_finding(rule=rule, outcome=outcome, element=element, message=message,
                        values=values, page_url=page_url)
