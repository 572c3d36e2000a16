"""``a11y-audit user``: accounts of the field app (add, list, password)."""

from __future__ import annotations

import click

from audit.fieldapp.users import Role, add_user, list_users, set_password
from audit.store import open_store

command = click.Group(name="user", help="Accounts of the field app: add, list, password.")

_DB = click.option("--db", envvar="A11Y_AUDIT_DB", default=None,
                   help="The store [default: $A11Y_AUDIT_DB or ./a11y-audit.db]")
_PASSWORD = click.option(
    "--password", envvar="A11Y_AUDIT_PASSWORD", prompt=True, hide_input=True,
    confirmation_prompt=True, help="Asked for when not given (or $A11Y_AUDIT_PASSWORD).")


@command.command("add")
@click.argument("name")
@click.option("--role", type=click.Choice([r.value for r in Role]), default="inspector",
              show_default=True)
@_PASSWORD
@_DB
def add(name: str, role: str, password: str, db: str | None) -> None:
    """Add user NAME with a role: inspector, reviewer or admin."""
    with open_store(db) as store:
        user = add_user(store.engine, name, password, role)
    click.echo(f"user {user.name} ({user.role})")


@command.command("list")
@_DB
def list_(db: str | None) -> None:
    """List the users and their roles."""
    with open_store(db) as store:
        for user in list_users(store.engine):
            click.echo(f"{user.name}\t{user.role}")


@command.command("password")
@click.argument("name")
@_PASSWORD
@_DB
def password_(name: str, password: str, db: str | None) -> None:
    """Set a new password for user NAME."""
    with open_store(db) as store:
        set_password(store.engine, name, password)
    click.echo(f"password of {name} changed")
