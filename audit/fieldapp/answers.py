"""One item's form fields -> a stored answer (or the reason it cannot be), and progress.

Field names per item: ``v-ID`` the value, ``u-ID`` the unit of a measurement, ``na-ID`` the
not-applicable box, ``note-ID`` the note, ``photo-ID`` the photo files.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from audit.checklist import Checklist, Item, ItemType, Section, read_answers, read_value
from audit.checklist.expr import Value
from audit.checklist.intake import applies, to_inspection
from audit.checklist.sheets import with_unit
from audit.checklist.units import UnitError, unit_kind
from audit.store import InspectionRecord, StoredAnswer

_UNIT_NAMES = ("mm", "cm", "m", "in", "ft", "ratio", "%", "deg", "N", "lbf", "kgf", "s", "min",
               "m2", "dp", "pt", "x", "contrast")


@dataclass(frozen=True)
class Parsed:
    answer: StoredAnswer | None  # None: nothing to save (empty and never answered)
    error: str | None = None  # a translation key when the value cannot be read


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


def parse_item(item: Item, form: Mapping[str, str], had_answer: bool) -> Parsed:
    """Read one item's fields; an empty item clears an earlier answer."""
    note = form.get(f"note-{item.id}", "").strip() or None
    if form.get(f"na-{item.id}") and item.allow_na:
        return Parsed(StoredAnswer(item.id, None, na=True, note=note))
    value = form.get(f"v-{item.id}", "").strip()
    if not value:
        empty = StoredAnswer(item.id, None, note=note)
        return Parsed(empty if had_answer or note else None)
    unit = form.get(f"u-{item.id}", "").strip() or None
    if item.type is ItemType.MEASUREMENT and unit not in units_for(item):
        unit = item.unit
    try:
        read_value(item, with_unit(value, unit) if item.type is ItemType.MEASUREMENT else value)
    except (ValueError, UnitError):
        return Parsed(None, f"answer.invalid.{item.type.value}")
    if unit == item.unit or item.type is not ItemType.MEASUREMENT:
        unit = None
    return Parsed(StoredAnswer(item.id, value, unit, note=note))


def known_values(checklist: Checklist, record: InspectionRecord) -> dict[str, Value]:
    values, _na, _errors = read_answers(checklist, to_inspection(record))
    return values


def shown_items(checklist: Checklist, section: Section,
                values: dict[str, Value]) -> list[tuple[Item, bool]]:
    """Every item of a section with whether it applies given the answers so far."""
    return [(item, applies(checklist, item.id, values)) for item in section.items]


def progress(checklist: Checklist, section: Section, record: InspectionRecord,
             values: dict[str, Value]) -> Progress:
    answered = applicable = 0
    for item, applicable_now in shown_items(checklist, section, values):
        if not applicable_now:
            continue
        applicable += 1
        stored = record.answers.get(item.id)
        if stored is not None and (stored.na or stored.value is not None):
            answered += 1
    return Progress(answered, applicable)
