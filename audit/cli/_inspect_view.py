"""How ``inspect show`` and ``inspect compare`` print: plain text and JSON documents.

Plain ``click.echo`` (no rich markup), so text the inspector typed is shown as it is.
"""

from __future__ import annotations

from typing import Any

from audit.checklist import Checklist, InspectionResult, ItemResult, Section
from audit.checklist.rounds import Comparison
from audit.checklist.schema import PhotoPolicy
from audit.model import ItemOutcome
from audit.report.i18n import Messages
from audit.store import InspectionInfo, InspectionRecord, PhotoRecord

RESULT_SCHEMA = "a11y-audit/inspection-result/1"
COMPARE_SCHEMA = "a11y-audit/inspection-compare/1"
def heading(info: InspectionInfo, facility_name: str, msg: Messages) -> str:
    t = msg.t
    parts = [f"{info.checklist_id} {info.checklist_version}",
             t("field_cli.round", round=info.round),
             info.inspected_on or t("field_cli.no_date"),
             t("field_cli.inspector", inspector=info.inspector or "-"),
             t(f"building.{info.building}"), t(f"inspection_status.{info.status}")]
    return t("field_cli.heading", id=info.id, facility_name=facility_name,
             facility=info.facility, parts=t("field_cli.heading_separator").join(parts))


def counts_line(result: InspectionResult, msg: Messages) -> str:
    """"pass 7 · fail 3 · not-applicable 2 · unanswered 0" (or 合格 7 · 不合格 3 · ...)."""
    return " · ".join(msg.t("field_cli.count", outcome=msg.t(f"field_cli.outcome.{outcome}"),
                            count=n)
                      for outcome, n in result.counts().items())


def photo_line(photo: PhotoRecord, msg: Messages) -> str:
    where = f"GPS {photo.lat:.5f}, {photo.lon:.5f}" if photo.lat is not None and \
        photo.lon is not None else msg.t("field_cli.no_gps")
    return msg.t("field_cli.photo", sha=photo.sha256[:12],
                 taken=photo.taken_at or msg.t("field_cli.no_time"), where=where,
                 width=photo.width, height=photo.height)


def show_text(record: InspectionRecord, checklist: Checklist, result: InspectionResult,
              msg: Messages, warnings: list[str]) -> str:
    lines = [heading(record.info, record.facility.name, msg), counts_line(result, msg)]
    lines += [msg.t("cli.warning", warning=w) for w in warnings]
    by_section: dict[str, list[ItemResult]] = {}
    for item_result in result.results:
        by_section.setdefault(item_result.section, []).append(item_result)
    for section in checklist.sections:
        lines += ["", f"## {section.title.get(msg.lang)} ({section.id})"]
        lines += _facts(section, record, msg.lang)
        for item_result in by_section.get(section.id, []):
            lines += _item_lines(item_result, record, msg)
    if record.info.notes:
        lines += ["", msg.t("field_cli.notes", notes=record.info.notes)]
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


def _item_lines(r: ItemResult, record: InspectionRecord, msg: Messages) -> list[str]:
    t, lang = msg.t, msg.lang
    lines = [f"{t(f'field_cli.label.{r.outcome}')}  {r.item}  {r.prompt.get(lang)}"]
    if r.outcome is ItemOutcome.FAIL and not r.confirmed:
        lines.append("      " + t("field_cli.not_confirmed"))
    if r.measured is not None or r.entered is not None:
        lines.append("      " + t("field_cli.measured", measured=r.measured or "-",
                                  entered=repr(r.entered)))
    lines.append("      " + t("field_cli.required", required=r.required.get(lang)))
    lines.append(f"      {r.clause} · {t(f'impact.{r.severity}')}")
    if r.source is not None:
        lines.append("      " + t("field_cli.rests_on", basis=t(f"source_basis.{r.source.basis}"),
                                  seen=r.source.seen))
    if r.note:
        lines.append("      " + t("field_cli.note", note=r.note))
    for photo in record.photos.get(r.item, []):
        before = t("field_cli.before_work") if photo.before else ""
        lines.append(f"      {before}{photo_line(photo, msg)}")
    if not r.photo_ok:
        lines.append("      " + t("field_cli.photo_missing_stages"
                                  if r.photo_policy is PhotoPolicy.BEFORE_AFTER
                                  else "field_cli.photo_missing"))
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
                 msg: Messages) -> str:
    t, lang = msg.t, msg.lang
    lines = [t("field_cli.compare_head", facility=new.facility, checklist=new.checklist_id,
               old_round=old.round, old_id=old.id, new_round=new.round, new_id=new.id)]
    lines.append(" · ".join(f"{t(f'field_cli.change.{name}')} {len(changes)}"
                            for name, changes in comparison.groups().items()))
    for name, changes in comparison.groups().items():
        if not changes:
            continue
        lines += ["", f"## {t(f'field_cli.change.{name}')}"]
        for change in changes:
            was = change.old.measured if change.old else None
            now = change.new.measured or t(f"field_cli.outcome.{change.new.outcome}")
            lines.append(t("field_cli.compare_change", item=change.item,
                           prompt=change.new.prompt.get(lang), was=was or "-", now=now,
                           required=change.new.required.get(lang), clause=change.new.clause))
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
