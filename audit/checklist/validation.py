"""Checks on a structurally valid checklist that need the whole document or the unit tables.

Each problem is reported as (path into the YAML data, message); the loader turns the path into
a file:line and the item id. Checks: unique section and item ids; the fields each item type
allows; one kind of rule per rule; thresholds readable in the item's unit; choices named by
``accept`` exist; formulas and ``applies_when`` conditions parse under the safe evaluator and
name only items of the same checklist (or the checklist's definitions); scored items have a
severity, a clause and a source; a source read in the clause text or the explanatory notes
quotes the words, and the quote states every threshold the rule uses; cases and definitions
are checked like rules and formulas.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from fractions import Fraction

from audit.checklist import figures, units
from audit.checklist.expr import compile_formula
from audit.checklist.schema import Basis, Checklist, Item, ItemType, Purpose, Rule, Source
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
    items = {item.id for item in checklist.items}
    names = items | set(checklist.definitions)
    for name, source in checklist.definitions.items():
        path: PathKey = ("definitions", name)
        if name in items:
            problems.append((path, f"definition {name!r} has the id of an item"))
        problems += _formula(source, names - {name}, path, name, None)
    problems += list(_purpose(checklist))
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


def _purpose(checklist: Checklist) -> Iterator[Problem]:
    """``confirmed_by`` names a yes-no item, and only an acceptance checklist has one."""
    if checklist.confirmed_by is None:
        return
    if checklist.purpose is not Purpose.ACCEPTANCE:
        yield (("confirmed_by",), "only a checklist with purpose: acceptance has confirmed_by")
        return
    items = {item.id: item for item in checklist.items}
    item = items.get(checklist.confirmed_by)
    if item is None:
        yield (("confirmed_by",), f"unknown item {checklist.confirmed_by!r}")
    elif item.type is not ItemType.YES_NO or item.rule is not None:
        yield (("confirmed_by",), f"{checklist.confirmed_by!r} must be a yes-no item without a "
                                  "rule (it records the sign-off, it is not judged)")


def _item(item: Item, path: PathKey, names: set[str]) -> Iterator[Problem]:
    yield from _fields(item, path)
    if item.applies_when:
        yield from _formula(item.applies_when, names, (*path, "applies_when"), item.id, item.id)
    if item.rule is None:
        for field in ("source", "examples"):
            if getattr(item, field) is not None:
                yield ((*path, field), f"an item without a rule has no {field}")
        if item.cases:
            yield ((*path, "cases"), "an item without a rule has no cases")
        return
    for field in ("severity", "clause", "source"):
        if getattr(item, field) is None:
            yield (path, f"an item with a rule needs a {field}")
    yield from _rule(item, item.rule, (*path, "rule"), names, nested=False)
    if item.source is not None:
        yield from _source(item, item.rule, item.source, (*path, "source"))
    for index, case in enumerate(item.cases):
        case_path: PathKey = (*path, "cases", index)
        yield from _formula(case.when, names, (*case_path, "when"), item.id, item.id)
        yield from _rule(item, case.rule, (*case_path, "rule"), names, nested=False)
        yield from _source(item, case.rule, case.source, (*case_path, "source"))


def _earlier_units(item: Item, kind: units.Kind, path: PathKey) -> Iterator[Problem]:
    for version, unit in item.earlier_units.items():
        try:
            earlier = units.unit_kind(unit)
        except units.UnitError as err:
            yield ((*path, version), str(err))
            continue
        if earlier is not kind:
            yield ((*path, version), f"{unit} measures a {earlier.value}, not a {kind.value} "
                                     f"like {item.unit}")


def _fields(item: Item, path: PathKey) -> Iterator[Problem]:
    if item.type is ItemType.MEASUREMENT:
        if item.unit is None:
            yield (path, "a measurement needs a unit")
        else:
            try:
                kind = units.unit_kind(item.unit)
            except units.UnitError as err:
                yield ((*path, "unit"), str(err))
            else:
                yield from _earlier_units(item, kind, (*path, "earlier_units"))
    elif item.unit is not None or item.earlier_units:
        yield ((*path, "unit"), f"a {item.type.value} item has no unit")
    if item.type is ItemType.CHOICE:
        ids = [c.id for c in item.choices or []]
        if len(ids) < 2:
            yield ((*path, "choices"), "a choice item needs at least two choices")
        for dup in sorted({c for c in ids if ids.count(c) > 1}):
            yield ((*path, "choices"), f"duplicate choice id {dup!r}")
    elif item.choices is not None:
        yield ((*path, "choices"), f"a {item.type.value} item has no choices")
    if item.photo.value == "before-after" and item.type is ItemType.TEXT:
        yield ((*path, "photo"), "a text item cannot ask for before and after photos")


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
    if rule.tolerance is not None:
        if kinds[0] != "threshold" or item.type is not ItemType.MEASUREMENT:
            yield ((*path, "tolerance"), "a tolerance goes with the thresholds of a measurement")
        else:
            try:
                threshold_value(item, rule.tolerance)
            except units.UnitError as err:
                yield ((*path, "tolerance"), str(err))
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


def _source(item: Item, rule: Rule, source: Source, path: PathKey) -> Iterator[Problem]:
    """A source read in the standard quotes the words a figure rests on, and they state every
    threshold of the rule."""
    if source.basis is Basis.SECONDARY:
        return
    figured = [r for r in (rule, rule.existing) if r is not None and (r.thresholds or r.formula)]
    if source.quote is None:
        if figured:
            yield ((*path, "quote"), f"a {source.basis.value} source of a figure needs the "
                                     "quote it rests on")
        return
    for variant in (rule, rule.existing):
        if variant is None:
            continue
        for name, raw in variant.thresholds.items():
            try:
                value = threshold_value(item, raw)
            except units.UnitError:
                continue  # reported with the rule
            if not _quoted(item, source.quote, value):
                yield ((*path, "quote"), f"the quote does not state the figure {raw} "
                                         f"(rule.{name})")


def _quoted(item: Item, quote: str, value: Fraction) -> bool:
    if item.type is ItemType.COUNT:
        return value in {Fraction(n) for n in re.findall(r"\d+(?:\.\d+)?", quote)}
    assert item.unit is not None
    return figures.states(quote, units.unit_kind(item.unit), value)


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
