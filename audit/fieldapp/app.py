"""The Flask application: blueprints, CSRF on every form, session cookie settings, security
headers, error pages, ids in URLs, and the user's templates folder before the bundled one."""

from __future__ import annotations

import logging
import os
from datetime import timedelta
from pathlib import Path

from flask import Flask, render_template
from flask_wtf.csrf import CSRFError, CSRFProtect
from jinja2 import BytecodeCache, ChoiceLoader, FileSystemBytecodeCache, FileSystemLoader
from werkzeug.exceptions import HTTPException
from werkzeug.routing import IntegerConverter
from werkzeug.wrappers import Response

from audit.checklist import Catalogue, load_bundled
from audit.evidence import DEFAULT_MAX_BYTES
from audit.fieldapp import (
    about,
    access,
    admin,
    auth,
    dashboard,
    facilities,
    facility_types,
    inspections,
    limits,
    lists,
    offline,
    photos,
    scans,
    sections,
    users,
)
from audit.fieldapp.throttle import LoginThrottle
from audit.fieldapp.timefmt import DEFAULT_TIME_ZONE, SETTING, local_time, zone
from audit.fieldapp.web import EXTENSION, cl, language, load_messages, messages, t
from audit.i18n import LANGUAGES
from audit.store import Store

_HERE = Path(__file__).parent
log = logging.getLogger(__name__)
_CSP = ("default-src 'self'; img-src 'self' data: blob:; style-src 'self'; "
        "script-src 'self'; worker-src 'self'; object-src 'none'; base-uri 'none'; "
        "frame-ancestors 'none'; form-action 'self'")
_BLUEPRINTS = (about, admin, auth, dashboard, facilities, inspections, limits, lists, offline,
               photos, scans, sections)


class IdConverter(IntegerConverter):
    """A record id: 1 to 2**31 - 1 (what every backend's integer key holds); anything else,
    however long, is simply not found (404)."""

    def __init__(self, url_map: object) -> None:
        super().__init__(url_map, min=1, max=2**31 - 1)  # type: ignore[arg-type]


def create_app(store: Store, *, secret_key: str | bytes, catalogue: Catalogue | None = None,
               secure_cookies: bool = False, max_photo_bytes: int = DEFAULT_MAX_BYTES,
               templates: str | os.PathLike[str] | None = None,
               time_zone: str = DEFAULT_TIME_ZONE, warm_up: bool = False) -> Flask:
    """The field app over ``store`` (whose migrations made its tables). ``warm_up``: prepare the
    dashboard at once (``dashboard.warm_up``), as a server does, not at its first request."""
    app = Flask(__name__, template_folder=str(_HERE / "templates"),
                static_folder=str(_HERE / "static"))
    if templates is not None:
        app.jinja_loader = ChoiceLoader([FileSystemLoader(str(templates)),
                                         FileSystemLoader(str(_HERE / "templates"))])
    app.url_map.converters["id"] = IdConverter
    app.config.update(
        SECRET_KEY=secret_key, SESSION_COOKIE_NAME="a11y_field_session",
        SESSION_COOKIE_HTTPONLY=True, SESSION_COOKIE_SAMESITE="Lax",
        SESSION_COOKIE_SECURE=secure_cookies, PERMANENT_SESSION_LIFETIME=timedelta(hours=12),
        MAX_CONTENT_LENGTH=limits.max_request_bytes(max_photo_bytes),
        WTF_CSRF_TIME_LIMIT=None,  # the token lives as long as the session
    )
    app.extensions[EXTENSION] = {
        "store": store, "catalogue": catalogue or load_bundled(),
        "messages": load_messages(), "max_photo_bytes": max_photo_bytes,
        "throttle": LoginThrottle(), SETTING: zone(time_zone)}
    CSRFProtect(app)
    for module in _BLUEPRINTS:
        app.register_blueprint(module.blueprint)
    app.before_request(auth.require_login)
    app.before_request(access.read_only_gate)
    app.after_request(_headers)
    app.register_error_handler(CSRFError, _csrf_error)
    app.register_error_handler(HTTPException, _http_error)
    app.jinja_env.autoescape = True  # every template, whatever its file name ends in
    app.jinja_env.bytecode_cache = _compiled_templates()
    app.jinja_env.globals.update(t=t, lang=language, cl=cl, languages=LANGUAGES,
                                 current_user=_current_user, local_time=local_time,
                                 type_label=lambda value: facility_types.label(value, cl()))
    if warm_up:
        dashboard.warm_up(app)
    return app


def _compiled_templates() -> BytecodeCache | None:
    """Templates compiled by an earlier process, kept by Jinja in a private temporary folder
    (checked against each template's file and source): a new process renders its first page
    without compiling (some 0.1 s of CPU for the dashboard's)."""
    try:
        return FileSystemBytecodeCache()
    except RuntimeError as err:  # no private folder of ours there: compiled in each process
        log.warning("templates compiled in each process: %s", err)
        return None


def _current_user() -> users.User | None:
    from flask import g

    return g.get("user")


def _headers(response: Response) -> Response:
    response.headers.setdefault("Content-Security-Policy", _CSP)
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers["Referrer-Policy"] = "same-origin"
    response.headers["X-Frame-Options"] = "DENY"
    if response.mimetype == "text/html":
        response.headers["Cache-Control"] = "no-store"
    return response


def _csrf_error(error: CSRFError) -> tuple[str, int]:
    return render_template("error.html.j2", code=400, message=t("error.csrf")), 400


def _http_error(error: HTTPException) -> tuple[str, int] | HTTPException:
    code = error.code or 500
    if code in (301, 302, 303, 307, 308):
        return error
    if error.response is not None:  # a JSON refusal made by the view itself
        return error
    key = f"error.{code}"  # the codes the app words itself; others as werkzeug says them
    message = t(key) if messages().has(key) else str(error.description)
    return render_template("error.html.j2", code=code, message=message), code
