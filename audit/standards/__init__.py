"""The WCAG 2.x standards catalogue: success criteria, axe-core tag mapping, ``--standard``;
and the clauses of other specifications (MIIT 适老化) that own rules report.

All of it is data (``data/wcag.yaml``, ``data/standards.yaml``, ``data/specs.yaml``); this
package loads it once and answers lookups. It imports nothing of the project but ``audit.errors``.
"""

from audit.standards.criteria import (
    Criterion,
    all_criteria,
    criteria_for_tags,
    criterion,
    level_of,
)
from audit.standards.scopes import (
    DEFAULT_STANDARD,
    STANDARD_IDS,
    Standard,
    axe_tags,
    get_standard,
)
from audit.standards.specs import SpecClause, rule_settings, spec_clause

__all__ = [
    "DEFAULT_STANDARD",
    "STANDARD_IDS",
    "Criterion",
    "SpecClause",
    "Standard",
    "all_criteria",
    "axe_tags",
    "criteria_for_tags",
    "criterion",
    "get_standard",
    "level_of",
    "rule_settings",
    "spec_clause",
]
