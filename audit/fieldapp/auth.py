"""Log in, log out, change one's password, switch language; the login gate in front of
every other page."""

from __future__ import annotations

import math

from flask import Blueprint, g, jsonify, redirect, render_template, request, session, url_for
from werkzeug.wrappers import Response

from audit.errors import UsageError
from audit.fieldapp import sessions, users
from audit.fieldapp.web import safe_next, see_other, store, t, throttle, user
from audit.i18n import LANGUAGES

blueprint = Blueprint("auth", __name__)
OPEN_ENDPOINTS = frozenset({"auth.login", "auth.logout", "auth.language", "about.accessibility",
                            "static", "offline.worker", "offline.page", "limits.too_large"})


def require_login() -> Response | tuple[Response | str, int] | None:
    """Before every request: load the user of a live session, or send to the login page (a
    POST: say its login ended)."""
    g.user = sessions.current()
    if g.user is None and request.endpoint not in OPEN_ENDPOINTS:
        session.pop("sid", None)
        if request.method == "POST":
            return _login_ended()
        return redirect(url_for("auth.login", next=request.full_path.rstrip("?")))
    return None


def _login_ended() -> tuple[Response | str, int]:
    """A form or a script's save that arrives after its login ended (it passed the CSRF
    check, so it came from this app's page in this browser): 401 saying so. A redirect to
    the login page dropped the form without a word, and the script took the login page for
    an answer."""
    if request.accept_mimetypes.best == "application/json":
        return jsonify(saved=False, login=True, message=t("queue.login")), 401
    rule = request.url_rule
    back = request.path if rule is not None and "GET" in (rule.methods or ()) else None
    return render_template("login.html.j2", next_url=safe_next(back), errors={}, name="",
                           ended=True), 401


@blueprint.route("/login", methods=["GET", "POST"])
def login() -> str | Response | tuple[str, int]:
    next_url = safe_next(request.values.get("next"))
    if request.method == "GET":
        return render_template("login.html.j2", next_url=next_url, errors={}, name="")
    name = request.form.get("name", "").strip()
    password = request.form.get("password", "")
    wait_s = throttle().wait_s(name, request.remote_addr)
    if wait_s > 0:
        throttled = {"password": t("login.throttled", minutes=math.ceil(wait_s / 60))}
        return render_template("login.html.j2", next_url=next_url, errors=throttled,
                               name=name), 429
    errors: dict[str, str] = {}
    if not name:
        errors["name"] = t("login.name_missing")
    if not password:
        errors["password"] = t("login.password_missing")
    found = users.authenticate(store(), name, password) if not errors else None
    if found is None:
        if not errors:
            throttle().failed(name, request.remote_addr)
        errors = errors or {"password": t("login.failed")}
        return render_template("login.html.j2", next_url=next_url, errors=errors,
                               name=name), 422
    throttle().succeeded(name, request.remote_addr)
    sessions.begin(found)  # a fresh session on login: no fixation
    return redirect(next_url, code=303)


@blueprint.route("/logout", methods=["POST"])
def logout() -> Response:
    sessions.end()
    return redirect(url_for("auth.login"), code=303)


@blueprint.route("/account/password", methods=["GET", "POST"])
def password() -> str | Response | tuple[str, int]:
    """Change one's own password: every other session ends (a phone left somewhere)."""
    if request.method == "GET":
        return render_template("password.html.j2", errors={})
    errors = _password_errors()
    if errors:
        return render_template("password.html.j2", errors=errors), 422
    users.set_password(store(), user().name, request.form["new"], by=user().name)
    sessions.begin(user())
    return see_other("auth.password", done=1)


@blueprint.route("/lang/<code>")
def language(code: str) -> Response:
    if code in LANGUAGES:
        session["lang"] = code
    return redirect(safe_next(request.args.get("next"), "auth.login"), code=303)


def _password_errors() -> dict[str, str]:
    current, new = request.form.get("current", ""), request.form.get("new", "")
    errors: dict[str, str] = {}
    wait_s = throttle().wait_s(user().name, request.remote_addr)
    if wait_s > 0:
        return {"current": t("login.throttled", minutes=math.ceil(wait_s / 60))}
    if users.authenticate(store(), user().name, current) is None:
        throttle().failed(user().name, request.remote_addr)
        errors["current"] = t("account.current_wrong")
    try:
        users.check_password(new)
    except UsageError:
        errors["new"] = t("account.too_short", n=users.MIN_PASSWORD)
    if not errors and new != request.form.get("again", ""):
        errors["again"] = t("account.mismatch")
    return errors
