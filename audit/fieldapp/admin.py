"""Admin pages for accounts: add, change role or team, disable or enable, reset a password,
end every session (a lost phone). Every change is in the change log; an admin cannot disable
or demote themselves (someone must stay able to administer)."""

from __future__ import annotations

from flask import Blueprint, abort, render_template, request
from werkzeug.wrappers import Response

from audit.errors import ConflictError, UsageError
from audit.fieldapp import access, history, users
from audit.fieldapp.users import Role, User
from audit.fieldapp.web import see_other, store, t, user

blueprint = Blueprint("admin", __name__, url_prefix="/admin")


@blueprint.before_request
def _admins_only() -> None:
    access.admin()


@blueprint.route("/users", methods=["GET", "POST"])
def people() -> str | Response | tuple[str, int]:
    if request.method == "GET":
        return _list({}, {})
    values = {name: request.form.get(name, "").strip() for name in ("name", "role", "team")}
    errors = _check_new(values, request.form.get("password", ""))
    if not errors:
        try:
            users.add_user(store(), values["name"], request.form["password"], values["role"],
                           team=values["team"], by=user().name)
        except ConflictError:
            errors["name"] = t("admin.name_taken")
    if errors:
        return _list(values, errors), 422
    return see_other("admin.person", name=values["name"], added=1)


@blueprint.route("/users/<name>", methods=["GET", "POST"])
def person(name: str) -> str | Response | tuple[str, int]:
    found = _known(name)
    if request.method == "GET":
        return _page(found, {})
    role, team = request.form.get("role", ""), request.form.get("team", "")
    disabled = request.form.get("disabled") == "1"
    errors: dict[str, str] = {}
    if role not in {r.value for r in Role}:
        errors["role"] = t("admin.role_missing")
    if found.name == user().name and (disabled or role != found.role):
        errors["role"] = t("admin.not_yourself")
    try:
        team_name = users.check_team(team)
    except UsageError:
        errors["team"] = t("admin.team_invalid")
    if errors:
        return _page(found, errors), 422
    store().update_user(found.name, by=user().name, role=role, team=team_name,
                        disabled=disabled)
    return see_other("admin.person", name=found.name, saved=1)


@blueprint.route("/users/<name>/password", methods=["POST"])
def reset_password(name: str) -> Response | tuple[str, int]:
    found = _known(name)
    try:
        users.set_password(store(), found.name, request.form.get("password", ""),
                           by=user().name)
    except UsageError:
        return _page(found, {"password": t("account.too_short",
                                           n=users.MIN_PASSWORD)}), 422
    return see_other("admin.person", name=found.name, reset=1)


@blueprint.route("/users/<name>/logout", methods=["POST"])
def end_sessions(name: str) -> Response:
    found = _known(name)
    ended = store().end_sessions(found.name, by=user().name)
    return see_other("admin.person", name=found.name, ended=ended)


def _known(name: str) -> User:
    found = users.get_user(store(), name)
    if found is None:
        abort(404)
    return found


def _list(values: dict[str, str], errors: dict[str, str]) -> str:
    return render_template("admin_users.html.j2", people=users.list_users(store()),
                           values=values, errors=errors, roles=list(Role))


def _page(found: User, errors: dict[str, str]) -> str:
    return render_template("admin_user.html.j2", person=found, errors=errors, roles=list(Role),
                           changes=history.rows(store().history(account=found.name), None))


def _check_new(values: dict[str, str], password: str) -> dict[str, str]:
    errors: dict[str, str] = {}
    try:
        users.check_name(values["name"])
    except UsageError:
        errors["name"] = t("admin.name_invalid")
    if values["role"] not in {r.value for r in Role}:
        errors["role"] = t("admin.role_missing")
    try:
        users.check_team(values["team"])
    except UsageError:
        errors["team"] = t("admin.team_invalid")
    try:
        users.check_password(password)
    except UsageError:
        errors["password"] = t("account.too_short", n=users.MIN_PASSWORD)
    return errors
