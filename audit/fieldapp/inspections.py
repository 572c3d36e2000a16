"""Inspections: start (idempotent: an open round is continued, not doubled), overview with
progress and the change log, delete an empty draft, submit (what is unanswered is shown and
confirmed first), the verdict with photos, the review decision (one wins; a reason to send
back; nobody decides on their own work), and an admin handing a draft or an inspection sent
back to another inspector."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, abort, render_template, request
from werkzeug.wrappers import Response

from audit.checklist import Checklist
from audit.checklist.intake import judge
from audit.errors import ChecklistError, ConflictError
from audit.fieldapp import access, facilities, history, timefmt
from audit.fieldapp.answers import (
    completeness,
    known_values,
    progress,
    section_number,
    unanswered,
)
from audit.fieldapp.saving import result_words
from audit.fieldapp.users import Role
from audit.fieldapp.web import catalogue, see_other, store, t, user, whole_number
from audit.store import Change, InspectionRecord, InspectionStatus

blueprint = Blueprint("inspections", __name__)
_BUILDINGS = ("new", "existing")
_MAX_COMMENT = 4000


@blueprint.route("/facilities/<code>/inspections", methods=["POST"])
def start(code: str) -> Response | tuple[str, int]:
    place = access.facility(code)
    building = request.form.get("building")
    try:
        checklist = catalogue().get(request.form.get("checklist", ""))
    except ChecklistError:
        abort(400)
    if checklist.kind != "physical":
        abort(400)
    if building not in _BUILDINGS:
        return facilities.show(place.code, errors={
            "building": t("inspection.building_missing")}), 422
    inspection_id, new = store().start_inspection(
        place.code, checklist.id, checklist.version, inspector=user().name, building=building,
        inspected_on=timefmt.today().isoformat())
    if new:
        return see_other("sections.section", inspection_id=inspection_id, number=1)
    return see_other("inspections.overview", inspection_id=inspection_id, open=1)


@blueprint.route("/inspections/<id:inspection_id>")
def overview(inspection_id: int) -> str:
    record, checklist = access.inspection(inspection_id)
    return _overview_page(record, checklist, {})


def _overview_page(record: InspectionRecord, checklist: Checklist,
                   errors: dict[str, str]) -> str:
    inspection_id = record.info.id
    values = known_values(checklist, record)
    sections = [(n, s, progress(checklist, s, record, values))
                for n, s in enumerate(checklist.sections, start=1)]
    changes = store().history(inspection_id=inspection_id)
    return render_template(
        "inspection.html.j2", record=record, checklist=checklist, sections=sections,
        editable=access.edits(record), reviews=store().reviews(inspection_id),
        done=completeness(checklist, record), deletable=_deletable(record, changes),
        changes=history.rows(changes, checklist), reopened=request.args.get("open") == "1",
        successors=_successors(record), inspector_left=_inspector_left(record),
        errors=errors)


@blueprint.route("/inspections/<id:inspection_id>/inspector", methods=["POST"])
def hand_over(inspection_id: int) -> Response | tuple[str, int]:
    """An admin gives a draft or an inspection sent back to another inspector (its own one
    left, say), who continues and submits it; logged in its change log."""
    access.admin()
    record, checklist = access.inspection(inspection_id)
    if record.info.status not in access.OPEN:  # submitted or approved: not in anyone's hand
        return _refused("hand_over.refused"), 409
    to = request.form.get("inspector", "")
    if to not in _successors(record):
        return _overview_page(record, checklist, {"inspector": _why_not(record, to)}), 422
    try:
        store().hand_over(inspection_id, to=to, by=user().name)
    except ConflictError:
        return _refused("hand_over.refused"), 409
    return see_other("inspections.overview", inspection_id=inspection_id)


def _successors(record: InspectionRecord) -> list[str]:
    """Whom an admin may give the inspection to: the enabled inspectors but its own (none
    when it is not in hand, or for anyone else)."""
    if not user().admin or record.info.status not in access.OPEN:
        return []
    return sorted(u.name for u in store().users() if u.role == Role.INSPECTOR
                  and not u.disabled and u.name != record.info.inspector)


def _inspector_left(record: InspectionRecord) -> bool:
    """Whether to tell a reviewer or admin that nobody can finish the inspection as it is:
    it is in its inspector's hand and their account is disabled."""
    if not user().reviews or record.info.status not in access.OPEN or not record.info.inspector:
        return False
    account = store().user(record.info.inspector)
    return account is not None and account.disabled


def _why_not(record: InspectionRecord, to: str) -> str:
    """Why ``to`` cannot take the inspection over (a form offers only those who can; a
    crafted or stale one may name anyone), then whom to choose."""
    account = store().user(to) if to else None
    if not to:
        reason = ""
    elif to == record.info.inspector:
        reason = t("hand_over.same", name=to)
    elif account is None:
        reason = t("hand_over.no_account")
    elif account.role != Role.INSPECTOR:
        reason = t("hand_over.not_inspector", name=to, role=t(f"role.{account.role}"))
    else:
        reason = t("hand_over.disabled", name=to)
    return t("hand_over.why", reason=reason, choose=t("hand_over.choose")).strip()


@blueprint.route("/inspections/<id:inspection_id>/delete", methods=["POST"])
def delete(inspection_id: int) -> Response | tuple[str, int]:
    record, _checklist = access.inspection(inspection_id)
    if not _may_delete(record):
        abort(403)
    try:
        store().delete_inspection(inspection_id, by=user().name)
    except ConflictError:
        return _refused("inspection.not_empty"), 409
    return see_other("facilities.show", code=record.facility.code)


@blueprint.route("/inspections/<id:inspection_id>/submit", methods=["GET", "POST"])
def submit(inspection_id: int) -> str | Response | tuple[str, int]:
    record, checklist = access.inspection(inspection_id)
    if record.info.inspector != user().name:
        abort(403)
    if record.info.status not in access.OPEN:  # a second tap, or Back: it went already
        return see_other("inspections.verdict", inspection_id=inspection_id)
    if not access.edits(record):
        abort(403)
    missing = unanswered(checklist, record)
    entries = store().drafts(inspection_id, author=user().name)
    confirmed = request.form.get("confirm") == "yes"
    if request.method == "GET" or entries or (missing and not confirmed):
        code = 200 if request.method == "GET" else 409 if entries else 422
        kept = [(section_number(checklist, e.item_id), checklist.item(e.item_id), e)
                for e in entries]
        return render_template("submit.html.j2", record=record, checklist=checklist,
                               missing=missing, entries=kept,
                               done=completeness(checklist, record)), code
    try:
        store().set_inspection_status(inspection_id, InspectionStatus.SUBMITTED,
                                      by=user().name,
                                      expect=(InspectionStatus.DRAFT, InspectionStatus.RETURNED))
    except ConflictError:
        return _refused("inspection.changed_meanwhile"), 409
    return see_other("inspections.verdict", inspection_id=inspection_id)


@blueprint.route("/inspections/<id:inspection_id>/verdict")
def verdict(inspection_id: int) -> str:
    record, checklist = access.inspection(inspection_id)
    return _verdict_page(record, checklist, {})


@blueprint.route("/inspections/<id:inspection_id>/review", methods=["POST"])
def review(inspection_id: int) -> Response | tuple[str, int]:
    access.reviewer()
    record, checklist = access.inspection(inspection_id)
    action = request.form.get("action")
    if action not in ("approved", "returned"):
        abort(400)
    comment = request.form.get("comment", "").strip() or None
    if user().name in store().authors(inspection_id):  # before "say why": no reason helps
        return _verdict_page(record, checklist, {"action": t("review.own_work")}), 409
    if action == "returned" and not comment:
        return _verdict_page(record, checklist, {"comment": t("review.reason_missing")}), 422
    if comment and len(comment) > _MAX_COMMENT:  # refused whole, kept in the form: not cut
        return _verdict_page(record, checklist, {"comment": t(
            "review.too_long", n=len(comment), limit=_MAX_COMMENT)}, comment), 422
    try:
        store().decide(inspection_id, reviewer=user().name, decision=InspectionStatus(action),
                       comment=comment, seen=whole_number(request.form.get("seen")))
    except ConflictError:
        fresh = store().inspection(inspection_id)
        if _decided_by_me(fresh, action):  # a second tap: the first one was saved
            return see_other("inspections.verdict", inspection_id=inspection_id)
        return _verdict_page(fresh, checklist, {"action": t(_refusal(fresh))}, comment), 409
    return see_other("inspections.verdict", inspection_id=inspection_id)


def _verdict_page(record: InspectionRecord, checklist: Checklist,
                  errors: dict[str, str], comment: str | None = None) -> str:
    """The verdict; ``comment``: what the reviewer wrote, back in the form after a refusal."""
    try:
        checklist, result = judge(record, catalogue())
    except ChecklistError:
        abort(409)
    photos = {sha.sha256: sha for shas in record.photos.values() for sha in shas}
    context: dict[str, Any] = {
        "record": record, "checklist": checklist, "result": result, "errors": errors,
        "reviews": store().reviews(record.info.id), "photos": photos,
        "seen": store().last_change(record.info.id), "comment": comment or "",
        "done": completeness(checklist, record),
        "entries": store().drafts(record.info.id),
        "may_decide": _may_decide(record), "own_work": user().name in store().authors(
            record.info.id),
        "result_words": lambda r: result_words(checklist, r),
    }
    return render_template("verdict.html.j2", **context)


def _refusal(record: InspectionRecord) -> str:
    """Why a decision on ``record`` (as it is now) was not saved, as a message key."""
    if record.info.status is not InspectionStatus.SUBMITTED:
        return "review.decided_meanwhile"
    if user().name in store().authors(record.info.id):
        return "review.own_work"
    return "review.changed_meanwhile"


def _decided_by_me(record: InspectionRecord, action: str) -> bool:
    """The inspection's status is ``action`` by this user's own last decision."""
    reviews = store().reviews(record.info.id)
    return (record.info.status is InspectionStatus(action) and bool(reviews)
            and (reviews[-1].reviewer, reviews[-1].action) == (user().name, action))


def _may_decide(record: InspectionRecord) -> bool:
    return user().reviews and record.info.status is InspectionStatus.SUBMITTED


def _may_delete(record: InspectionRecord) -> bool:
    return record.info.inspector == user().name or user().admin


def _deletable(record: InspectionRecord, changes: list[Change]) -> bool:
    """An empty draft: nothing was ever answered, attached or kept aside in it."""
    return (_may_delete(record) and record.info.status is InspectionStatus.DRAFT
            and not record.answers and not store().drafts(record.info.id)
            and not any(change.subject == "photo" for change in changes))


def _refused(key: str) -> str:
    return render_template("error.html.j2", code=409, message=t(key))
