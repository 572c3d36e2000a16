"""The field sheet as data: what an exported or filled-in inspection holds, whatever its file
format (YAML and JSON in ``audit.checklist.sheets``, CSV in ``audit.checklist._sheet_csv``)."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any, Final, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints

from audit.checklist.schema import Building
from audit.checklist.verdict import AnswerValue

SHEET_SCHEMA: Final = "a11y-audit/inspection/1"
MAX_ROUND = 10_000  # rounds of one checklist at one facility (the store keeps 64-bit integers)
Code = Annotated[str, StringConstraints(min_length=1, max_length=100, strip_whitespace=True)]


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", populate_by_name=True)


class SheetFacility(_Model):
    code: Code
    name: str | None = None
    type: str | None = None
    address: str | None = None
    lat: float | None = Field(None, ge=-90, le=90)
    lon: float | None = Field(None, ge=-180, le=180)
    department: str | None = None


class SheetAnswer(_Model):
    value: AnswerValue = None
    unit: str | None = None
    na: bool = False
    note: str | None = None
    photos: list[str] = Field(default_factory=list)
    photos_before: list[str] = Field(default_factory=list)  # the state before the work


class SheetChange(_Model):
    """One entry of an inspection's change log, as exported."""

    at: str
    by: str | None = None
    subject: str
    action: str
    item: str | None = None
    old: Any = None
    new: Any = None
    version: int | None = None


class Sheet(_Model):
    schema_version: Literal["a11y-audit/inspection/1"] = Field(SHEET_SCHEMA, alias="schema")
    facility: SheetFacility | Code
    checklist: str
    checklist_version: str | None = None
    inspector: str | None = None
    inspected_on: date | None = Field(None, alias="date")
    round: int | None = Field(None, ge=1, le=MAX_ROUND)
    building: Building = Building.NEW
    notes: str | None = None
    answers: dict[str, SheetAnswer | AnswerValue] = Field(default_factory=dict)
    history: list[SheetChange] = Field(default_factory=list)

    @property
    def facility_code(self) -> str:
        return self.facility if isinstance(self.facility, str) else self.facility.code

    def answer(self, item_id: str) -> SheetAnswer:
        raw = self.answers.get(item_id)
        return raw if isinstance(raw, SheetAnswer) else SheetAnswer(value=raw)


def entered_text(value: AnswerValue) -> str | None:
    """An answer as stored text: booleans as yes/no, numbers as written."""
    if value is None:
        return None
    if isinstance(value, bool):
        return "yes" if value else "no"
    return str(value)
