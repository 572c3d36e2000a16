"""``a11y-audit user``: accounts of the field app (add, list, password, role, team, disable,
enable, logout). Every change is in the store's change log as made by ``cli:<login name>``."""

from __future__ import annotations

import click

from audit.cli.actor import cli_actor as actor
from audit.fieldapp.users import Role, add_user, check_team, list_users, set_password
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
@_DB
def add(name: str, role: str, team: str | None, password: str, db: str | None) -> None:
    """Add user NAME with a role: inspector, reviewer or admin."""
    with open_store(db) as store:
        user = add_user(store, name, password, role, team=team, by=actor())
    click.echo(f"user {user.name} ({user.role})")


@command.command("list")
@_DB
def list_(db: str | None) -> None:
    """List the users: name, role, team, and whether disabled."""
    with open_store(db) as store:
        for user in list_users(store):
            state = "\tdisabled" if user.disabled else ""
            click.echo(f"{user.name}\t{user.role}\t{user.team or '-'}{state}")


@command.command("password")
@click.argument("name")
@_PASSWORD
@_DB
def password_(name: str, password: str, db: str | None) -> None:
    """Set a new password for user NAME; every session of NAME ends."""
    with open_store(db) as store:
        set_password(store, name, password, by=actor())
    click.echo(f"password of {name} changed; all of {name}'s sessions ended")


@command.command("role")
@click.argument("name")
@click.argument("role", type=_ROLES)
@_DB
def role_(name: str, role: str, db: str | None) -> None:
    """Give user NAME another role."""
    _update(db, name, f"user {name} ({role})", role=role)


@command.command("team")
@click.argument("name")
@click.argument("team", required=False)
@_DB
def team_(name: str, team: str | None, db: str | None) -> None:
    """Put user NAME in TEAM (no TEAM: in none)."""
    _update(db, name, f"user {name}: team {team or '-'}", team=check_team(team))


@command.command("disable")
@click.argument("name")
@_DB
def disable(name: str, db: str | None) -> None:
    """Disable user NAME: no more logins, and every session ends (their records stay)."""
    _update(db, name, f"user {name} disabled; all of {name}'s sessions ended", disabled=True)


@command.command("enable")
@click.argument("name")
@_DB
def enable(name: str, db: str | None) -> None:
    """Let a disabled user NAME log in again."""
    _update(db, name, f"user {name} enabled", disabled=False)


@command.command("logout")
@click.argument("name")
@_DB
def logout(name: str, db: str | None) -> None:
    """End every session of user NAME (a lost phone), without changing the password."""
    with open_store(db) as store:
        ended = _known(store, name).end_sessions(name)
    click.echo(f"{ended} session{'s' if ended != 1 else ''} of {name} ended")


def _update(db: str | None, name: str, said: str, **change: object) -> None:
    with open_store(db) as store:
        _known(store, name).update_user(name, by=actor(), **change)
    click.echo(said)


def _known(store: Store, name: str) -> Store:
    if store.user(name) is None:
        raise click.UsageError(f"no user {name} (see `a11y-audit user list`)")
    return store
