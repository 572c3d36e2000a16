"""Facility types and the checklists offered for each (``data/facility_types.yaml``).

A facility's type is stored as its Chinese label ("政务服务中心"), as field sheets and reports
carry it; a type entered as free text before, or in English, is matched by label. The start
form offers the type's checklists of the district's standard first, then the standard's other
physical checklists; another standard (ADA 2010) only when the inspector chooses it.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field

from audit.checklist import Catalogue, Checklist
from audit.checklist.schema import Text
from audit.yamlfile import load_data

_FILE = Path(__file__).parent / "data" / "facility_types.yaml"


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Standard(_Model):
    id: str
    label: Text
    match: tuple[str, ...]

    def covers(self, checklist: Checklist) -> bool:
        return checklist.standard.startswith(self.match)


class FacilityType(_Model):
    id: str = ""
    label: Text
    topics: tuple[str, ...] = ()


class _File(_Model):
    standards: tuple[Standard, ...] = Field(min_length=1)
    types: dict[str, FacilityType]


@dataclass(frozen=True)
class Offer:
    """The checklists to start from: the type's own first, then the standard's others."""

    standard: Standard
    standards: tuple[Standard, ...]
    suggested: list[Checklist]
    others: list[Checklist]


@cache
def _data() -> _File:
    loaded = _File.model_validate(load_data(_FILE.read_text(encoding="utf-8")))
    types = {key: value.model_copy(update={"id": key}) for key, value in loaded.types.items()}
    return loaded.model_copy(update={"types": types})


def types() -> list[FacilityType]:
    return list(_data().types.values())


def find(value: str | None) -> FacilityType | None:
    """The type a stored value names (its id, or its label in either language)."""
    wanted = (value or "").strip().casefold()
    for found in types():
        if wanted in (found.id, found.label.zh.casefold(), found.label.en.casefold()):
            return found
    return None


def label(value: str | None, lang: str) -> str | None:
    """The type as the user's language says it (free text as it was typed)."""
    found = find(value)
    return found.label.get(lang) if found else value


def offer(catalogue: Catalogue, facility_type: str | None, standard_id: str | None) -> Offer:
    standards = _data().standards
    standard = next((s for s in standards if s.id == standard_id), standards[0])
    physical = [c for c in catalogue.checklists.values()
                if c.kind == "physical" and standard.covers(c)]
    by_topic = {c.id.split("-", 1)[-1]: c for c in physical}
    found = find(facility_type)
    suggested = [by_topic[t] for t in (found.topics if found else ()) if t in by_topic]
    chosen = {c.id for c in suggested}
    others = sorted((c for c in physical if c.id not in chosen), key=lambda c: c.id)
    return Offer(standard, standards, suggested, others)
