"""The supervision dashboard: overview, trends, ranking, overdue barriers, the diff between two
rounds of a target, each finding with its evidence, and reports to download.

Read-only pages for those who see everything (viewers, reviewers, admins: ``access``). Every
figure comes from ``audit.dashboard``; this module only picks the request's filters and renders.
The dashboard's words are in ``i18n/dashboard/<lang>.yaml`` (``d('key')`` in templates).
"""

from __future__ import annotations

import logging
import threading
from datetime import datetime
from functools import cache
from pathlib import Path
from typing import Any

from flask import Blueprint, Flask, Response, abort, current_app, render_template, request
from flask.blueprints import BlueprintSetupState

from audit import i18n
from audit.dashboard import (
    Cache,
    Filters,
    Snapshot,
    cached_diff,
    department_trends,
    facility_trend,
    latest_pair,
    load_snapshot,
    overdue,
    rank,
    target_trend,
    warm_diffs,
)
from audit.dashboard import overdue_page as overdue_items  # the view is ``overdue_page``
from audit.dashboard import overview_page as overview_rows  # the view is ``overview_page``
from audit.dashboard.charts import column_chart
from audit.dashboard.model import STATUSES
from audit.errors import StoreError, UsageError
from audit.fieldapp import access, timefmt
from audit.fieldapp.timefmt import SETTING
from audit.fieldapp.web import EXTENSION, catalogue, language, store
from audit.model import Severity
from audit.report.assemble import ReportOptions, build_report
from audit.report.datafiles import load_policy
from audit.report.html import render_html
from audit.report.images import stored_image_uri

log = logging.getLogger(__name__)
blueprint = Blueprint("dashboard", __name__, url_prefix="/dashboard")
_WORDS = Path(__file__).parent / "i18n" / "dashboard"
_CACHE = "dashboard_cache"  # what earlier requests computed (audit.dashboard.Cache)
_POLICY = "dashboard_policy"  # reports/policy.yaml, read once
# compiled at warm-up, with what they extend and import (Jinja compiles those at first render)
_TEMPLATES = ("base.html.j2", *(f"dashboard/{name}.html.j2" for name in (
    "_layout", "_macros", "overview", "trends", "member", "ranking", "overdue", "diff",
    "finding", "item")))
OVERDUE_PAGE = 100
OVERVIEW_PAGE = 100  # rows: a district has ~550, worst first
REPORT_FORMATS = {"html": "text/html; charset=utf-8", "pdf": "application/pdf"}


@cache
def _messages(lang: str) -> i18n.Messages:
    path = _WORDS / f"{lang}.yaml"
    return i18n.Messages(lang, i18n.load_words(path), str(path))


def words() -> i18n.Messages:
    return _messages(language())


def d(key: str, **values: Any) -> str:
    """A dashboard word in the user's language."""
    return words().t(key, **values)


@blueprint.before_request
def _only_for_those_who_see_all() -> None:
    access.dashboard()


@blueprint.record_once
def _globals(state: BlueprintSetupState) -> None:
    """``d`` and the severities in every template (macros imported without context too)."""
    state.app.jinja_env.globals.update(d=d, severities=[str(s) for s in Severity])


def warm_up(app: Flask, *, snapshot: bool = True) -> threading.Thread | None:
    """Do now what the first dashboard request would otherwise pay for: compile the dashboard's
    templates, read its words and the policy; with ``snapshot``, also compute the store's
    snapshot, then the diff of each target's two latest rounds, in a background thread,
    returned. A request arriving meanwhile waits for the snapshot (``Cache.lock``), not for
    the diffs (one not computed yet is computed for it)."""
    settings = app.extensions[EXTENSION]
    for name in _TEMPLATES:
        app.jinja_env.get_template(name)
    for lang in i18n.LANGUAGES:
        _messages(lang)
    settings[_POLICY] = load_policy()
    cache = settings.setdefault(_CACHE, Cache(settings["catalogue"], zone=settings[SETTING]))
    if not snapshot:
        return None

    def load() -> None:
        try:
            found = load_snapshot(settings["store"], cache,
                                  today=datetime.now(settings[SETTING]).date())
            warm_diffs(settings["store"], cache, found)
        except (StoreError, UsageError) as err:  # a request computes it (or says what is wrong)
            log.warning("dashboard not prepared: %s", err)

    thread = threading.Thread(target=load, name="dashboard-warm-up", daemon=True)
    thread.start()
    return thread


def _cache() -> Cache:
    settings = current_app.extensions[EXTENSION]
    return settings.setdefault(_CACHE, Cache(catalogue(), zone=settings[SETTING]))


def _policy() -> dict[str, Any]:
    return current_app.extensions[EXTENSION].setdefault(_POLICY, load_policy())


def _snapshot() -> Snapshot:
    return load_snapshot(store(), _cache(), today=timefmt.today())


@blueprint.route("/", endpoint="overview")
def overview_page() -> str:
    snapshot = _snapshot()
    filters = Filters(department=_choice("department", snapshot.departments),
                      type=_choice("type", snapshot.types), status=_choice("status", STATUSES))
    start = request.args.get("from", 0, type=int)
    return render_template("dashboard/overview.html.j2", snapshot=snapshot, filters=filters,
                           page=overview_rows(snapshot, filters, start, OVERVIEW_PAGE),
                           page_size=OVERVIEW_PAGE, statuses=STATUSES)


def _choice(name: str, allowed: Any) -> str | None:
    """The filter's value when it is one of ``allowed``; None (no filter) otherwise."""
    value = request.args.get(name)
    return value if value is not None and value in allowed else None


@blueprint.route("/trends")
def trends() -> str:
    snapshot = _snapshot()
    by_department = department_trends(snapshot)
    charts = {name: (points, column_chart(points)) for name, points in by_department.items()}
    return render_template("dashboard/trends.html.j2", snapshot=snapshot, charts=charts)


@blueprint.route("/target")
def target() -> str:
    name = request.args.get("name", "")
    snapshot = _snapshot()
    try:
        points = target_trend(snapshot, name)
    except UsageError:
        abort(404)
    return render_template("dashboard/member.html.j2", kind="web", name=name, points=points,
                           chart=column_chart(points), department=_department(snapshot, name))


@blueprint.route("/facility")
def facility() -> str:
    code, checklist = request.args.get("code", ""), request.args.get("checklist", "")
    snapshot = _snapshot()
    try:
        points = facility_trend(snapshot, code, checklist)
    except UsageError:
        abort(404)
    found = next(f for f in snapshot.facilities if f.code == code and f.checklist == checklist)
    return render_template("dashboard/member.html.j2", kind="facility", name=code,
                           facility=found, points=points, chart=column_chart(points),
                           department=found.department)


def _department(snapshot: Snapshot, name: str) -> str:
    return next(t.department for t in snapshot.targets if t.name == name)


@blueprint.route("/ranking")
def ranking() -> str:
    return render_template("dashboard/ranking.html.j2",
                           ranking=rank(_snapshot(), _policy()))


@blueprint.route("/overdue")
def overdue_page() -> str:
    snapshot, policy = _snapshot(), _policy()
    late = overdue(snapshot, policy)
    start = max(0, request.args.get("from", 0, type=int))
    items = overdue_items(store(), snapshot, policy, start, OVERDUE_PAGE)
    return render_template("dashboard/overdue.html.j2", items=items, total=late.total,
                           start=start, page_size=OVERDUE_PAGE, counts=late.by_department)


@blueprint.route("/findings/<id:finding_id>")
def finding(finding_id: int) -> str:
    try:
        found = store().stored_finding(finding_id)
    except StoreError:
        abort(404)
    image = stored_image_uri(store(), found.finding.screenshot)
    return render_template("dashboard/finding.html.j2", found=found, image=image)


@blueprint.route("/inspections/<id:inspection_id>/items/<item_id>")
def item(inspection_id: int, item_id: str) -> str:
    record, checklist = access.inspection(inspection_id)
    try:
        found = checklist.item(item_id)
    except KeyError:
        abort(404)
    return render_template("dashboard/item.html.j2", record=record, checklist=checklist,
                           item=found, answer=record.answers.get(item_id),
                           photos=record.photos.get(item_id, []))


@blueprint.route("/diff")
def diff() -> str:
    name = request.args.get("target", "")
    snapshot = _snapshot()
    found = next((t for t in snapshot.targets if t.name == name), None)
    if found is None:
        abort(404)
    ids = [r.scan_id for r in found.rounds]
    latest = latest_pair(found)
    old = request.args.get("old", latest[0], type=int)
    new = request.args.get("new", latest[1], type=int)
    if old not in ids or new not in ids:
        abort(404)
    compared = cached_diff(store(), _cache(), name, old, new)
    return render_template("dashboard/diff.html.j2", target=found, old=old, new=new,
                           compared=compared)


@blueprint.route("/reports/<id:scan_id>.<fmt>")
def report(scan_id: int, fmt: str) -> Response:
    """The full report of one round of a target, HTML or PDF, in zh-CN or en."""
    if fmt not in REPORT_FORMATS or not store().scan_exists(scan_id):
        abort(404)
    lang = request.args.get("lang", language())
    if lang not in i18n.LANGUAGES:
        abort(404)
    built = build_report(store(), ReportOptions(lang=lang, scan_ids=(scan_id,)))
    html = render_html(built)
    if fmt == "html":
        data = html.encode("utf-8")
    else:
        from audit.report.report_pdf import report_pdf  # finds Chromium: only for a PDF

        data = report_pdf(html, lang)
    name = f"report-scan-{scan_id}-{lang}.{fmt}"
    return Response(data, mimetype=REPORT_FORMATS[fmt],
                    headers={"Content-Disposition": f'attachment; filename="{name}"'})

