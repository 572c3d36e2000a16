"""Small helpers shared by the store's queries."""

from __future__ import annotations

import hashlib
from typing import Any, TypeVar

from sqlalchemy import Connection, Table, text
from sqlalchemy.dialects import postgresql, sqlite

from audit.errors import StoreError

T = TypeVar("T")


def known(found: T | None, what: str, hint: str = "") -> T:
    """``found``, or (for None) the StoreError every unknown key gets (see ``unknown``)."""
    if found is None:
        raise unknown(what, hint)
    return found


def unknown(what: str, hint: str = "") -> StoreError:
    """The one message for something not in the database: "no <what> in DB<hint>"."""
    return StoreError(f"no {what} in DB{hint}")


def url_key(url: str) -> str:
    """The fixed-size key that unique constraints on URLs use (see ``audit.store.tables``)."""
    return hashlib.sha256(url.encode("utf-8", "surrogatepass")).hexdigest()


def upsert_insert(connection: Connection, table: Table) -> Any:
    """An INSERT that supports ``on_conflict_do_nothing``/``_do_update`` on our two dialects."""
    if connection.dialect.name == "postgresql":
        return postgresql.insert(table)
    return sqlite.insert(table)


def clean(value: str) -> str:
    """``value`` made storable on every backend, verbatim whenever possible.

    PostgreSQL text cannot hold NUL, and no UTF-8 column can hold a lone surrogate (which a
    hostile page's script can put in a title); both become U+FFFD, the same on every backend.
    """
    if value.isascii():
        return value.replace("\x00", "\ufffd") if "\x00" in value else value
    value = value.replace("\x00", "\ufffd")
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        value = "".join("\ufffd" if "\ud800" <= char <= "\udfff" else char for char in value)
    return value


def clean_or_none(value: str | None) -> str | None:
    return None if value is None else clean(value)


def clean_json(value: Any) -> Any:
    """JSON-able data with every string in it (keys too) made storable, as ``clean`` does."""
    if isinstance(value, str):
        return clean(value)
    if isinstance(value, dict):
        return {clean(str(key)): clean_json(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [clean_json(item) for item in value]
    return value


def database_bytes(connection: Connection) -> int:
    """What the store's tables and indexes take on disk (SQLite: the whole file; PostgreSQL:
    the tables of the current schema with their indexes and TOAST)."""
    if connection.dialect.name == "sqlite":
        pages = connection.exec_driver_sql("PRAGMA page_count").scalar_one()
        return int(pages) * int(connection.exec_driver_sql("PRAGMA page_size").scalar_one())
    return int(connection.execute(text(
        "SELECT coalesce(sum(pg_total_relation_size(c.oid)), 0) FROM pg_class c "
        "JOIN pg_namespace n ON n.oid = c.relnamespace "
        "WHERE n.nspname = current_schema() AND c.relkind = 'r'")).scalar_one())
