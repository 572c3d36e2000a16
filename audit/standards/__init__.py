"""The standards catalogue: WCAG 2.x success criteria, axe-core tag mapping, ``--standard``;
GB/T 37668-2019's indicators and the clauses of other specifications (MIIT 适老化); and the rule
catalogue: every rule's criteria, clauses and words in Chinese and English.

All of it is data (``data/wcag.yaml``, ``data/standards.yaml``, ``data/specs.yaml``,
``data/gbt37668.yaml``, ``data/rules/*.yaml``); this package loads it once and answers lookups.
It imports nothing of the project but ``audit.errors``, ``audit.i18n`` and ``audit.yamlfile``.
"""

from audit.standards.criteria import (
    Criterion,
    all_criteria,
    criteria_for_tags,
    criterion,
    level_of,
    understanding_url,
)
from audit.standards.gbt37668 import Clause, all_clauses, clause, clauses_for_criterion
from audit.standards.rules import (
    Group,
    Rule,
    Source,
    catalogue,
    check_criteria,
    rule,
    rule_criteria,
    rules_of,
)
from audit.standards.scopes import (
    DEFAULT_STANDARD,
    STANDARD_IDS,
    Standard,
    axe_tags,
    get_standard,
)
from audit.standards.specs import SpecClause, rule_settings, spec_clause
from audit.standards.wording import element_message, rule_title

__all__ = [
    "DEFAULT_STANDARD",
    "STANDARD_IDS",
    "Clause",
    "Criterion",
    "Group",
    "Rule",
    "Source",
    "SpecClause",
    "Standard",
    "all_clauses",
    "all_criteria",
    "axe_tags",
    "catalogue",
    "check_criteria",
    "clause",
    "clauses_for_criterion",
    "criteria_for_tags",
    "criterion",
    "element_message",
    "get_standard",
    "level_of",
    "rule",
    "rule_criteria",
    "rule_settings",
    "rule_title",
    "rules_of",
    "spec_clause",
    "understanding_url",
]
