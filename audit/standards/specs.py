"""Specifications other than WCAG (``data/specs.yaml``) and the clause each profile rule reports.

The elderly-friendly rules test MIIT's 2021 适老化 specifications: their findings name no WCAG
success criterion but a clause of a specification, marked unconfirmed where the clause number
could not be checked against the official text. Which clause a rule tests, and the thresholds
its check uses, are in the rule catalogue (``data/rules/elderly.yaml``).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from audit.standards._data import load, pick_title
from audit.standards.rules import rule

_FILE = "specs.yaml"


@dataclass(frozen=True)
class SpecClause:
    """Where a rule comes from: "互联网网站适老化通用设计规范" 2.4.1, unconfirmed."""

    rule: str
    spec_id: str
    title_zh: str
    title_en: str
    reference: str  # "工信厅信管函〔2021〕67号 附件1"
    clause: str
    confirmed: bool

    def title(self, lang: str = "en") -> str:
        """The specification's title in "en" or "zh" ("zh-CN")."""
        return pick_title(lang, self.title_en, self.title_zh)


def spec_clause(rule_id: str) -> SpecClause | None:
    """The clause ``rule_id`` reports, or None for a rule of no other specification."""
    found = rule(rule_id)
    if found is None or found.spec is None:
        return None
    spec = load(_FILE)["specs"][found.spec.spec]
    return SpecClause(rule_id, found.spec.spec, spec["title"]["zh"], spec["title"]["en"],
                      spec["reference"], found.spec.clause, found.spec.confirmed)


def rule_settings(rule_id: str) -> dict[str, Any]:
    """The impact, thresholds and word lists of ``rule_id``; KeyError for a rule the
    catalogue does not have."""
    found = rule(rule_id)
    if found is None:
        raise KeyError(f"no rule {rule_id!r} in the rule catalogue")
    return {"impact": found.impact, **found.settings}
