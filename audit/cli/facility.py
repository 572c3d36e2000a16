"""``a11y-audit facility``: the places that are inspected (add, list)."""

from __future__ import annotations

import click

from audit.store import FacilityInfo, open_store

command = click.Group(name="facility", help="Facilities that are inspected: add, list.")

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
@_DB
def add(code: str, name: str, type_: str | None, address: str | None, lat: float | None,
        lon: float | None, department: str | None, db: str | None) -> None:
    """Add facility CODE (or update the details given of an existing one)."""
    with open_store(db) as store:
        store.save_facility(FacilityInfo(code=code, name=name, type=type_, address=address,
                                         lat=lat, lon=lon, department=department))
    click.echo(f"facility {code}: {name}")


@command.command("list")
@_DB
def list_(db: str | None) -> None:
    """List the facilities: code, name, type, department, address."""
    with open_store(db) as store:
        for place in store.facilities():
            click.echo("\t".join([place.code, place.name, place.type or "-",
                                  place.department or "-", place.address or "-"]))
