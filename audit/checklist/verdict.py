"""Answers of one inspection -> a result per scored item (pass, fail, not-applicable, unanswered).

An inspection names its checklist, whether the building is ``new`` or ``existing`` (which picks
``rule.existing`` where an item has one) and the answers by item id. An answer is a bare value
(``"1.2 m"``, ``"1:12"``, ``True``, ``"yes"``, ``3``, a choice id, text) or a mapping with
``value``, ``na``, ``photos`` and ``note``. ``"n/a"`` (or ``na: true``) marks an item not
applicable where the item allows it.

Items without a rule record facts (a total, "is there a lift?") and give no result; their
answers feed formulas and applicability conditions. A formula or condition that needs an answer
that is missing leaves the item ``unanswered`` (rule) or treats it as applicable (condition).
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from fractions import Fraction

from pydantic import BaseModel, ConfigDict, Field

from audit.checklist import units
from audit.checklist.checks import threshold_value
from audit.checklist.describe import formula, requirement, show_value
from audit.checklist.expr import FormulaError, MissingAnswer, Value
from audit.checklist.schema import Building, Checklist, Item, ItemType, PhotoPolicy, Rule, Text
from audit.errors import ChecklistError
from audit.model import ItemOutcome, Severity

AnswerValue = str | int | float | bool | None
_NA_WORDS = {"n/a", "na", "not applicable", "不适用"}
_YES = {"yes", "y", "true", "是", "有"}
_NO = {"no", "n", "false", "否", "无"}


class Answer(BaseModel):
    model_config = ConfigDict(extra="forbid")

    value: AnswerValue = None
    na: bool = False
    photos: list[str] = Field(default_factory=list)
    note: str | None = None


class Inspection(BaseModel):
    model_config = ConfigDict(extra="forbid")

    checklist: str
    building: Building = Building.NEW
    answers: dict[str, Answer | AnswerValue] = Field(default_factory=dict)

    def answer(self, item_id: str) -> Answer:
        raw = self.answers.get(item_id)
        return raw if isinstance(raw, Answer) else Answer(value=raw)


@dataclass(frozen=True)
class ItemResult:
    """The verdict on one scored item, with what was measured and what the standard requires."""

    checklist: str
    item: str
    section: str
    outcome: ItemOutcome
    severity: Severity
    clause: str
    confirmed: bool
    prompt: Text
    required: Text
    entered: str | None = None  # the answer as the inspector typed it
    measured: str | None = None  # the answer in the item's unit ("1200 mm", "1:10 (10 %)")
    value: Value | None = None  # exact canonical value (mm, rise/run, N, s, ...)
    photo_policy: PhotoPolicy = PhotoPolicy.ON_FAIL
    photos: tuple[str, ...] = ()
    photo_ok: bool = True
    note: str | None = None


@dataclass
class InspectionResult:
    checklist: str
    building: Building
    results: list[ItemResult] = field(default_factory=list)
    facts: dict[str, Value] = field(default_factory=dict)

    def counts(self) -> dict[ItemOutcome, int]:
        found = Counter(r.outcome for r in self.results)
        return {outcome: found.get(outcome, 0) for outcome in ItemOutcome}

    @property
    def failures(self) -> list[ItemResult]:
        return sorted((r for r in self.results if r.outcome is ItemOutcome.FAIL),
                      key=lambda r: r.severity.rank)

    @property
    def photos_missing(self) -> list[ItemResult]:
        return [r for r in self.results if not r.photo_ok]


def read_value(item: Item, raw: AnswerValue) -> Value:
    """An answer converted to the item's canonical value; ValueError says what is wrong."""
    if item.type is ItemType.MEASUREMENT:
        assert item.unit is not None
        if raw is None:
            raise ValueError("no value")
        return units.parse(raw, units.unit_kind(item.unit), item.unit).value
    if item.type is ItemType.YES_NO:
        word = str(raw).strip().lower()
        if isinstance(raw, bool) or word in _YES | _NO:
            return raw if isinstance(raw, bool) else word in _YES
        raise ValueError(f"expected yes or no, got {raw!r}")
    if item.type is ItemType.COUNT:
        text = str(raw).strip()
        if isinstance(raw, bool) or not text.isdigit():
            raise ValueError(f"expected a whole number of 0 or more, got {raw!r}")
        return int(text)
    if item.type is ItemType.CHOICE:
        ids = [c.id for c in item.choices or []]
        if raw not in ids:
            raise ValueError(f"expected one of {', '.join(ids)}, got {raw!r}")
        return str(raw)
    return str(raw)


def read_answers(checklist: Checklist, inspection: Inspection
                 ) -> tuple[dict[str, Value], set[str], list[ChecklistError]]:
    """Canonical values by item id, the ids marked not applicable, and every bad answer."""
    values: dict[str, Value] = {}
    marked_na: set[str] = set()
    errors: list[ChecklistError] = []
    known = {item.id: item for item in checklist.items}
    for item_id in inspection.answers:
        if item_id not in known:
            errors.append(ChecklistError(f"unknown item (not in {checklist.id})",
                                         key=f"item {item_id}"))
    for item_id, item in known.items():
        answer = inspection.answer(item_id)
        is_na = answer.na or (isinstance(answer.value, str)
                              and answer.value.strip().lower() in _NA_WORDS)
        if is_na:
            if item.allow_na:
                marked_na.add(item_id)
            else:
                errors.append(ChecklistError("cannot be marked not applicable",
                                             key=f"item {item_id}"))
        elif answer.value is not None:
            try:
                values[item_id] = read_value(item, answer.value)
            except (ValueError, units.UnitError) as err:
                errors.append(ChecklistError(str(err), key=f"item {item_id}"))
    return values, marked_na, errors


def evaluate(checklist: Checklist, inspection: Inspection) -> InspectionResult:
    """Judge every scored item of ``checklist``; a bad answer raises ChecklistError."""
    values, marked_na, errors = read_answers(checklist, inspection)
    if errors:
        raise errors[0]
    result = InspectionResult(checklist.id, inspection.building)
    for section in checklist.sections:
        for item in section.items:
            if item.rule is None:
                if item.id in values:
                    result.facts[item.id] = values[item.id]
                continue
            answer = inspection.answer(item.id)
            outcome, note = _judge(checklist, item, values, marked_na, inspection.building)
            result.results.append(_result(checklist, section.id, item, answer, values, outcome,
                                          note, inspection.building))
    return result


def _judge(checklist: Checklist, item: Item, values: dict[str, Value], marked_na: set[str],
           building: Building) -> tuple[ItemOutcome, str | None]:
    for condition in (checklist.section_of(item.id).applies_when, item.applies_when):
        if condition and not _applies(condition, item.id, values):
            return ItemOutcome.NOT_APPLICABLE, f"not applicable: ({condition}) is false"
    if item.id in marked_na:
        return ItemOutcome.NOT_APPLICABLE, "marked not applicable"
    if item.id not in values:
        return ItemOutcome.UNANSWERED, None
    assert item.rule is not None
    try:
        ok = _passes(item, item.rule.for_building(building), values)
    except MissingAnswer as missing:
        return ItemOutcome.UNANSWERED, f"needs an answer to {missing.name}"
    except FormulaError as err:
        return ItemOutcome.UNANSWERED, f"cannot evaluate: {err}"
    return (ItemOutcome.PASS if ok else ItemOutcome.FAIL), None


def _applies(condition: str, owner: str, values: dict[str, Value]) -> bool:
    try:
        return bool(formula(condition, owner).evaluate(values))
    except (MissingAnswer, FormulaError):
        return True  # unknown: judge the item rather than hide it


def _passes(item: Item, rule: Rule, values: dict[str, Value]) -> bool:
    value = values[item.id]
    if rule.formula is not None:
        return bool(formula(rule.formula, item.id).evaluate(values))
    if rule.expect is not None:
        return value is rule.expect
    if rule.accept is not None:
        return value in rule.accept
    assert isinstance(value, int | Fraction)
    limits = {name: threshold_value(item, raw) for name, raw in rule.thresholds.items()}
    checks = {"at_least": lambda lim: value >= lim, "more_than": lambda lim: value > lim,
              "at_most": lambda lim: value <= lim, "less_than": lambda lim: value < lim}
    return all(checks[name](limit) for name, limit in limits.items())


def _result(checklist: Checklist, section: str, item: Item, answer: Answer,
            values: dict[str, Value], outcome: ItemOutcome, note: str | None,
            building: Building) -> ItemResult:
    assert item.rule is not None and item.severity is not None and item.clause is not None
    value = values.get(item.id) if outcome is not ItemOutcome.NOT_APPLICABLE else None
    entered = None if answer.value is None else str(answer.value)
    photos = tuple(answer.photos)
    needs_photo = (item.photo is PhotoPolicy.ALWAYS
                   and outcome in (ItemOutcome.PASS, ItemOutcome.FAIL)) or (
        item.photo is PhotoPolicy.ON_FAIL and outcome is ItemOutcome.FAIL)
    return ItemResult(
        checklist=checklist.id, item=item.id, section=section, outcome=outcome,
        severity=item.severity, clause=item.clause, confirmed=item.confirmed, prompt=item.prompt,
        required=requirement(item, item.rule.for_building(building), values),
        entered=entered, measured=None if value is None else show_value(item, value),
        value=value, photo_policy=item.photo, photos=photos,
        photo_ok=bool(photos) or not needs_photo, note=note or answer.note,
    )
