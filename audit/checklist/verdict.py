"""Answers of one inspection -> a result per scored item (pass, fail, not-applicable, unanswered).

An inspection names its checklist, whether the building is ``new`` or ``existing`` (which picks
``rule.existing`` where an item has one) and the answers by item id. An answer is a bare value
(``"1.2 m"``, ``"1:12"``, ``True``, ``"yes"``, ``3``, a choice id, text) or a mapping with
``value``, ``na``, ``photos`` (``photos_before``: of the state before the work, for
acceptance checklists) and ``note``. ``"n/a"`` (or ``na: true``) marks an item not
applicable where the item allows it.

The checklist's definitions are computed from the answers first, so formulas can name them.
An item with ``cases`` is judged by the first case whose condition holds (its rule, clause,
source and severity), else by its own; when a case's condition needs a missing answer, the
item stays unanswered, since it is not known which rule applies.

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
from audit.checklist.describe import formula, requirement, show_value
from audit.checklist.expr import FormulaError, MissingAnswer, Value
from audit.checklist.schema import (
    Building,
    Checklist,
    Item,
    ItemType,
    PhotoPolicy,
    Rule,
    Source,
    Text,
)
from audit.checklist.validation import threshold_value
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
    photos_before: list[str] = Field(default_factory=list)
    note: str | None = None


class Inspection(BaseModel):
    model_config = ConfigDict(extra="forbid")

    checklist: str
    checklist_version: str | None = None  # what the answers were made with (their units)
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
    source: Source | None = None  # what the figure judged rests on (the case applied)
    photos_before: tuple[str, ...] = ()  # of the state before the work (acceptance)


@dataclass(frozen=True)
class Judgement:
    """The rule an item is judged by here: its own or that of the case that applies."""

    rule: Rule
    clause: str
    source: Source | None
    severity: Severity


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


def read_value(item: Item, raw: AnswerValue, version: str | None = None) -> Value:
    """An answer converted to the item's canonical value; ValueError says what is wrong.

    A bare number is in the item's unit as of checklist ``version`` (the answer's).
    """
    if item.type is ItemType.MEASUREMENT:
        assert item.unit is not None
        if raw is None:
            raise ValueError("no value")
        return units.parse(raw, units.unit_kind(item.unit), item.unit_in(version)).value
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
                values[item_id] = read_value(item, answer.value, inspection.checklist_version)
            except (ValueError, units.UnitError) as err:
                errors.append(ChecklistError(str(err), key=f"item {item_id}"))
    return values, marked_na, errors


def evaluate(checklist: Checklist, inspection: Inspection) -> InspectionResult:
    """Judge every scored item of ``checklist``; a bad answer raises ChecklistError."""
    values, marked_na, errors = read_answers(checklist, inspection)
    if errors:
        raise errors[0]
    result = InspectionResult(checklist.id, inspection.building)
    for item in checklist.items:
        if item.rule is None and item.id in values:
            result.facts[item.id] = values[item.id]
    values = with_definitions(checklist, values)
    for section in checklist.sections:
        for item in section.items:
            if item.rule is None:
                continue
            answer = inspection.answer(item.id)
            judgement, outcome, note = _judge(checklist, item, values, marked_na,
                                              inspection.building)
            result.results.append(_result(checklist, section.id, item, answer, values, outcome,
                                          note, judgement))
    return result


def with_definitions(checklist: Checklist, values: dict[str, Value]) -> dict[str, Value]:
    """The answers plus every definition that can be computed from them, in order."""
    out = dict(values)
    for name, source in checklist.definitions.items():
        try:
            out[name] = formula(source, name).evaluate(out)
        except (MissingAnswer, FormulaError):
            continue
    return out


def judgement(item: Item, values: dict[str, Value], building: Building) -> Judgement:
    """The rule, clause, source and severity ``item`` is judged by; MissingAnswer when a
    case's condition needs an answer that is missing."""
    assert item.rule is not None and item.clause is not None and item.severity is not None
    for case in item.cases:
        if formula(case.when, item.id).evaluate(values):
            return Judgement(case.rule.for_building(building), case.clause, case.source,
                             case.severity or item.severity)
    return Judgement(item.rule.for_building(building), item.clause, item.source, item.severity)


def _judge(checklist: Checklist, item: Item, values: dict[str, Value], marked_na: set[str],
           building: Building) -> tuple[Judgement, ItemOutcome, str | None]:
    assert item.rule is not None and item.clause is not None and item.severity is not None
    default = Judgement(item.rule.for_building(building), item.clause, item.source,
                        item.severity)
    for condition in (checklist.section_of(item.id).applies_when, item.applies_when):
        if condition and not _applies(condition, item.id, values):
            return default, ItemOutcome.NOT_APPLICABLE, f"not applicable: ({condition}) is false"
    if item.id in marked_na:
        return default, ItemOutcome.NOT_APPLICABLE, "marked not applicable"
    try:
        chosen = judgement(item, values, building)
    except MissingAnswer as missing:
        return default, ItemOutcome.UNANSWERED, _needs(checklist, missing.name, values)
    except FormulaError as err:
        return default, ItemOutcome.UNANSWERED, f"cannot evaluate: {err}"
    if item.id not in values:
        return chosen, ItemOutcome.UNANSWERED, None
    try:
        ok = _passes(item, chosen.rule, values)
    except MissingAnswer as missing:
        return chosen, ItemOutcome.UNANSWERED, _needs(checklist, missing.name, values)
    except FormulaError as err:
        return chosen, ItemOutcome.UNANSWERED, f"cannot evaluate: {err}"
    return chosen, (ItemOutcome.PASS if ok else ItemOutcome.FAIL), None


def _needs(checklist: Checklist, name: str, values: dict[str, Value]) -> str:
    """"needs an answer to total_spaces", naming the item behind a definition that is missing."""
    while name in checklist.definitions:
        try:
            formula(checklist.definitions[name], name).evaluate(values)
        except MissingAnswer as missing:
            name = missing.name
            continue
        except FormulaError:
            break
        break
    return f"needs an answer to {name}"


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
    slack = threshold_value(item, rule.tolerance) if rule.tolerance is not None else 0
    checks = {"at_least": lambda lim: value >= lim - slack,
              "more_than": lambda lim: value > lim - slack,
              "at_most": lambda lim: value <= lim + slack,
              "less_than": lambda lim: value < lim + slack}
    return all(checks[name](limit) for name, limit in limits.items())


def _result(checklist: Checklist, section: str, item: Item, answer: Answer,
            values: dict[str, Value], outcome: ItemOutcome, note: str | None,
            chosen: Judgement) -> ItemResult:
    value = values.get(item.id) if outcome is not ItemOutcome.NOT_APPLICABLE else None
    entered = None if answer.value is None else str(answer.value)
    photos, before = tuple(answer.photos), tuple(answer.photos_before)
    return ItemResult(
        checklist=checklist.id, item=item.id, section=section, outcome=outcome,
        severity=chosen.severity, clause=chosen.clause,
        confirmed=chosen.source is None or chosen.source.confirmed, prompt=item.prompt,
        required=requirement(item, chosen.rule, values),
        entered=entered, measured=None if value is None else show_value(item, value),
        value=value, photo_policy=item.photo, photos=photos,
        photo_ok=_photo_ok(item.photo, outcome, photos, before), note=note or answer.note,
        source=chosen.source, photos_before=before,
    )


def _photo_ok(policy: PhotoPolicy, outcome: ItemOutcome, photos: tuple[str, ...],
              before: tuple[str, ...]) -> bool:
    judged = outcome in (ItemOutcome.PASS, ItemOutcome.FAIL)
    if policy is PhotoPolicy.BEFORE_AFTER:
        return not judged or (bool(photos) and bool(before))
    if policy is PhotoPolicy.ALWAYS and judged or (
            policy is PhotoPolicy.ON_FAIL and outcome is ItemOutcome.FAIL):
        return bool(photos)
    return True
