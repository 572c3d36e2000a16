"""Who may see and change what — one place, used by every route (photos included).

- Admins, reviewers and viewers see every facility, inspection and photo.
- A viewer (leadership, a supervising office) changes nothing: every page that is not one of
  ``READ_ONLY_ENDPOINTS`` (the dashboard, scan results, photos, their own account) is 403,
  forms included; the home page sends them to the dashboard.
- The dashboard is for those who see everything (viewers, reviewers, admins).
- An inspector sees the facilities an admin gave to them or to their team (and those they
  added themselves, which are given to them), every inspection of those facilities, and their
  own inspections wherever they are. Photos follow the inspections they are attached to.
- An inspector changes their own inspections while they are drafts or sent back; a reviewer
  or admin changes any inspection until it is approved (recorded, and then they may not
  approve it). Facilities are edited by whoever sees them; only admins give them to people,
  and only admins hand a draft or an inspection sent back to another inspector (its own left).

A record that does not exist is 404; one that exists but is not the user's to see or change
is 403.
"""

from __future__ import annotations

from flask import abort, g, redirect, request, url_for
from werkzeug.wrappers import Response

from audit.checklist import Checklist
from audit.errors import ChecklistError, StoreError
from audit.fieldapp.web import catalogue, store, user
from audit.store import (
    FacilityInfo,
    InspectionInfo,
    InspectionRecord,
    InspectionStatus,
    content_path,
)

OPEN = (InspectionStatus.DRAFT, InspectionStatus.RETURNED)


READ_ONLY_ENDPOINTS = frozenset({
    "auth.login", "auth.logout", "auth.language", "auth.password", "about.accessibility",
    "static", "offline.worker", "offline.page", "photos.image", "scans.index", "scans.show",
    "scans.page", "limits.too_large"})
HOME = "facilities.index"


def read_only_gate() -> Response | None:
    """Before every request (after the login gate): keep a viewer to what only reads."""
    me = g.get("user")
    if me is None or not me.read_only:
        return None
    endpoint = request.endpoint or ""
    if endpoint == HOME:
        return redirect(url_for("dashboard.overview"))
    if endpoint in READ_ONLY_ENDPOINTS or endpoint.startswith("dashboard."):
        return None
    abort(403)


def dashboard() -> None:
    if not user().sees_all:
        abort(403)


def visible_codes() -> set[str] | None:
    """The facility codes the user may see; None for all (cached for the request)."""
    if user().sees_all:
        return None
    if "visible_codes" not in g:
        g.visible_codes = store().facility_codes_for(user().name, user().team)
    found: set[str] = g.visible_codes
    return found


def sees_facility(code: str) -> bool:
    codes = visible_codes()
    return codes is None or code in codes


def sees(info: InspectionInfo) -> bool:
    return info.inspector == user().name or sees_facility(info.facility)


def edits(record: InspectionRecord) -> bool:
    me = user()
    if me.reviews:
        return record.info.status is not InspectionStatus.APPROVED
    return record.info.inspector == me.name and record.info.status in OPEN


def facility(code: str) -> FacilityInfo:
    """The facility, or 404 / 403."""
    try:
        found = store().facility(code)
    except StoreError:
        abort(404)
    if not sees_facility(found.code):
        abort(403)
    return found


def inspection(inspection_id: int) -> tuple[InspectionRecord, Checklist]:
    """The inspection and its checklist, or 404 / 403."""
    try:
        record = store().inspection(inspection_id)
        checklist = catalogue().get(record.info.checklist_id)
    except (StoreError, ChecklistError):
        abort(404)
    if not sees(record.info):
        abort(403)
    return record, checklist


def editable(inspection_id: int) -> tuple[InspectionRecord, Checklist]:
    """The inspection, when the user may change it; else 404 / 403."""
    record, checklist = inspection(inspection_id)
    if not edits(record):
        abort(403)
    return record, checklist


def photo(sha256: str) -> None:
    """404 for an unknown photo, 403 for one on no inspection the user may see."""
    try:
        content_path(sha256)
        store().photo(sha256)
    except (ValueError, StoreError):
        abort(404)
    if user().sees_all:
        return
    for inspection_id in store().photo_inspections(sha256):
        try:
            if sees(store().inspection(inspection_id).info):
                return
        except StoreError:
            continue
    abort(403)


def admin() -> None:
    if not user().admin:
        abort(403)


def reviewer() -> None:
    if not user().reviews:
        abort(403)
