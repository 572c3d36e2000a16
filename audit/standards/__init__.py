"""The WCAG 2.x standards catalogue: success criteria, axe-core tag mapping, ``--standard``.

All of it is data (``data/wcag.yaml``, ``data/standards.yaml``); this package loads it once
and answers lookups. It imports nothing of the project but ``audit.errors``.
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

__all__ = [
    "DEFAULT_STANDARD",
    "STANDARD_IDS",
    "Criterion",
    "Standard",
    "all_criteria",
    "axe_tags",
    "criteria_for_tags",
    "criterion",
    "get_standard",
    "level_of",
]
