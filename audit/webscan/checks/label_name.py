"""Label in name (WCAG 2.5.3): the text a control shows must be part of its accessible name,
so that voice-control users can say what they see.

axe-core's rule for this (``label-content-name-mismatch``) is experimental and off by default;
it compares after removing ASCII and general punctuation only, so Chinese text fails it for
what is no difference to a reader: CJK brackets and full-width punctuation (【】（），),
ideographic spaces between characters (首　页), full-width letters (ＡＢＣ). This check
compares after normalising both texts: Unicode NFKC (full-width to half-width, ideographic
space to space), case folded, and only letters, digits and marks kept (no whitespace,
punctuation, symbols or emoji). A visible text that is then shorter than ``min_label_chars``
(an icon, "×") is no label; one longer than ``max_label_chars`` (a card made a link) may hold
more than the label and needs review. Text hidden from assistive technology inside the
control (an icon font's ligature such as "search", a "NEW" badge) is no part of the label,
unless it is all the text there is. Settings: ``data/label_name.yaml``.
"""

from __future__ import annotations

import unicodedata
from typing import Any

from audit.model import Finding, Outcome
from audit.webscan.checks.base import CheckContext, Raw, data, make_finding, script

QUOTE = 80  # characters of the texts quoted in a finding


async def gather(ctx: CheckContext) -> Raw:
    settings = data("label_name")
    arg = {"roles": settings["roles"], "max_controls": settings["max_controls"]}
    return await ctx.tab.evaluate(script("label_name"), arg, ctx.timeout_s)


def normalise(text: str) -> str:
    """What a voice user's words and a name are compared by: "【办事 指南】" -> "办事指南"."""
    folded = unicodedata.normalize("NFKC", text).casefold()
    return "".join(ch for ch in folded if unicodedata.category(ch)[0] in "LNM")


def analyse(raw: Raw, page_url: str) -> list[Finding]:
    settings = data("label_name")
    findings = []
    for control in raw.get("controls", []):
        text, name = normalise(control["text"]), normalise(control["name"])
        if len(text) < settings["min_label_chars"] or text in name:
            continue
        long = len(text) > settings["max_label_chars"]
        findings.append(_mismatch(control, Outcome.NEEDS_REVIEW if long else Outcome.VIOLATION,
                                  "long-text" if long else "missing", page_url))
    return findings


def _mismatch(control: dict[str, Any], outcome: Outcome, message: str,
              page_url: str) -> Finding:
    values = {"text": " ".join(control["text"].split())[:QUOTE],
              "name": " ".join(control["name"].split())[:QUOTE]}
    return make_finding(rule="label-in-name", outcome=outcome, element=control,
                        message=message, values=values, page_url=page_url)
