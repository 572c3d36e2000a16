"""``a11y-audit facility``: the places that are inspected (add, list, assign, unassign)."""

from __future__ import annotations

import click

from audit.cli.actor import cli_actor
from audit.cli.options import lang_option
from audit.cli.stored import existing_store
from audit.report.i18n import Messages
from audit.store import FacilityInfo, open_store
from audit.terminal import plain

command = click.Group(name="facility",
                      help="Facilities that are inspected: add, list, assign, unassign.")

_DB = click.option("--db", envvar="A11Y_AUDIT_DB", default=None,
                   help="The store [default: $A11Y_AUDIT_DB or ./a11y-audit.db]")


@command.command("add")
@click.argument("code")
@click.option("--name", required=True, help="e.g. 示范区政务服务中心")
@click.option("--type", "type_", help="e.g. 政务服务中心, 停车场, 人行横道")
@click.option("--address")
@click.option("--lat", type=click.FloatRange(-90, 90))
@click.option("--lon", type=click.FloatRange(-180, 180))
@click.option("--department", help="The department responsible (责任部门).")
@lang_option
@_DB
def add(code: str, name: str, type_: str | None, address: str | None, lat: float | None,
        lon: float | None, department: str | None, lang: str, db: str | None) -> None:
    """Add facility CODE (or update the details given of an existing one)."""
    with open_store(db) as store:
        store.save_facility(FacilityInfo(code=code, name=name, type=type_, address=address,
                                         lat=lat, lon=lon, department=department),
                            by=cli_actor())
    click.echo(plain(Messages(lang).t("field_cli.facility_saved", code=code, name=name)))


@command.command("list")
@_DB
def list_(db: str | None) -> None:
    """List the facilities: code, name, type, department, address."""
    with existing_store(db) as store:
        for place in store.facilities():
            click.echo("\t".join(plain(field) for field in (
                place.code, place.name, place.type or "-", place.department or "-",
                place.address or "-")))


_USERS = click.option("--user", "users", multiple=True, help="A user name (repeatable).")
_TEAMS = click.option("--team", "teams", multiple=True, help="A team name (repeatable).")


@command.command("assign")
@click.argument("code")
@_USERS
@_TEAMS
@lang_option
@_DB
def assign(code: str, users: tuple[str, ...], teams: tuple[str, ...], lang: str,
           db: str | None) -> None:
    """Give facility CODE to inspectors (--user) or teams (--team): they see and inspect it
    in the field app (reviewers and admins see every facility)."""
    _change(code, users, teams, db, Messages(lang), assigning=True)


@command.command("unassign")
@click.argument("code")
@_USERS
@_TEAMS
@lang_option
@_DB
def unassign(code: str, users: tuple[str, ...], teams: tuple[str, ...], lang: str,
             db: str | None) -> None:
    """Take facility CODE away from users or teams."""
    _change(code, users, teams, db, Messages(lang), assigning=False)


def _change(code: str, users: tuple[str, ...], teams: tuple[str, ...], db: str | None,
            msg: Messages, *, assigning: bool) -> None:
    if not users and not teams:
        raise click.UsageError("name at least one --user or --team")
    with existing_store(db, msg.lang) as store:
        store.facility(code)
        change = store.assign_facility if assigning else store.unassign_facility
        for kind, names in (("user", users), ("team", teams)):
            for name in names:
                change(code, kind, name, by=cli_actor())
        given = store.assignments(code)
    shown = msg.t("field_cli.list_separator").join(
        msg.t(f"field_cli.assignee_{a.kind}", name=a.name) for a in given)
    click.echo(plain(msg.t("field_cli.facility_assigned", code=code,
                           who=shown or msg.t("field_cli.nobody"))))
