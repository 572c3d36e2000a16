"""Specifications other than WCAG (``data/specs.yaml``) and the clause each own rule reports.

The elderly-friendly rules test MIIT's 2021 适老化 specifications: their findings name no WCAG
success criterion but a clause of a specification, marked unconfirmed where the clause number
could not be checked against the official text. The rules' thresholds live in the same file.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from typing import Any

from audit.errors import ConfigError
from audit.standards._data import load, pick_title

_FILE = "specs.yaml"
_CLAUSE_KEYS = ("spec", "clause", "confirmed")


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


@cache
def _clauses() -> dict[str, SpecClause]:
    data = load(_FILE)
    specs = data.get("specs") or {}
    found = {}
    for rule, row in (data.get("rules") or {}).items():
        spec = specs.get(row.get("spec"))
        if (spec is None or not isinstance(row.get("clause"), str)
                or not isinstance(row.get("confirmed"), bool) or "impact" not in row):
            raise ConfigError("a rule needs a known spec, a clause (text), confirmed "
                              "(true or false) and an impact", file=_FILE, key=rule)
        found[rule] = SpecClause(rule, row["spec"], spec["title"]["zh"], spec["title"]["en"],
                                 spec["reference"], row["clause"], row["confirmed"])
    return found


def spec_clause(rule: str) -> SpecClause | None:
    """The clause ``rule`` reports, or None for a rule of no other specification (WCAG, axe)."""
    return _clauses().get(rule)


def rule_settings(rule: str) -> dict[str, Any]:
    """The impact, thresholds and word lists of ``rule``; KeyError if specs.yaml has none."""
    if rule not in _clauses():
        raise KeyError(f"no rule {rule!r} in {_FILE}")
    return {key: value for key, value in load(_FILE)["rules"][rule].items()
            if key not in _CLAUSE_KEYS}
