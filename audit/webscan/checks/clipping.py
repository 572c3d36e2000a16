"""Text lost when the page is shown another way (narrow, enlarged, spaced out): one verdict.

Reflow (WCAG 1.4.10), resize text (1.4.4) and text spacing (1.4.12) measure the same thing in
the page (helpers.js ``clipState``): an element that newly cuts its text off (overflow hidden)
or lets it spill out of a box of fixed height. Text cut off is a violation; text that spills
may overlap other content and is to review.

One line cut off with an ellipsis (a line that does not wrap, ``text-overflow`` other than
``clip``) is to review, not a violation, under all three criteria. The cut is the author's,
marked for the reader; the criteria ask for no loss of content or information (Understanding
1.4.4, 1.4.10), so it fails only where the full text cannot be reached another way (a link to
it, a tooltip, a control that expands it), which the check cannot tell: a list of news titles
cut short, each linking to its article, is common on government portals. The ACT rule for
1.4.4 (59br37, "Zoomed text node is not clipped with CSS overflow") passes such text for the
same reason and names that further test. Where the element's title (or that of its nearest
titled ancestor) holds the whole text, the full text is reached by pointing at it: nothing
is lost, nothing is reported.
"""

from __future__ import annotations

from typing import Any

from audit.model import Finding, Outcome
from audit.webscan.checks.base import make_finding


def text_losses(items: list[dict[str, Any]], rule: str, values: dict[str, Any],
                page_url: str) -> list[Finding]:
    """The findings for the elements whose text is cut off or spills (module docstring)."""
    return [_text_loss(item, rule, values, page_url) for item in items
            if not (item.get("ellipsis") and item.get("titled"))]


def _text_loss(item: dict[str, Any], rule: str, values: dict[str, Any],
               page_url: str) -> Finding:
    if item.get("ellipsis"):
        outcome, message = Outcome.NEEDS_REVIEW, "ellipsis"
    elif item["clipped"]:
        outcome, message = Outcome.VIOLATION, "clipped"
    else:
        outcome, message = Outcome.NEEDS_REVIEW, "overflows"
    return make_finding(rule=rule, outcome=outcome, element=item, message=message,
                        values={**values, "text": item.get("text", "")}, page_url=page_url)
