"""Inspections: start, one section per screen, answers saved as entered, submit, verdict,
review (approve or send back)."""

from __future__ import annotations

from datetime import date
from typing import Any

from flask import Blueprint, abort, jsonify, make_response, render_template, request, url_for
from werkzeug.wrappers import Response

from audit.checklist import Checklist
from audit.checklist.intake import judge
from audit.errors import ChecklistError, StoreError
from audit.fieldapp import pending, users
from audit.fieldapp.answers import known_values, parse_item, progress, shown_items, units_for
from audit.fieldapp.pending import Problem
from audit.fieldapp.photos import accept
from audit.fieldapp.web import catalogue, cl, see_other, store, t, user
from audit.store import InspectionRecord, InspectionStatus

blueprint = Blueprint("inspections", __name__)
_OPEN = (InspectionStatus.DRAFT, InspectionStatus.RETURNED)


def can_edit(record: InspectionRecord) -> bool:
    """The inspector edits their own draft or returned inspection; reviewers any not approved."""
    me = user()
    if me.reviews:
        return record.info.status is not InspectionStatus.APPROVED
    return record.info.inspector == me.name and record.info.status in _OPEN


@blueprint.route("/facilities/<code>/inspections", methods=["POST"])
def start(code: str) -> Response:
    try:
        place = store().facility(code)
        checklist = catalogue().get(request.form.get("checklist", ""))
    except (StoreError, ChecklistError):
        abort(400)
    building = "existing" if request.form.get("building") == "existing" else "new"
    inspection_id = store().create_inspection(
        place.code, checklist.id, checklist.version, inspector=user().name,
        inspected_on=date.today().isoformat(), building=building)
    return see_other("inspections.section", inspection_id=inspection_id, number=1)


@blueprint.route("/inspections/<int:inspection_id>")
def overview(inspection_id: int) -> str:
    record, checklist = _load(inspection_id)
    values = known_values(checklist, record)
    sections = [(n, s, progress(checklist, s, record, values))
                for n, s in enumerate(checklist.sections, start=1)]
    return render_template("inspection.html.j2", record=record, checklist=checklist,
                           sections=sections, editable=can_edit(record),
                           reviews=users.reviews_of(store().engine, inspection_id))


@blueprint.route("/inspections/<int:inspection_id>/sections/<int:number>",
                 methods=["GET", "POST"])
def section(inspection_id: int, number: int) -> str | Response | tuple[str, int]:
    record, checklist = _load(inspection_id)
    if not 1 <= number <= len(checklist.sections):
        abort(404)
    key = f"{inspection_id}/{number}"
    if request.method == "GET":
        return _section_page(record, checklist, number, pending.get(key))
    if not can_edit(record):
        abort(403)
    problems, entered = _save_section(record, checklist, number)
    pending.put(key, problems, entered)
    if problems:
        fresh = store().inspection(inspection_id)
        return _section_page(fresh, checklist, number, pending.get(key)), 422
    if request.form.get("go") == "next" and number < len(checklist.sections):
        return see_other("inspections.section", inspection_id=inspection_id, number=number + 1)
    if request.form.get("go") == "next":
        return see_other("inspections.overview", inspection_id=inspection_id)
    return see_other("inspections.section", inspection_id=inspection_id, number=number,
                     saved=1)


@blueprint.route("/inspections/<int:inspection_id>/answer", methods=["POST"])
def answer(inspection_id: int) -> Response | tuple[Response, int]:
    """Save one item as it is entered (the script's enhancement of the section form)."""
    record, checklist, item = _editable_item(inspection_id)
    parsed = parse_item(item, request.form, item.id in record.answers)
    if parsed.error:
        return jsonify(saved=False, message=t(parsed.error)), 422
    if parsed.answer is not None:
        store().save_answer(inspection_id, parsed.answer)
    pending.forget_item(inspection_id, checklist, item.id)
    return jsonify(saved=True, message=t("answer.saved"))


@blueprint.route("/inspections/<int:inspection_id>/photos", methods=["POST"])
def add_photos(inspection_id: int) -> Response | tuple[Response, int]:
    """Store an item's photos as soon as they are chosen (the script's enhancement)."""
    record, _checklist, item = _editable_item(inspection_id)
    added, problems = _store_photos(inspection_id, item.id)
    count = len(record.photos.get(item.id, []))
    prompt = item.prompt.get(cl())
    urls = [{"url": url_for("photos.thumbnail", sha256=sha256),
             "alt": t("photo.alt", n=count + n, item=prompt)}
            for n, sha256 in enumerate(added, start=1)]
    message = " ".join(t(key, **values) for key, values in problems)
    return jsonify(saved=not problems, photos=urls, message=message or t("answer.saved")), \
        200 if not problems else 422


@blueprint.route("/inspections/<int:inspection_id>/submit", methods=["POST"])
def submit(inspection_id: int) -> Response:
    record, _ = _load(inspection_id)
    if not can_edit(record):
        abort(403)
    store().set_inspection_status(inspection_id, InspectionStatus.SUBMITTED)
    return see_other("inspections.verdict", inspection_id=inspection_id)


@blueprint.route("/inspections/<int:inspection_id>/verdict")
def verdict(inspection_id: int) -> str:
    record, _ = _load(inspection_id)
    try:
        checklist, result = judge(record, catalogue())
    except ChecklistError:
        abort(409)
    return render_template("verdict.html.j2", record=record, checklist=checklist,
                           result=result, reviews=users.reviews_of(store().engine,
                                                                   inspection_id))


@blueprint.route("/inspections/<int:inspection_id>/review", methods=["POST"])
def review(inspection_id: int) -> Response:
    record, _ = _load(inspection_id)
    action = request.form.get("action")
    if not user().reviews or record.info.status is not InspectionStatus.SUBMITTED:
        abort(403)
    if action not in ("approved", "returned"):
        abort(400)
    comment = request.form.get("comment", "").strip()
    users.add_review(store().engine, inspection_id, user().name, action, comment)
    store().set_inspection_status(inspection_id, InspectionStatus(action))
    return see_other("inspections.verdict", inspection_id=inspection_id)


def _editable_item(inspection_id: int) -> tuple[InspectionRecord, Checklist, Any]:
    """The record, checklist and item a script posts about; a JSON refusal is raised."""
    record, checklist = _load(inspection_id)
    if not can_edit(record):
        abort(make_response(jsonify(saved=False, message=t("inspection.locked")), 403))
    try:
        return record, checklist, checklist.item(request.form.get("item", ""))
    except KeyError:
        abort(make_response(jsonify(saved=False, message="unknown item"), 400))


def _load(inspection_id: int) -> tuple[InspectionRecord, Checklist]:
    try:
        record = store().inspection(inspection_id)
        return record, catalogue().get(record.info.checklist_id)
    except (StoreError, ChecklistError):
        abort(404)


def _save_section(record: InspectionRecord, checklist: Checklist,
                  number: int) -> tuple[dict[str, list[Problem]], dict[str, str]]:
    """Save every readable answer and photo of the section; the problems by field id."""
    errors: dict[str, list[Problem]] = {}
    entered: dict[str, str] = {}
    for item in checklist.sections[number - 1].items:
        parsed = parse_item(item, request.form, item.id in record.answers)
        if parsed.error:
            errors[f"v-{item.id}"] = [(parsed.error, {})]
            for key in (f"v-{item.id}", f"u-{item.id}", f"note-{item.id}"):
                entered[key] = request.form.get(key, "")
        elif parsed.answer is not None:
            store().save_answer(record.info.id, parsed.answer)
        _added, problems = _store_photos(record.info.id, item.id)
        if problems:
            errors[f"photo-{item.id}"] = problems
    return errors, entered


def _store_photos(inspection_id: int, item_id: str) -> tuple[list[str], list[Problem]]:
    """Check, store and attach the item's uploaded photos; their hashes, and the refusals."""
    added: list[str] = []
    problems: list[Problem] = []
    for upload in request.files.getlist(f"photo-{item_id}"):
        if not upload.filename:
            continue
        sha256, problem = accept(upload)
        if sha256:
            store().attach_photo(inspection_id, item_id, sha256)
            added.append(sha256)
        elif problem is not None:
            problems.append(problem)
    return added, problems


def _section_page(record: InspectionRecord, checklist: Checklist, number: int,
                  state: pending.Pending | None) -> str:
    values = known_values(checklist, record)
    errors = {field: " ".join(t(key, **values) for key, values in problems)
              for field, problems in (state.errors if state else {}).items()}
    entered = state.entered if state else {}
    current = checklist.sections[number - 1]
    context: dict[str, Any] = {
        "record": record, "checklist": checklist, "number": number, "section": current,
        "items": shown_items(checklist, current, values), "errors": errors,
        "entered": entered, "units_for": units_for, "editable": can_edit(record),
        "progress": progress(checklist, current, record, values),
        "saved": request.args.get("saved") == "1" and not errors,
    }
    return render_template("section.html.j2", **context)
