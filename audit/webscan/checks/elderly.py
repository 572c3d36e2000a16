"""The elderly-friendly profile (``--profile elderly``): MIIT's 2021 适老化 specifications.

Not WCAG: each rule reports a clause of a specification (``audit.standards.spec_clause``) and
takes its impact and thresholds from ``audit/standards/data/specs.yaml``. One script reads the
page as it is after loading, before any user action:

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

from audit.model import Finding, Outcome, Severity
from audit.standards import rule_settings
from audit.webscan.checks.base import CheckContext, Raw, make_finding, script

SOURCE = "elderly"
RULES = ("elderly-text-size", "elderly-line-spacing", "elderly-contrast", "elderly-popup",
         "elderly-floating-window", "elderly-ad", "elderly-induced-button")
_AD_VIA = {"host": "An ad served from an ad network; elderly-friendly pages must show no ads",
           "name": "An ad (its class or id says so); elderly-friendly pages must show no ads"}


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
    return [_finding("elderly-text-size", Outcome.VIOLATION, small,
                     f"{small['count']} of {raw['text']['elements']} text elements are smaller "
                     f"than {minimum} px on the phone viewport (the smallest "
                     f"{small['value']:g} px)", page_url)]


def _line_spacing(raw: Raw, page_url: str) -> list[Finding]:
    spacing = raw.get("spacing", {})
    minimum = rule_settings("elderly-line-spacing")["min_ratio"]
    if spacing.get("set"):
        tight = spacing["set"]
        return [_finding("elderly-line-spacing", Outcome.VIOLATION, tight,
                         f"{tight['count']} of {spacing['paragraphs']} paragraphs have a line "
                         f"height under {minimum:g} times the text size (the tightest "
                         f"{tight['value']:g})", page_url)]
    if spacing.get("normal"):
        tight = spacing["normal"]
        return [_finding("elderly-line-spacing", Outcome.NEEDS_REVIEW, tight,
                         f"{tight['count']} of {spacing['paragraphs']} paragraphs with "
                         f"line-height: normal measure under {minimum:g} times the text size "
                         f"(the tightest {tight['value']:g}); it depends on the font, so set "
                         "the line height", page_url)]
    return []


def _contrast(raw: Raw, page_url: str) -> list[Finding]:
    low = raw.get("contrast", {}).get("low")
    if not low:
        return []
    return [_finding("elderly-contrast", Outcome.VIOLATION, low,
                     f"{low['count']} of {raw['contrast']['elements']} text elements have too "
                     f"little contrast (the lowest {low['value']:g}:1, where "
                     f"{low['required']:g}:1 is needed)", page_url)]


def _windows(raw: Raw, page_url: str) -> list[Finding]:
    findings = []
    for item in raw.get("windows", []):
        if item["kind"] == "popup":
            findings.append(_finding("elderly-popup", Outcome.VIOLATION, item,
                                     "A pop-up window is shown on loading, before any user "
                                     "action", page_url))
        elif item["close"]:
            findings.append(_finding("elderly-floating-window", Outcome.NEEDS_REVIEW, item,
                                     "A floating window that can be closed: check that it is "
                                     "no ad or promotion, which elderly-friendly pages must "
                                     "not show", page_url))
        else:
            findings.append(_finding("elderly-floating-window", Outcome.VIOLATION, item,
                                     "A floating window that cannot be closed", page_url))
    return findings


def _ads(raw: Raw, page_url: str) -> list[Finding]:
    ads = [_finding("elderly-ad", Outcome.VIOLATION, item, _AD_VIA[item["via"]], page_url)
           for item in raw.get("ads", [])]
    return ads + [_finding("elderly-induced-button", Outcome.NEEDS_REVIEW, item,
                           f"\"{item['text']}\" may induce a download or payment, which "
                           "elderly-friendly pages must not offer", page_url)
                  for item in raw.get("induced", [])]


def _finding(rule: str, outcome: Outcome, element: dict[str, Any], message: str,
             page_url: str) -> Finding:
    return make_finding(rule=rule, source=SOURCE, outcome=outcome,
                        impact=Severity(rule_settings(rule)["impact"]), element=element,
                        message=message, page_url=page_url)
