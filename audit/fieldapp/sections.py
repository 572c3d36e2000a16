"""One section per screen: the form (which works without scripts), each answer saved as it is
entered (the script's enhancement, which also reports progress and applicability), and the
author's choice when their entry clashes with an answer saved meanwhile."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from flask import Blueprint, abort, jsonify, make_response, render_template, request
from werkzeug.wrappers import Response

from audit.checklist import Checklist, Item
from audit.fieldapp import access
from audit.fieldapp.answers import (
    Problem,
    known_values,
    progress,
    section_number,
    shown_items,
    units_for,
)
from audit.fieldapp.photos import store_photos
from audit.fieldapp.saving import conflict_problem, keep_mine, save_item, shown_answer
from audit.fieldapp.web import see_other, store, t, user
from audit.store import AnswerDraft, DraftProblem, InspectionRecord, PhotoRecord, StoredAnswer

blueprint = Blueprint("sections", __name__)


@dataclass(frozen=True)
class ItemView:
    """An item as its fieldset shows it: the user's own entry, if any, over the answer."""

    item: Item
    applies: bool
    stored: StoredAnswer | None
    draft: AnswerDraft | None
    photos: list[PhotoRecord]

    @property
    def shown(self) -> StoredAnswer | AnswerDraft | None:
        return self.draft or self.stored

    @property
    def version(self) -> int:
        if self.draft is not None and self.draft.problem is DraftProblem.CONFLICT:
            return self.draft.base_version or 0
        return self.stored.version if self.stored else 0

    @property
    def conflict(self) -> bool:
        return self.draft is not None and self.draft.problem is DraftProblem.CONFLICT


@blueprint.route("/inspections/<id:inspection_id>/sections/<int:number>",
                 methods=["GET", "POST"])
def section(inspection_id: int, number: int) -> str | Response | tuple[str, int]:
    record, checklist = access.inspection(inspection_id)
    if not 1 <= number <= len(checklist.sections):
        abort(404)
    if request.method == "GET":
        return _page(record, checklist, number, {})
    record, checklist = access.editable(inspection_id)
    problems = _save_section(record, checklist, number)
    if problems:
        return _page(store().inspection(inspection_id), checklist, number, problems), 422
    if request.form.get("go") == "next" and number < len(checklist.sections):
        return see_other("sections.section", inspection_id=inspection_id, number=number + 1)
    if request.form.get("go") == "next":
        return see_other("inspections.overview", inspection_id=inspection_id)
    return see_other("sections.section", inspection_id=inspection_id, number=number, saved=1)


@blueprint.route("/inspections/<id:inspection_id>/answer", methods=["POST"])
def answer(inspection_id: int) -> tuple[Response, int]:
    """Save one item as it is entered; say what is now stored, the section's progress and
    which of its items apply."""
    record, checklist, item = _editable_item(inspection_id)
    saved = save_item(record, item, request.form, _my_drafts(inspection_id))
    fresh = store().inspection(inspection_id)
    values = known_values(checklist, fresh)
    part = checklist.section_of(item.id)
    done = progress(checklist, part, fresh, values)
    code = 200 if saved.problem is None else 409 if saved.problem[0] == "answer.conflict" \
        else 422
    message = t("answer.saved") if saved.problem is None else _words(saved.problem)
    return jsonify(saved=saved.problem is None, version=saved.answer.version, message=message,
                   progress={"answered": done.answered, "applicable": done.applicable,
                             "text": t("progress.text", answered=done.answered,
                                       total=done.applicable)},
                   applies={i.id: applies for i, applies in shown_items(checklist, part,
                                                                        values)}), code


@blueprint.route("/inspections/<id:inspection_id>/items/<item_id>/resolve", methods=["POST"])
def resolve(inspection_id: int, item_id: str) -> Response:
    """The author keeps their entry (saved over the newer answer) or the saved answer."""
    record, checklist = access.editable(inspection_id)
    item = _item(checklist, item_id)
    number = section_number(checklist, item.id)
    draft = _my_drafts(inspection_id).get(item.id)
    if draft is not None and request.form.get("keep") == "mine":
        keep_mine(record, item, draft)
    elif draft is not None:
        store().discard_draft(inspection_id, item.id, author=user().name)
    return see_other("sections.section", inspection_id=inspection_id, number=number,
                     _anchor=f"item-{item.id}")


def _save_section(record: InspectionRecord, checklist: Checklist,
                  number: int) -> dict[str, list[Problem]]:
    """Save every item and photo of the section; the problems by field id."""
    problems: dict[str, list[Problem]] = {}
    drafts = _my_drafts(record.info.id)
    for item in checklist.sections[number - 1].items:
        saved = save_item(record, item, request.form, drafts)
        if saved.problem is not None:
            problems[f"v-{item.id}"] = [saved.problem]
        _added, refused = store_photos(record.info.id, item.id)
        if refused:
            problems[f"photo-{item.id}"] = refused
    return problems


def _page(record: InspectionRecord, checklist: Checklist, number: int,
          problems: dict[str, list[Problem]]) -> str:
    values = known_values(checklist, record)
    current = checklist.sections[number - 1]
    drafts = _my_drafts(record.info.id)
    views = [ItemView(item, applies, record.answers.get(item.id), drafts.get(item.id),
                      record.photos.get(item.id, []))
             for item, applies in shown_items(checklist, current, values)]
    found = _draft_problems(views) | problems
    errors = {field: " ".join(_words(p) for p in found_problems)
              for field, found_problems in found.items()}
    context: dict[str, Any] = {
        "record": record, "checklist": checklist, "number": number, "section": current,
        "views": views, "errors": errors, "units_for": units_for,
        "editable": access.edits(record), "shown_answer": shown_answer,
        "progress": progress(checklist, current, record, values),
        "saved": request.args.get("saved") == "1" and not errors,
    }
    return render_template("section.html.j2", **context)


def _draft_problems(views: list[ItemView]) -> dict[str, list[Problem]]:
    """What the user's kept entries still need: a readable value, or a decision."""
    found: dict[str, list[Problem]] = {}
    for view in views:
        if view.draft is None:
            continue
        if view.conflict:
            theirs = view.stored or StoredAnswer(view.item.id, None)
            found[f"v-{view.item.id}"] = [conflict_problem(view.item, theirs)]
        else:
            found[f"v-{view.item.id}"] = [(view.draft.error or "answer.invalid.text", {})]
    return found


def _my_drafts(inspection_id: int) -> dict[str, AnswerDraft]:
    return {d.item_id: d for d in store().drafts(inspection_id, author=user().name)}


def _words(problem: Problem) -> str:
    key, values = problem
    return t(key, **values)


def _editable_item(inspection_id: int) -> tuple[InspectionRecord, Checklist, Item]:
    """The record, checklist and item a script posts about; a JSON refusal otherwise."""
    record, checklist = access.inspection(inspection_id)
    if not access.edits(record):
        abort(make_response(jsonify(saved=False, message=t("inspection.locked")), 403))
    return record, checklist, _item(checklist, request.form.get("item", ""))


def _item(checklist: Checklist, item_id: str) -> Item:
    try:
        return checklist.item(item_id)
    except KeyError:
        abort(make_response(jsonify(saved=False, message=t("error.unknown_item")), 400))
