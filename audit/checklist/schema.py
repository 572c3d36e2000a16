"""The checklist format (``schema: a11y-audit/checklist/1``) as pydantic models.

The models check structure (known keys, types, enumerations, id syntax). What needs the whole
checklist or the unit tables — rule kinds per item type, threshold units, formula names — is
checked by ``audit.checklist.validation`` with file:line messages.

    schema: a11y-audit/checklist/1
    id: gb55019-parking
    version: "2025.1"
    kind: physical                 # physical | web | app
    standard: GB 55019-2021
    title: {zh: 停车位, en: Parking}
    sections:
      - id: provision
        title: {zh: ..., en: ...}
        applies_when: has_parking  # optional, for every item of the section
        items:
          - id: accessible_spaces
            type: count            # measurement | yes-no | choice | count | text
            prompt: {zh: ..., en: ...}
            help: {zh: ..., en: ...}
            rule: {formula: "accessible_spaces >= gb_minimum"}
            severity: serious
            clause: GB 55019-2021 §2.9.5
            source:                # what the figure rests on (every scored item has one)
              basis: clause-text   # clause-text | explanatory-note | secondary
              seen: https://...    # where those words were read
              quote: 总停车数在100辆以下时应至少设置1个……100辆以上时应设置不少于总停车数1％……
            cases:                 # optional: another rule, clause and source where it applies
              - when: car_park_type == "public"
                rule: {formula: ...}
                clause: GB 50763-2012 §8.10.2
                source: {basis: secondary, seen: ...}
            examples:              # answers the rule must pass and fail (run by validation)
              pass: [{value: 2, with: {total_spaces: 101}}]
              fail: [{value: 1, with: {total_spaces: 101}}]
            photo: on-fail         # on-fail | always | never | before-after
    definitions:                   # optional: named values formulas may use
      gb_minimum: max(1, ceil(total_spaces / 100))

A figure is *confirmed* when its source is the clause text itself (``basis: clause-text``);
a figure that rests on the explanatory notes (条文说明) or on a secondary source is shown as
"not confirmed" wherever it is judged. A checklist with ``purpose: acceptance`` checks pieces
of work before they are accepted (验收): pass is accepted, fail is to redo.
"""

from __future__ import annotations

from enum import StrEnum
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, model_validator

from audit.model import Severity

SCHEMA = "a11y-audit/checklist/1"

ItemId = Annotated[str, StringConstraints(pattern=r"^[a-z][a-z0-9_]{0,63}$")]
ChecklistId = Annotated[str, StringConstraints(pattern=r"^[a-z0-9][a-z0-9-]{0,63}$")]
NonEmpty = Annotated[str, StringConstraints(min_length=1, strip_whitespace=True)]
Threshold = str | int | float


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)


class ItemType(StrEnum):
    MEASUREMENT = "measurement"
    YES_NO = "yes-no"
    CHOICE = "choice"
    COUNT = "count"
    TEXT = "text"


class PhotoPolicy(StrEnum):
    ON_FAIL = "on-fail"
    ALWAYS = "always"
    NEVER = "never"
    BEFORE_AFTER = "before-after"  # a photo of the state before the work and one after it


class Basis(StrEnum):
    """How directly a figure was read from its standard."""

    CLAUSE_TEXT = "clause-text"  # the clause's own words, in a copy of the standard
    EXPLANATORY_NOTE = "explanatory-note"  # the standard's explanatory notes (条文说明)
    SECONDARY = "secondary"  # a reproduction, summary, Q&A page, design template, mirror


class Purpose(StrEnum):
    INSPECTION = "inspection"  # judge a facility as it is
    ACCEPTANCE = "acceptance"  # accept pieces of work (验收): pass = accepted, fail = to redo


class Building(StrEnum):
    NEW = "new"
    EXISTING = "existing"


class Text(_Model):
    """The same words in Chinese (zh-CN) and English."""

    zh: NonEmpty
    en: NonEmpty

    def get(self, lang: str) -> str:
        return self.zh if lang.startswith("zh") else self.en


class Source(_Model):
    """What a figure rests on: the basis, where the words were read, and the words."""

    basis: Basis
    seen: NonEmpty  # a URL, or a document and its page
    quote: NonEmpty | None = None  # the words read, in the original language
    note: Text | None = None  # e.g. another clause setting the same figure

    @property
    def confirmed(self) -> bool:
        return self.basis is Basis.CLAUSE_TEXT


ExampleValue = str | int | float | bool


class Example(_Model):
    """An answer and the answers to other items it is judged with."""

    value: ExampleValue | None = None
    na: bool = False
    with_: dict[ItemId, ExampleValue] = Field(default_factory=dict, alias="with")
    building: Building = Building.NEW


class Examples(_Model):
    """Answers a rule must pass, fail, or find not applicable (run by validation)."""

    pass_: list[Example | ExampleValue] = Field(default_factory=list, alias="pass")
    fail: list[Example | ExampleValue] = Field(default_factory=list)
    not_applicable: list[Example | ExampleValue] = Field(default_factory=list)


class Choice(_Model):
    id: ItemId
    label: Text


class Rule(_Model):
    """What an answer must be. One kind per rule: thresholds, ``expect``, ``accept``, ``formula``.

    Thresholds (``at_least``, ``at_most``, ``more_than``, ``less_than``) are written with units
    ("900 mm", "1:12") and may be combined into a range. ``existing`` replaces the rule for
    existing buildings where the standard relaxes it.
    """

    at_least: Threshold | None = None
    at_most: Threshold | None = None
    more_than: Threshold | None = None
    less_than: Threshold | None = None
    expect: bool | None = None
    accept: list[ItemId] | None = None
    formula: NonEmpty | None = None
    requires: Text | None = None
    tolerance: Threshold | None = None
    existing: Rule | None = None

    @property
    def thresholds(self) -> dict[str, Threshold]:
        names = ("at_least", "more_than", "at_most", "less_than")
        return {n: getattr(self, n) for n in names if getattr(self, n) is not None}

    @property
    def kinds(self) -> list[str]:
        """Which kinds of rule are given (a valid rule has exactly one)."""
        found = ["threshold"] if self.thresholds else []
        found += [k for k in ("expect", "accept", "formula") if getattr(self, k) is not None]
        return found

    def for_building(self, building: Building) -> Rule:
        """The rule that applies to a new or an existing building."""
        return self.existing if building is Building.EXISTING and self.existing else self


class Case(_Model):
    """Where ``when`` holds, the item is judged by this rule, clause and source instead."""

    when: NonEmpty
    rule: Rule
    clause: NonEmpty
    source: Source
    severity: Severity | None = None


class Item(_Model):
    id: ItemId
    type: ItemType
    prompt: Text
    help: Text | None = None
    unit: str | None = None
    # the unit a bare number meant in an earlier version of the checklist (version -> unit):
    # sheets and stored answers made with that version keep their meaning
    earlier_units: dict[NonEmpty, NonEmpty] = Field(default_factory=dict)
    choices: list[Choice] | None = None
    rule: Rule | None = None
    applies_when: NonEmpty | None = None
    severity: Severity | None = None
    clause: NonEmpty | None = None
    source: Source | None = None
    cases: list[Case] = Field(default_factory=list)
    examples: Examples | None = None
    photo: PhotoPolicy = PhotoPolicy.ON_FAIL
    allow_na: bool = True

    @model_validator(mode="before")
    @classmethod
    def _no_confirmed_flag(cls, data: Any) -> Any:
        if isinstance(data, dict) and "confirmed" in data:
            raise ValueError("confirmed: replaced by source (basis: clause-text is confirmed; "
                             "explanatory-note and secondary are not)")
        return data

    @property
    def scored(self) -> bool:
        """True when the item has a rule (so a pass/fail verdict); else it records a fact."""
        return self.rule is not None

    def unit_in(self, version: str | None) -> str | None:
        """The unit a bare number means in an answer made with checklist ``version``."""
        return self.earlier_units.get(version or "", self.unit)

    @property
    def confirmed(self) -> bool:
        """True when the figures this item is judged by were read in the clause text."""
        sources = [case.source for case in self.cases]
        if self.source is not None:
            sources.append(self.source)
        return all(source.confirmed for source in sources)


class Section(_Model):
    id: ItemId
    title: Text
    applies_when: NonEmpty | None = None
    items: list[Item] = Field(min_length=1)


class Checklist(_Model):
    schema_version: Literal["a11y-audit/checklist/1"] = Field(alias="schema")
    id: ChecklistId
    version: NonEmpty
    kind: Literal["physical", "web", "app"]
    standard: NonEmpty
    title: Text
    description: Text | None = None
    purpose: Purpose = Purpose.INSPECTION
    confirmed_by: ItemId | None = None  # acceptance: the yes-no item of the sign-off
    definitions: dict[ItemId, NonEmpty] = Field(default_factory=dict)
    sections: list[Section] = Field(min_length=1)

    @property
    def items(self) -> list[Item]:
        return [item for section in self.sections for item in section.items]

    def item(self, item_id: str) -> Item:
        for item in self.items:
            if item.id == item_id:
                return item
        raise KeyError(item_id)

    def section_of(self, item_id: str) -> Section:
        for section in self.sections:
            if any(item.id == item_id for item in section.items):
                return section
        raise KeyError(item_id)
