"""The per-success-criterion table (WCAG-EM's view) of one scan.

A criterion *fails* when a violation names it, *needs review* when only a needs-review item
does, shows *no automated failures* when a rule that tests it ran (passed, inapplicable or
flagged nothing), and is *not checked automatically* otherwise. Nothing here says "conforms":
that takes a person.
"""

from __future__ import annotations

from collections.abc import Iterable

from audit.report.report_model import (
    FAILS,
    NEEDS_REVIEW,
    NO_AUTOMATED_FAILURES,
    NOT_CHECKED,
    CriterionRow,
)
from audit.standards import check_criteria, get_standard, rule_criteria


def checked_criteria(axe_rules: Iterable[str], checks: Iterable[str]) -> set[str]:
    """The criteria that the axe rules and own checks which ran can fail (from the rule
    catalogue)."""
    found: set[str] = set()
    for rule in axe_rules:
        found.update(rule_criteria(rule))
    for check in checks:
        found.update(check_criteria(check))
    return found


class CoverageTally:
    """Counts per criterion while the pages of a scan stream past."""

    def __init__(self) -> None:
        self.violations: dict[str, int] = {}
        self.reviews: dict[str, int] = {}
        self.rules_run: set[str] = set()
        self.checks_run: set[str] = set()

    def add(self, wcag: Iterable[str], violation: bool) -> None:
        counts = self.violations if violation else self.reviews
        for number in wcag:
            counts[number] = counts.get(number, 0) + 1

    def rows(self, standard: str, manual: dict[str, str] | None = None) -> list[CriterionRow]:
        checked = checked_criteria(self.rules_run, self.checks_run)
        rows = []
        for item in get_standard(standard).in_scope():
            fails = self.violations.get(item.number, 0)
            reviews = self.reviews.get(item.number, 0)
            if fails:
                status = FAILS
            elif reviews:
                status = NEEDS_REVIEW
            elif item.number in checked:
                status = NO_AUTOMATED_FAILURES
            else:
                status = NOT_CHECKED
            rows.append(CriterionRow(item.number, item.title_en, item.title_zh, item.level,
                                     status, fails, reviews, (manual or {}).get(item.number)))
        return rows
