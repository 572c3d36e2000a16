"""Facilities: list and search, create, edit, and one facility with its inspections."""

from __future__ import annotations

import re

from flask import Blueprint, abort, render_template, request
from sqlalchemy import update
from werkzeug.wrappers import Response

from audit.errors import StoreError
from audit.fieldapp.web import catalogue, cl, see_other, store, t
from audit.store import FacilityInfo
from audit.store._engine import writer
from audit.store.tables import facilities

blueprint = Blueprint("facilities", __name__)
FIELDS = ("code", "name", "type", "address", "department", "lat", "lon")
_DETAILS = ("name", "type", "address", "lat", "lon", "department")
_CODE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]{0,99}$")


@blueprint.route("/")
def index() -> str:
    query = request.args.get("q", "").strip()
    places = store().facilities()
    if query:
        needle = query.casefold()
        places = [p for p in places if any(needle in (v or "").casefold() for v in (
            p.code, p.name, p.type, p.address, p.department))]
    return render_template("facilities.html.j2", places=places, query=query)


@blueprint.route("/facilities/new", methods=["GET", "POST"])
def create() -> str | Response | tuple[str, int]:
    if request.method == "GET":
        return render_template("facility_form.html.j2", values={}, errors={}, editing=False)
    return _save(editing=False)


@blueprint.route("/facilities/<code>/edit", methods=["GET", "POST"])
def edit(code: str) -> str | Response | tuple[str, int]:
    place = _facility(code)
    if request.method == "GET":
        values = {name: "" if getattr(place, name) is None else str(getattr(place, name))
                  for name in FIELDS}
        return render_template("facility_form.html.j2", values=values, errors={},
                               editing=True)
    return _save(editing=True, code=place.code)


@blueprint.route("/facilities/<code>")
def show(code: str) -> str:
    place = _facility(code)
    found = [c for c in catalogue().checklists.values() if c.kind == "physical"]
    checklists = sorted(found, key=lambda c: c.title.get(cl()))
    return render_template("facility.html.j2", place=place, checklists=checklists,
                           inspections=store().inspections(facility=place.code))


def _facility(code: str) -> FacilityInfo:
    try:
        return store().facility(code)
    except StoreError:
        abort(404)


def _save(*, editing: bool, code: str | None = None) -> Response | tuple[str, int]:
    values = {name: request.form.get(name, "").strip() for name in FIELDS}
    if code is not None:
        values["code"] = code
    errors = _check(values, editing)
    if errors:
        return render_template("facility_form.html.j2", values=values, errors=errors,
                               editing=editing), 422
    info = FacilityInfo(
        code=values["code"], name=values["name"], type=values["type"] or None,
        address=values["address"] or None, department=values["department"] or None,
        lat=float(values["lat"]) if values["lat"] else None,
        lon=float(values["lon"]) if values["lon"] else None)
    if editing:
        _overwrite(info)
    else:
        store().save_facility(info, update=False)
    return see_other("facilities.show", code=info.code)


def _check(values: dict[str, str], editing: bool) -> dict[str, str]:
    errors: dict[str, str] = {}
    if not _CODE.match(values["code"]):
        errors["code"] = t("facility.code_invalid")
    elif not editing and values["code"] in {p.code for p in store().facilities()}:
        errors["code"] = t("facility.code_taken")
    if not values["name"]:
        errors["name"] = t("facility.name_missing")
    for name, limit in (("lat", 90.0), ("lon", 180.0)):
        if values[name]:
            try:
                number = float(values[name])
            except ValueError:
                number = float("nan")
            if not -limit <= number <= limit:
                errors[name] = t(f"facility.{name}_invalid")
    return errors


def _overwrite(info: FacilityInfo) -> None:
    """Replace every detail, emptied ones included (``Store.save_facility`` keeps the details
    that are not given)."""
    values = {name: getattr(info, name) for name in _DETAILS}
    with writer(store().engine).begin() as connection:
        connection.execute(update(facilities).where(facilities.c.code == info.code)
                           .values(**values))
