"""What a rule requires, as display text in Chinese and English ("≥ 900 mm", "≤ 1:12 (8.33 %)")."""

from __future__ import annotations

from collections.abc import Mapping
from functools import lru_cache

from audit.checklist import units
from audit.checklist.expr import Formula, FormulaError, MissingAnswer, Value, compile_formula
from audit.checklist.schema import Building, Item, ItemType, Rule, Text
from audit.checklist.validation import threshold_value

_OPS = {">=": "≥", "<=": "≤", "!=": "≠"}
_SYMBOLS = {"at_least": "≥", "more_than": ">", "at_most": "≤", "less_than": "<"}


@lru_cache(maxsize=4096)
def formula(source: str, item: str) -> Formula:
    """A compiled formula (checked at load time, so this does not fail for loaded checklists)."""
    return compile_formula(source, item=item)


def show_value(item: Item, value: Value) -> str:
    """An answer's canonical value shown in the item's own unit."""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if item.type is ItemType.MEASUREMENT and item.unit and isinstance(value, int | units.Fraction):
        return units.format_value(units.Fraction(value), units.unit_kind(item.unit), item.unit)
    if isinstance(value, units.Fraction):
        return units.decimal_text(value, 4)
    return str(value)


def requirement(item: Item, rule: Rule, answers: Mapping[str, Value] | None = None) -> Text:
    """What ``rule`` requires of ``item``; formulas show their computed limit when they can."""
    if rule.requires is not None and rule.formula is None:
        return rule.requires
    if rule.thresholds:
        text = _thresholds(item, rule)
        if rule.tolerance is None:
            return Text(zh=text, en=text)
        tolerance = _show_threshold(item, rule.tolerance)
        return Text(zh=f"{text}（测量允差 {tolerance}）",
                    en=f"{text} (measuring tolerance {tolerance})")
    if rule.expect is not None:
        return Text(zh="应为：" + ("是" if rule.expect else "否"),
                    en="must be: " + ("yes" if rule.expect else "no"))
    if rule.accept is not None:
        labels = {c.id: c.label for c in item.choices or []}
        zh = "、".join(labels[c].zh if c in labels else c for c in rule.accept)
        en = ", ".join(labels[c].en if c in labels else c for c in rule.accept)
        return Text(zh=f"应为以下之一：{zh}", en=f"one of: {en}")
    return _formula_text(item, rule, answers)


def requirement_by_building(item: Item) -> Text | None:
    """The requirement for new buildings, plus the one for existing buildings where it differs,
    plus each case's ("where car_park_type == "public": ...")."""
    if item.rule is None:
        return None
    text = _by_building(item, item.rule)
    for case in item.cases:
        shown = _by_building(item, case.rule)
        text = Text(zh=f"{text.zh}；当 {case.when}：{shown.zh}",
                    en=f"{text.en}; where {case.when}: {shown.en}")
    return text


def _by_building(item: Item, rule: Rule) -> Text:
    new = requirement(item, rule)
    if rule.existing is None:
        return new
    old = requirement(item, rule.for_building(Building.EXISTING))
    return Text(zh=f"新建：{new.zh}；既有：{old.zh}", en=f"new: {new.en}; existing: {old.en}")


def _thresholds(item: Item, rule: Rule) -> str:
    shown = {name: _show_threshold(item, raw) for name, raw in rule.thresholds.items()}
    if set(shown) == {"at_least", "at_most"} and not _is_slope(item):
        low, high = shown["at_least"], shown["at_most"]
        unit = _common_unit(low, high)
        if unit:
            return f"{low[: -len(unit)].strip()}–{high}"
        return f"{low} – {high}"
    return ", ".join(f"{_SYMBOLS[name]} {text}" for name, text in shown.items())


def _show_threshold(item: Item, raw: str | int | float) -> str:
    return show_value(item, threshold_value(item, raw))


def _is_slope(item: Item) -> bool:
    return item.unit is not None and units.unit_kind(item.unit) is units.Kind.SLOPE


def _common_unit(low: str, high: str) -> str | None:
    low_unit, high_unit = low.rpartition(" ")[2], high.rpartition(" ")[2]
    return low_unit if " " in low and low_unit == high_unit else None


def _formula_text(item: Item, rule: Rule, answers: Mapping[str, Value] | None) -> Text:
    assert rule.formula is not None
    compiled = formula(rule.formula, item.id)
    base = rule.requires or Text(zh=f"公式：{compiled.source}", en=f"formula: {compiled.source}")
    sides = compiled.comparison_sides()
    if answers is None or sides is None or not sides[2].names:
        return base
    try:
        limit = sides[2].evaluate(answers)
    except (MissingAnswer, FormulaError):
        return base
    shown = f"{_OPS.get(sides[1], sides[1])} {show_value(item, limit)}"
    return Text(zh=f"{base.zh}（即 {shown}）", en=f"{base.en} (i.e. {shown})")
