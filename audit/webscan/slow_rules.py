"""axe-core rules whose time grows with the square of the number of targets on a page, and
what the page record says when a page had to be checked without them.

A site map (网站地图) with thousands of visible links can keep axe-core's ``target-size`` busy
for minutes: it compares every target with its neighbours. When axe-core does not finish
within its budget on a page, the scanner runs it once more without these rules (with a budget
of its own), keeps every other rule's findings, and says on the page what was not checked: a
note, and a needs-review finding of the rule each one maps to here.

Only ``target-size`` is listed. axe-core's other rules that look at many elements at once do
one pass over the page, not one per pair of targets: ``region`` walks the tree once,
``link-in-text-block`` compares each link with its own text block only, ``duplicate-id*``
and ``identical-links-same-purpose`` group by value (dequelabs/axe-core #1464, #4376, #5389).
"""

from __future__ import annotations

from audit.model import Finding, Note, NoteCode, Outcome
from audit.webscan.checks.base import make_finding

# axe-core rule -> our needs-review rule saying it was not checked (audit/standards/data/
# rules/scanner.yaml).
QUADRATIC_RULES: dict[str, str] = {"target-size": "target-size-not-checked"}
_WHY = "slow"  # the catalogue message of the not-checked rules


def not_checked_note(rules: list[str], budget_s: float) -> Note:
    """The page note when axe-core was run again without ``rules``."""
    return Note(NoteCode.SLOW_RULES_LEFT_OUT, {"seconds": f"{budget_s:g}",
                                               "rules": ", ".join(rules)})


def not_checked_findings(rules: list[str], page_url: str, budget_s: float) -> list[Finding]:
    """One needs-review finding per rule not checked, on the page as a whole."""
    return [make_finding(rule=QUADRATIC_RULES[rule], outcome=Outcome.NEEDS_REVIEW,
                         element={"selector": "html", "html": ""}, page_url=page_url,
                         message=_WHY, values={"rule": rule, "seconds": f"{budget_s:g}"})
            for rule in rules]
