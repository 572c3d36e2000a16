"""Log in, log out, switch language; the login gate in front of every other page."""

from __future__ import annotations

import math

from flask import Blueprint, g, redirect, render_template, request, session, url_for
from werkzeug.wrappers import Response

from audit.fieldapp import users
from audit.fieldapp.i18n import LANGUAGES
from audit.fieldapp.web import safe_next, store, t, throttle

blueprint = Blueprint("auth", __name__)
OPEN_ENDPOINTS = frozenset({"auth.login", "auth.language", "about.accessibility", "static"})


def require_login() -> Response | None:
    """Before every request: load the user, or send to the login page."""
    name = session.get("user")
    found = users.get_user(store().engine, name) if isinstance(name, str) else None
    g.user = found
    if found is None and request.endpoint not in OPEN_ENDPOINTS:
        session.pop("user", None)
        return redirect(url_for("auth.login", next=request.full_path.rstrip("?")))
    return None


@blueprint.route("/login", methods=["GET", "POST"])
def login() -> str | Response | tuple[str, int]:
    next_url = request.values.get("next", "")
    if request.method == "GET":
        return render_template("login.html.j2", next_url=next_url, errors={}, name="")
    name = request.form.get("name", "").strip()
    password = request.form.get("password", "")
    wait_s = throttle().wait_s(name, request.remote_addr)
    if wait_s > 0:
        errors = {"password": t("login.throttled", minutes=math.ceil(wait_s / 60))}
        return render_template("login.html.j2", next_url=next_url, errors=errors,
                               name=name), 429
    errors: dict[str, str] = {}
    if not name:
        errors["name"] = t("login.name_missing")
    if not password:
        errors["password"] = t("login.password_missing")
    found = users.authenticate(store().engine, name, password) if not errors else None
    if found is None:
        if not errors:
            throttle().failed(name, request.remote_addr)
        errors = errors or {"password": t("login.failed")}
        return render_template("login.html.j2", next_url=next_url, errors=errors,
                               name=name), 422
    throttle().succeeded(name, request.remote_addr)
    lang = session.get("lang")
    session.clear()  # a fresh session on login: no fixation
    if lang:
        session["lang"] = lang
    session["user"] = found.name
    session.permanent = True
    return redirect(safe_next(next_url), code=303)


@blueprint.route("/logout", methods=["POST"])
def logout() -> Response:
    lang = session.get("lang")
    session.clear()
    if lang:
        session["lang"] = lang
    return redirect(url_for("auth.login"), code=303)


@blueprint.route("/lang/<code>")
def language(code: str) -> Response:
    if code in LANGUAGES:
        session["lang"] = code
    return redirect(safe_next(request.args.get("next"), "auth.login"), code=303)
