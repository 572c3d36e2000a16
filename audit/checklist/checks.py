"""Checks on a structurally valid checklist that need the whole document or the unit tables.

Each problem is reported as (path into the YAML data, message); the loader turns the path into
a file:line and the item id. Checks: unique section and item ids; the fields each item type
allows; one kind of rule per rule; thresholds readable in the item's unit; choices named by
``accept`` exist; formulas and ``applies_when`` conditions parse under the safe evaluator and
name only items of the same checklist; scored items have a severity and a clause; unconfirmed
items explain themselves in ``help``.
"""

from __future__ import annotations

from collections.abc import Iterator
from fractions import Fraction

from audit.checklist import units
from audit.checklist.expr import compile_formula
from audit.checklist.schema import Checklist, Item, ItemType, Rule
from audit.errors import ChecklistError
from audit.yamlfile import PathKey

Problem = tuple[PathKey, str]

_RULE_KINDS = {
    ItemType.MEASUREMENT: {"threshold", "formula"},
    ItemType.COUNT: {"threshold", "formula"},
    ItemType.YES_NO: {"expect", "formula"},
    ItemType.CHOICE: {"accept", "formula"},
    ItemType.TEXT: set(),
}


def check_checklist(checklist: Checklist) -> list[Problem]:
    """Every problem found, in document order."""
    problems: list[Problem] = []
    names = {item.id for item in checklist.items}
    seen_sections: set[str] = set()
    seen_items: set[str] = set()
    for s_index, section in enumerate(checklist.sections):
        s_path: PathKey = ("sections", s_index)
        if section.id in seen_sections:
            problems.append(((*s_path, "id"), f"duplicate section id {section.id!r}"))
        seen_sections.add(section.id)
        if section.applies_when:
            problems += _formula(section.applies_when, names, (*s_path, "applies_when"),
                                 section.id, None)
        for i_index, item in enumerate(section.items):
            i_path: PathKey = (*s_path, "items", i_index)
            if item.id in seen_items:
                problems.append(((*i_path, "id"), f"duplicate item id {item.id!r}"))
            seen_items.add(item.id)
            problems += list(_item(item, i_path, names))
    return problems


def _item(item: Item, path: PathKey, names: set[str]) -> Iterator[Problem]:
    yield from _fields(item, path)
    if item.applies_when:
        yield from _formula(item.applies_when, names, (*path, "applies_when"), item.id, item.id)
    if item.rule is None:
        return
    for field in ("severity", "clause"):
        if getattr(item, field) is None:
            yield (path, f"an item with a rule needs a {field}")
    yield from _rule(item, item.rule, (*path, "rule"), names, nested=False)


def _fields(item: Item, path: PathKey) -> Iterator[Problem]:
    if item.type is ItemType.MEASUREMENT:
        if item.unit is None:
            yield (path, "a measurement needs a unit")
        else:
            try:
                units.unit_kind(item.unit)
            except units.UnitError as err:
                yield ((*path, "unit"), str(err))
    elif item.unit is not None:
        yield ((*path, "unit"), f"a {item.type.value} item has no unit")
    if item.type is ItemType.CHOICE:
        ids = [c.id for c in item.choices or []]
        if len(ids) < 2:
            yield ((*path, "choices"), "a choice item needs at least two choices")
        for dup in sorted({c for c in ids if ids.count(c) > 1}):
            yield ((*path, "choices"), f"duplicate choice id {dup!r}")
    elif item.choices is not None:
        yield ((*path, "choices"), f"a {item.type.value} item has no choices")
    if not item.confirmed and item.help is None:
        yield (path, "an unconfirmed item must say why in help")


def _rule(item: Item, rule: Rule, path: PathKey, names: set[str], *,
          nested: bool) -> Iterator[Problem]:
    kinds = rule.kinds
    allowed = _RULE_KINDS[item.type]
    if not allowed:
        yield (path, f"a {item.type.value} item cannot have a rule")
        return
    if len(kinds) != 1:
        found = ", ".join(kinds) or "nothing"
        yield (path, f"a rule needs exactly one of thresholds, expect, accept, formula "
                     f"(found {found})")
        return
    if kinds[0] not in allowed:
        yield (path, f"a {item.type.value} item cannot use {kinds[0]!r} "
                     f"(allowed: {', '.join(sorted(allowed))})")
    elif kinds[0] == "threshold":
        yield from _thresholds(item, rule, path)
    elif kinds[0] == "accept":
        known = {c.id for c in item.choices or []}
        for choice in rule.accept or []:
            if choice not in known:
                yield ((*path, "accept"), f"unknown choice {choice!r}")
    elif kinds[0] == "formula" and rule.formula:
        yield from _formula(rule.formula, names, (*path, "formula"), item.id, None)
    if rule.existing is not None:
        if nested:
            yield ((*path, "existing"), "an existing-building rule cannot nest another")
        else:
            yield from _rule(item, rule.existing, (*path, "existing"), names, nested=True)


def _thresholds(item: Item, rule: Rule, path: PathKey) -> Iterator[Problem]:
    values = {}
    for name, raw in rule.thresholds.items():
        try:
            values[name] = threshold_value(item, raw)
        except units.UnitError as err:
            yield ((*path, name), str(err))
    if "at_least" in values and "more_than" in values:
        yield (path, "give at_least or more_than, not both")
    if "at_most" in values and "less_than" in values:
        yield (path, "give at_most or less_than, not both")
    lows = [values[n] for n in ("at_least", "more_than") if n in values]
    highs = [values[n] for n in ("at_most", "less_than") if n in values]
    if lows and highs and lows[0] > highs[0]:
        yield (path, "the lower limit is above the upper limit")


def threshold_value(item: Item, raw: str | int | float) -> Fraction:
    """A threshold in canonical units; counts are plain whole or decimal numbers."""
    if item.type is ItemType.COUNT:
        if isinstance(raw, bool) or not isinstance(raw, int | float):
            raise units.UnitError(f"a count threshold must be a number, not {raw!r}")
        return Fraction(repr(raw)) if isinstance(raw, float) else Fraction(raw)
    assert item.unit is not None
    kind = units.unit_kind(item.unit)
    return units.parse(raw, kind, item.unit).value


def _formula(source: str, names: set[str], path: PathKey, owner: str,
             self_id: str | None) -> Iterator[Problem]:
    try:
        formula = compile_formula(source, item=owner)
    except ChecklistError as err:
        yield (path, err.problem)
        return
    for name in sorted(formula.names - names):
        yield (path, f"unknown item {name!r} in {source!r}")
    if self_id and self_id in formula.names:
        yield (path, f"an item's applicability cannot depend on its own answer: {source!r}")
