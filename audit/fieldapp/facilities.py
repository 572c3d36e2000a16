"""Facilities: list and search (those the user may see), create, edit (only what the editor
changed, refused when someone else changed the same detail meanwhile), one facility with its
inspections, the checklists to start from, who it is given to, and its change log."""

from __future__ import annotations

import re

from flask import Blueprint, abort, render_template, request
from werkzeug.wrappers import Response

from audit.errors import ConflictError
from audit.fieldapp import access, facility_types, history
from audit.fieldapp.web import catalogue, cl, see_other, store, t, user
from audit.store import FacilityInfo

blueprint = Blueprint("facilities", __name__)
FIELDS = ("code", "name", "type", "address", "department", "lat", "lon")
_DETAILS = FIELDS[1:]
_CODE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]{0,99}$")


@blueprint.route("/")
def index() -> str:
    query = request.args.get("q", "").strip()
    codes = access.visible_codes()
    places = [p for p in store().facilities() if codes is None or p.code in codes]
    if query:
        needle = query.casefold()
        places = [p for p in places if any(needle in (v or "").casefold() for v in (
            p.code, p.name, p.type, facility_types.label(p.type, cl()), p.address,
            p.department))]
    return render_template("facilities.html.j2", places=places, query=query)


@blueprint.route("/facilities/new", methods=["GET", "POST"])
def create() -> str | Response | tuple[str, int]:
    if request.method == "GET":
        return _form({}, {}, editing=False)
    values = _values()
    errors = _check(values, editing=False)
    if not errors:
        try:
            store().create_facility(_info(values), by=user().name)
        except ConflictError:
            errors["code"] = t("facility.code_taken")
    if errors:
        return _form(values, errors, editing=False), 422
    return see_other("facilities.show", code=values["code"])


@blueprint.route("/facilities/<code>/edit", methods=["GET", "POST"])
def edit(code: str) -> str | Response | tuple[str, int]:
    place = access.facility(code)
    if request.method == "GET":
        return _form(_shown(place), {}, editing=True)
    values = _values() | {"code": place.code}
    errors = _check(values, editing=True)
    if not errors:
        try:
            store().overwrite_facility(_info(values), by=user().name,
                                       expected=_info(_started_from(place)))
        except ConflictError:
            errors["name"] = t("facility.changed_meanwhile")
            now = _shown(store().facility(place.code))
            return _form(values, errors, editing=True, started=now, clash=now), 409
    if errors:
        return _form(values, errors, editing=True, started=_started_from(place)), 422
    return see_other("facilities.show", code=place.code)


@blueprint.route("/facilities/<code>")
def show(code: str, errors: dict[str, str] | None = None) -> str:
    place = access.facility(code)
    offer = facility_types.offer(catalogue(), place.type, request.args.get("standard"))
    found = sorted(store().inspections(facility=place.code),
                   key=lambda i: (i.checklist_id, -i.round))
    return render_template(
        "facility.html.j2", place=place, offer=offer, inspections=[i for i in found
                                                                    if access.sees(i)],
        titles={c.id: c.title.get(cl()) for c in catalogue().checklists.values()},
        assignments=store().assignments(place.code) if user().admin else [],
        changes=history.rows(store().history(facility=place.code), None),
        errors=errors or {}, chosen=request.form.get("checklist"))


@blueprint.route("/facilities/<code>/assign", methods=["POST"])
def assign(code: str) -> Response:
    """An admin gives the facility to a user or a team, or takes it away."""
    access.admin()
    place = access.facility(code)
    kind, name = request.form.get("kind", ""), request.form.get("name", "").strip()
    if kind not in ("user", "team") or not name or len(name) > 64:
        abort(400)
    if request.form.get("remove"):
        store().unassign_facility(place.code, kind, name, by=user().name)
    else:
        store().assign_facility(place.code, kind, name, by=user().name)
    return see_other("facilities.show", code=place.code, _anchor="access")


def _form(values: dict[str, str], errors: dict[str, str], *, editing: bool,
          started: dict[str, str] | None = None, clash: dict[str, str] | None = None) -> str:
    """The form; ``started``: the details the edit began from (carried in hidden fields);
    ``clash``: the details now saved, shown when someone else changed them meanwhile."""
    return render_template("facility_form.html.j2", values=values, errors=errors,
                           editing=editing, types=facility_types.types(),
                           known_type=facility_types.find(values.get("type")),
                           started=started, clash=clash)


def _values() -> dict[str, str]:
    values = {name: request.form.get(name, "").strip() for name in FIELDS}
    found = facility_types.find(values["type"])
    if found is not None:
        values["type"] = found.label.zh  # stored as sheets and reports carry it
    elif values["type"] == "other":
        values["type"] = request.form.get("type_other", "").strip()
    return values


def _started_from(place: FacilityInfo) -> dict[str, str]:
    """The details the editor's form was loaded with (hidden ``was-`` fields)."""
    shown = _shown(place)
    return {name: request.form.get(f"was-{name}", shown[name]).strip() for name in FIELDS} \
        | {"code": place.code}


def _shown(place: FacilityInfo) -> dict[str, str]:
    return {name: "" if getattr(place, name) is None else str(getattr(place, name))
            for name in FIELDS}


def _info(values: dict[str, str]) -> FacilityInfo:
    return FacilityInfo(
        code=values["code"], name=values["name"], type=values["type"] or None,
        address=values["address"] or None, department=values["department"] or None,
        lat=_number(values["lat"]), lon=_number(values["lon"]))


def _number(text: str) -> float | None:
    try:
        return float(text) if text else None
    except ValueError:
        return None


def _check(values: dict[str, str], editing: bool) -> dict[str, str]:
    errors: dict[str, str] = {}
    if not editing and not _CODE.match(values["code"]):
        errors["code"] = t("facility.code_invalid")
    if not values["name"]:
        errors["name"] = t("facility.name_missing")
    for name, limit in (("lat", 90.0), ("lon", 180.0)):
        number = _number(values[name]) if values[name] else 0.0
        if number is None or not -limit <= number <= limit:
            errors[name] = t(f"facility.{name}_invalid")
    return errors
