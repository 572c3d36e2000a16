"""The Flask application: blueprints, CSRF on every form, session cookie settings, security
headers, error pages, and the user's templates folder before the bundled one."""

from __future__ import annotations

import os
from datetime import timedelta
from pathlib import Path

from flask import Flask, render_template
from flask_wtf.csrf import CSRFError, CSRFProtect
from jinja2 import ChoiceLoader, FileSystemLoader
from werkzeug.exceptions import HTTPException
from werkzeug.wrappers import Response

from audit.checklist import Catalogue, load_bundled
from audit.evidence import DEFAULT_MAX_BYTES
from audit.fieldapp import about, auth, facilities, inspections, photos, scans, users
from audit.fieldapp.i18n import LANGUAGES, load_translations
from audit.fieldapp.throttle import LoginThrottle
from audit.fieldapp.web import EXTENSION, cl, language, t, user
from audit.store import Store

_HERE = Path(__file__).parent
MAX_PHOTOS_PER_REQUEST = 8
_CSP = ("default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; "
        "object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'")


def create_app(store: Store, *, secret_key: str | bytes, catalogue: Catalogue | None = None,
               secure_cookies: bool = False, max_photo_bytes: int = DEFAULT_MAX_BYTES,
               templates: str | os.PathLike[str] | None = None) -> Flask:
    """The field app over ``store`` (whose migrations made its users and reviews tables)."""
    app = Flask(__name__, template_folder=str(_HERE / "templates"),
                static_folder=str(_HERE / "static"))
    if templates is not None:
        app.jinja_loader = ChoiceLoader([FileSystemLoader(str(templates)),
                                         FileSystemLoader(str(_HERE / "templates"))])
    app.config.update(
        SECRET_KEY=secret_key, SESSION_COOKIE_NAME="a11y_field_session",
        SESSION_COOKIE_HTTPONLY=True, SESSION_COOKIE_SAMESITE="Lax",
        SESSION_COOKIE_SECURE=secure_cookies, PERMANENT_SESSION_LIFETIME=timedelta(hours=12),
        MAX_CONTENT_LENGTH=max_photo_bytes * MAX_PHOTOS_PER_REQUEST + 2**20,
        WTF_CSRF_TIME_LIMIT=None,  # the token lives as long as the session
    )
    app.extensions[EXTENSION] = {
        "store": store, "catalogue": catalogue or load_bundled(),
        "translations": load_translations(), "max_photo_bytes": max_photo_bytes,
        "throttle": LoginThrottle()}
    CSRFProtect(app)
    for module in (about, auth, facilities, inspections, photos, scans):
        app.register_blueprint(module.blueprint)
    app.before_request(auth.require_login)
    app.after_request(_headers)
    app.register_error_handler(CSRFError, _csrf_error)
    app.register_error_handler(HTTPException, _http_error)
    app.jinja_env.autoescape = True  # every template, whatever its file name ends in
    app.jinja_env.globals.update(t=t, lang=language, cl=cl, languages=LANGUAGES,
                                 current_user=_current_user)
    return app


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
    key = f"error.{code}"
    message = t(key)
    return render_template("error.html.j2", code=code,
                           message=message if message != key else str(error.description)), code


__all__ = ["create_app", "user"]
