"""How ``inspect show`` and ``inspect compare`` print: plain text and JSON documents.

Plain ``click.echo`` (no rich markup), so text the inspector typed is shown as it is.
"""

from __future__ import annotations

from typing import Any

from audit.checklist import Checklist, InspectionResult, ItemResult, Section
from audit.checklist.rounds import Comparison
from audit.checklist.schema import PhotoPolicy
from audit.model import ItemOutcome
from audit.store import InspectionInfo, InspectionRecord, PhotoRecord

RESULT_SCHEMA = "a11y-audit/inspection-result/1"
COMPARE_SCHEMA = "a11y-audit/inspection-compare/1"
_LABEL = {ItemOutcome.PASS: "PASS", ItemOutcome.FAIL: "FAIL",
          ItemOutcome.NOT_APPLICABLE: "N/A ", ItemOutcome.UNANSWERED: "----"}


def heading(info: InspectionInfo, facility_name: str) -> str:
    parts = [f"{info.checklist_id} {info.checklist_version}", f"round {info.round}",
             info.inspected_on or "no date", f"inspector {info.inspector or '-'}",
             f"{info.building} building", str(info.status)]
    return f"#{info.id} {facility_name} ({info.facility}) — " + ", ".join(parts)


def counts_line(result: InspectionResult) -> str:
    return " · ".join(f"{outcome.value} {n}" for outcome, n in result.counts().items())


def photo_line(photo: PhotoRecord) -> str:
    where = f"GPS {photo.lat:.5f}, {photo.lon:.5f}" if photo.lat is not None and \
        photo.lon is not None else "no GPS"
    return (f"photo {photo.sha256[:12]}  {photo.taken_at or 'no time'}  {where}  "
            f"{photo.width}x{photo.height}")


def show_text(record: InspectionRecord, checklist: Checklist, result: InspectionResult,
              lang: str, warnings: list[str]) -> str:
    lines = [heading(record.info, record.facility.name), counts_line(result)]
    lines += [f"warning: {w}" for w in warnings]
    by_section: dict[str, list[ItemResult]] = {}
    for item_result in result.results:
        by_section.setdefault(item_result.section, []).append(item_result)
    for section in checklist.sections:
        lines += ["", f"## {section.title.get(lang)} ({section.id})"]
        lines += _facts(section, record, lang)
        for item_result in by_section.get(section.id, []):
            lines += _item_lines(item_result, record, lang)
    if record.info.notes:
        lines += ["", f"notes: {record.info.notes}"]
    return "\n".join(lines)


def _facts(section: Section, record: InspectionRecord, lang: str) -> list[str]:
    """Answers to items without a rule (totals, "is there a car park?")."""
    out = []
    for item in section.items:
        if item.rule is None and item.id in record.answers:
            answer = record.answers[item.id]
            shown = "n/a" if answer.na else (answer.value or "")
            out.append(f"      {item.id}  {item.prompt.get(lang)}: {shown}")
    return out


def _item_lines(r: ItemResult, record: InspectionRecord, lang: str) -> list[str]:
    lines = [f"{_LABEL[r.outcome]}  {r.item}  {r.prompt.get(lang)}"]
    if r.outcome is ItemOutcome.FAIL and not r.confirmed:
        lines.append("      fails the figure in our notes, clause text not confirmed")
    if r.measured is not None or r.entered is not None:
        lines.append(f"      measured: {r.measured or '-'} (entered {r.entered!r})")
    lines.append(f"      required: {r.required.get(lang)}")
    lines.append(f"      {r.clause} · {r.severity}")
    if r.source is not None:
        lines.append(f"      rests on: {r.source.basis} — {r.source.seen}")
    if r.note:
        lines.append(f"      note: {r.note}")
    for photo in record.photos.get(r.item, []):
        lines.append(f"      {'before the work: ' if photo.before else ''}{photo_line(photo)}")
    if not r.photo_ok:
        stages = " before and after the work" if r.photo_policy is PhotoPolicy.BEFORE_AFTER else ""
        lines.append(f"      photo missing: this item needs a photo{stages}")
    return lines


def show_json(record: InspectionRecord, result: InspectionResult,
              warnings: list[str]) -> dict[str, Any]:
    info, place = record.info, record.facility
    return {
        "schema": RESULT_SCHEMA,
        "inspection": {"id": info.id, "checklist": info.checklist_id,
                       "checklist_version": info.checklist_version, "round": info.round,
                       "inspector": info.inspector, "date": info.inspected_on,
                       "building": info.building, "status": str(info.status),
                       "notes": info.notes},
        "facility": {"code": place.code, "name": place.name, "type": place.type,
                     "address": place.address, "lat": place.lat, "lon": place.lon,
                     "department": place.department},
        "counts": {str(k): v for k, v in result.counts().items()},
        "items": [item_json(r, record) for r in result.results],
        "facts": {k: str(v) for k, v in result.facts.items()},
        "warnings": warnings,
    }


def item_json(r: ItemResult, record: InspectionRecord | None = None) -> dict[str, Any]:
    photos = record.photos.get(r.item, []) if record else []
    return {
        "item": r.item, "section": r.section, "outcome": str(r.outcome),
        "severity": str(r.severity), "clause": r.clause, "confirmed": r.confirmed,
        "prompt": {"zh": r.prompt.zh, "en": r.prompt.en},
        "required": {"zh": r.required.zh, "en": r.required.en},
        "entered": r.entered, "measured": r.measured, "note": r.note,
        "source": None if r.source is None else r.source.model_dump(mode="json"),
        "photo_ok": r.photo_ok,
        "photos": [{"sha256": p.sha256, "taken_at": p.taken_at, "lat": p.lat, "lon": p.lon,
                    "media_type": p.media_type, "width": p.width, "height": p.height,
                    "before": p.before}
                   for p in photos],
    }


def compare_text(old: InspectionInfo, new: InspectionInfo, comparison: Comparison,
                 lang: str) -> str:
    lines = [f"{new.facility} {new.checklist_id}: round {old.round} (#{old.id}) -> "
             f"round {new.round} (#{new.id})"]
    lines.append(" · ".join(f"{name.replace('_', ' ')} {len(changes)}"
                            for name, changes in comparison.groups().items()))
    for name, changes in comparison.groups().items():
        if not changes:
            continue
        lines += ["", f"## {name.replace('_', ' ')}"]
        for change in changes:
            was = change.old.measured if change.old else None
            lines.append(f"- {change.item}  {change.new.prompt.get(lang)}: "
                         f"{was or '-'} -> {change.new.measured or change.new.outcome} "
                         f"(required {change.new.required.get(lang)}; {change.new.clause})")
    return "\n".join(lines)


def compare_json(old: InspectionInfo, new: InspectionInfo,
                 comparison: Comparison) -> dict[str, Any]:
    return {
        "schema": COMPARE_SCHEMA, "facility": new.facility, "checklist": new.checklist_id,
        "old": {"id": old.id, "round": old.round}, "new": {"id": new.id, "round": new.round},
        **{name: [{"item": c.item, "old": str(c.old.outcome) if c.old else None,
                   "new": str(c.new.outcome), "old_measured": c.old.measured if c.old else None,
                   "new_measured": c.new.measured} for c in changes]
           for name, changes in comparison.groups().items()},
    }
