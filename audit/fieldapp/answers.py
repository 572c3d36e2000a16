"""One item's form fields -> what to save: the answer, and what cannot be the answer yet.

Field names per item: ``v-ID`` the value, ``u-ID`` the unit of a measurement, ``na-ID`` the
not-applicable box, ``note-ID`` the note, ``photo-ID`` the photo files, ``ver-ID`` the version
of the answer the form was loaded with (for optimistic concurrency).

A value that cannot be read ("约45米") is never dropped: it is kept as an entry of its author
(``AnswerDraft``, flagged invalid) until they fix it, while the note typed with it is saved
with the last valid value. Progress and completeness count applicable items answered.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass

from audit.checklist import Checklist, Item, ItemType, Section, read_answers, read_value
from audit.checklist.expr import Value
from audit.checklist.intake import applies, to_inspection
from audit.checklist.sheets import with_unit
from audit.checklist.units import UnitError, unit_kind
from audit.fieldapp.web import whole_number
from audit.store import AnswerDraft, DraftProblem, InspectionRecord, StoredAnswer

_UNIT_NAMES = ("mm", "cm", "m", "in", "ft", "ratio", "%", "deg", "N", "lbf", "kgf", "s", "min",
               "m2", "dp", "pt", "x", "contrast")
_VERSION_DIGITS = 9
Problem = tuple[str, dict[str, str]]  # a message key and the values it names


@dataclass(frozen=True)
class Entry:
    """What one item's fields ask to save."""

    answer: StoredAnswer | None  # None: nothing to save (empty and never answered)
    draft: AnswerDraft | None = None  # an invalid value, kept aside until fixed
    base_version: int | None = None  # the answer's version the form was loaded with

    @property
    def error(self) -> str | None:
        return self.draft.error if self.draft else None


@dataclass(frozen=True)
class Progress:
    answered: int
    applicable: int

    @property
    def done(self) -> bool:
        return self.answered >= self.applicable


def units_for(item: Item) -> list[str]:
    """The units a measurement may be entered in: the item's own first, then its kind's."""
    if item.unit is None:
        return []
    kind = unit_kind(item.unit)
    return [item.unit] + [u for u in _UNIT_NAMES if u != item.unit and unit_kind(u) is kind]


def parse_item(item: Item, form: Mapping[str, str], current: StoredAnswer,
               author: str) -> Entry:
    """Read one item's fields against the stored answer (version 0 when there is none)."""
    base = version_field(form.get(f"ver-{item.id}"))
    note = form.get(f"note-{item.id}", "").strip() or None
    if form.get(f"na-{item.id}") and item.allow_na:
        return Entry(StoredAnswer(item.id, None, na=True, note=note), base_version=base)
    value = form.get(f"v-{item.id}", "").strip()
    if not value:
        empty = StoredAnswer(item.id, None, note=note)
        return Entry(empty if current.version or note else None, base_version=base)
    unit = form.get(f"u-{item.id}", "").strip() or None
    if item.type is ItemType.MEASUREMENT and unit not in units_for(item):
        unit = item.unit
    if not readable(item, value, unit):
        kept = StoredAnswer(item.id, current.value, current.unit, current.na, note)
        draft = AnswerDraft(item.id, author, DraftProblem.INVALID, value, unit, note=note,
                            error=_invalid(item, value), base_version=base)
        return Entry(kept if current.version or note else None, draft, base)
    if unit == item.unit or item.type is not ItemType.MEASUREMENT:
        unit = None
    return Entry(StoredAnswer(item.id, value, unit, note=note), base_version=base)


def _invalid(item: Item, value: str) -> str:
    """The message key for a value that cannot be read: a number with a comma in it says so
    (1,2 is 1.2 to some and 12 to others, 1,200 is 1200 or 1.2: it is not guessed)."""
    numeric = item.type in (ItemType.MEASUREMENT, ItemType.COUNT)
    if numeric and "," in unicodedata.normalize("NFKC", value):
        return "answer.invalid.comma"
    return f"answer.invalid.{item.type.value}"


def readable(item: Item, value: str, unit: str | None) -> bool:
    try:
        read_value(item, with_unit(value, unit) if item.type is ItemType.MEASUREMENT else value)
    except (ValueError, UnitError):
        return False
    return True


def version_field(text: str | None) -> int:
    """The ``ver-`` field as a version number. A form without one (crafted, or kept from
    before forms had one) or with no small number in it was made on nothing saved: 0, so a
    value saved meanwhile is merged with it or shown beside it, never silently replaced."""
    found = whole_number(text, _VERSION_DIGITS)
    return 0 if found is None else found


def section_number(checklist: Checklist, item_id: str) -> int:
    """The number (from 1) of the section an item is in."""
    return next(n for n, part in enumerate(checklist.sections, start=1)
                if any(item.id == item_id for item in part.items))


def known_values(checklist: Checklist, record: InspectionRecord) -> dict[str, Value]:
    values, _na, _errors = read_answers(checklist, to_inspection(record))
    return values


def shown_items(checklist: Checklist, section: Section,
                values: dict[str, Value]) -> list[tuple[Item, bool]]:
    """Every item of a section with whether it applies given the answers so far."""
    return [(item, applies(checklist, item.id, values)) for item in section.items]


def answered(record: InspectionRecord, item_id: str) -> bool:
    stored = record.answers.get(item_id)
    return stored is not None and (stored.na or stored.value is not None)


def progress(checklist: Checklist, section: Section, record: InspectionRecord,
             values: dict[str, Value]) -> Progress:
    applicable = [item for item, applies_now in shown_items(checklist, section, values)
                  if applies_now]
    return Progress(sum(answered(record, item.id) for item in applicable), len(applicable))


def unanswered(checklist: Checklist, record: InspectionRecord) -> list[tuple[int, Item]]:
    """Every applicable item without an answer, with the number of its section."""
    values = known_values(checklist, record)
    return [(number, item) for number, section in enumerate(checklist.sections, start=1)
            for item, applies_now in shown_items(checklist, section, values)
            if applies_now and not answered(record, item.id)]


def completeness(checklist: Checklist, record: InspectionRecord) -> Progress:
    """Applicable items answered, over the whole inspection."""
    values = known_values(checklist, record)
    parts = [progress(checklist, section, record, values) for section in checklist.sections]
    return Progress(sum(p.answered for p in parts), sum(p.applicable for p in parts))
