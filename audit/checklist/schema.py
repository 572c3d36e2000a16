"""The checklist format (``schema: a11y-audit/checklist/1``) as pydantic models.

The models check structure (known keys, types, enumerations, id syntax). What needs the whole
checklist or the unit tables — rule kinds per item type, threshold units, formula names — is
checked by ``audit.checklist.checks`` with file:line messages.

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
            rule: {formula: "accessible_spaces >= max(1, ceil(total_spaces / 100))"}
            severity: serious
            clause: GB 55019-2021 §2.9.5
            photo: on-fail         # on-fail | always | never
"""

from __future__ import annotations

from enum import StrEnum
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints

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


class Building(StrEnum):
    NEW = "new"
    EXISTING = "existing"


class Text(_Model):
    """The same words in Chinese (zh-CN) and English."""

    zh: NonEmpty
    en: NonEmpty

    def get(self, lang: str) -> str:
        return self.zh if lang.startswith("zh") else self.en


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


class Item(_Model):
    id: ItemId
    type: ItemType
    prompt: Text
    help: Text | None = None
    unit: str | None = None
    choices: list[Choice] | None = None
    rule: Rule | None = None
    applies_when: NonEmpty | None = None
    severity: Severity | None = None
    clause: NonEmpty | None = None
    confirmed: bool = True
    photo: PhotoPolicy = PhotoPolicy.ON_FAIL
    allow_na: bool = True

    @property
    def scored(self) -> bool:
        """True when the item has a rule (so a pass/fail verdict); else it records a fact."""
        return self.rule is not None


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
