"""``a11y-audit user``: accounts of the field app (add, list, password, role, team, disable,
enable, logout). Every change is in the store's change log as made by ``cli:<login name>``."""

from __future__ import annotations

import click

from audit.cli.actor import cli_actor as actor
from audit.cli.options import lang_option
from audit.cli.stored import existing_store
from audit.fieldapp.users import Role, add_user, check_team, list_users, set_password
from audit.report.i18n import Messages
from audit.store import Store, open_store

command = click.Group(name="user", help="Accounts of the field app: add, list, password, "
                      "role, team, disable, enable, logout.")

_DB = click.option("--db", envvar="A11Y_AUDIT_DB", default=None,
                   help="The store [default: $A11Y_AUDIT_DB or ./a11y-audit.db]")
_PASSWORD = click.option(
    "--password", envvar="A11Y_AUDIT_PASSWORD", prompt=True, hide_input=True,
    confirmation_prompt=True, help="Asked for when not given (or $A11Y_AUDIT_PASSWORD).")
_ROLES = click.Choice([r.value for r in Role])


@command.command("add")
@click.argument("name")
@click.option("--role", type=_ROLES, default="inspector", show_default=True)
@click.option("--team", help="The team the user belongs to (facilities can go to a team).")
@_PASSWORD
@lang_option
@_DB
def add(name: str, role: str, team: str | None, password: str, lang: str,
        db: str | None) -> None:
    """Add user NAME with a role: inspector, reviewer or admin."""
    with open_store(db) as store:
        user = add_user(store, name, password, role, team=team, by=actor())
    msg = Messages(lang)
    click.echo(msg.t("field_cli.user_saved", name=user.name,
                     role=msg.t(f"field_cli.role.{user.role}")))


@command.command("list")
@_DB
def list_(db: str | None) -> None:
    """List the users: name, role, team, and whether disabled."""
    with existing_store(db) as store:
        for user in list_users(store):
            state = "\tdisabled" if user.disabled else ""
            click.echo(f"{user.name}\t{user.role}\t{user.team or '-'}{state}")


@command.command("password")
@click.argument("name")
@_PASSWORD
@lang_option
@_DB
def password_(name: str, password: str, lang: str, db: str | None) -> None:
    """Set a new password for user NAME; every session of NAME ends."""
    with existing_store(db, lang) as store:
        set_password(store, name, password, by=actor())
    click.echo(Messages(lang).t("field_cli.password_changed", name=name))


@command.command("role")
@click.argument("name")
@click.argument("role", type=_ROLES)
@lang_option
@_DB
def role_(name: str, role: str, lang: str, db: str | None) -> None:
    """Give user NAME another role."""
    msg = Messages(lang)
    said = msg.t("field_cli.user_saved", name=name, role=msg.t(f"field_cli.role.{role}"))
    _update(db, lang, name, said, role=role)


@command.command("team")
@click.argument("name")
@click.argument("team", required=False)
@lang_option
@_DB
def team_(name: str, team: str | None, lang: str, db: str | None) -> None:
    """Put user NAME in TEAM (no TEAM: in none)."""
    _update(db, lang, name, Messages(lang).t("field_cli.user_team", name=name, team=team or "-"),
            team=check_team(team))


@command.command("disable")
@click.argument("name")
@lang_option
@_DB
def disable(name: str, lang: str, db: str | None) -> None:
    """Disable user NAME: no more logins, and every session ends (their records stay)."""
    _update(db, lang, name, Messages(lang).t("field_cli.user_disabled", name=name), disabled=True)


@command.command("enable")
@click.argument("name")
@lang_option
@_DB
def enable(name: str, lang: str, db: str | None) -> None:
    """Let a disabled user NAME log in again."""
    _update(db, lang, name, Messages(lang).t("field_cli.user_enabled", name=name), disabled=False)


@command.command("logout")
@click.argument("name")
@lang_option
@_DB
def logout(name: str, lang: str, db: str | None) -> None:
    """End every session of user NAME (a lost phone), without changing the password."""
    with existing_store(db, lang) as store:
        ended = _known(store, name).end_sessions(name, by=actor())
    click.echo(Messages(lang).t("field_cli.sessions_ended", count=ended, name=name))


def _update(db: str | None, lang: str, name: str, said: str, **change: object) -> None:
    with existing_store(db, lang) as store:
        _known(store, name).update_user(name, by=actor(), **change)
    click.echo(said)


def _known(store: Store, name: str) -> Store:
    if store.user(name) is None:
        raise click.UsageError(f"no user {name} (see `a11y-audit user list`)")
    return store
