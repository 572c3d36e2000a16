"""The migration runner: bring a database up to the code's schema, or refuse a newer one.

Our own runner rather than Alembic: the issue asks for migrations named and recorded in the
database (Alembic keeps only the head revision), and we need no autogeneration, no ini file,
no script folder to ship in the wheel. Both dialects run DDL inside a transaction, so all
pending migrations apply atomically; concurrent openers serialise on the write lock (SQLite's
``BEGIN IMMEDIATE``) or an advisory lock (PostgreSQL), and the loser finds nothing left to do.
"""

from __future__ import annotations

from sqlalchemy import Connection, Engine, inspect, select, text

from audit.clock import utc_now
from audit.errors import StoreError
from audit.store.migrations import MIGRATIONS, Migration
from audit.store.tables import schema_migrations

_PG_LOCK_KEY = 0x11A_A0D1  # any constant shared by every a11y-audit process


def migrate(engine: Engine, writer: Engine, display: str) -> list[str]:
    """Apply pending migrations; return the names applied now (empty when up to date)."""
    with engine.connect() as connection:
        if not _pending(connection, display):
            return []
    with writer.begin() as connection:
        if connection.dialect.name == "postgresql":
            connection.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": _PG_LOCK_KEY})
        schema_migrations.create(connection, checkfirst=True)
        pending = _pending(connection, display)
        for migration in pending:
            migration.apply(connection)
            connection.execute(schema_migrations.insert().values(
                name=migration.name, applied_at=utc_now()))
        return [migration.name for migration in pending]


def applied_migrations(connection: Connection) -> list[str]:
    """Names recorded in the database, oldest first ([] for a database never migrated)."""
    if not inspect(connection).has_table(schema_migrations.name):
        return []
    query = select(schema_migrations.c.name).order_by(schema_migrations.c.applied_at,
                                                      schema_migrations.c.name)
    return list(connection.scalars(query))


def _pending(connection: Connection, display: str) -> list[Migration]:
    applied = set(applied_migrations(connection))
    known = {migration.name for migration in MIGRATIONS}
    unknown = sorted(applied - known)
    if unknown:
        raise StoreError(
            f"database {display} has schema migrations this version of a11y-audit does not "
            f"know ({', '.join(unknown)}): it was written by a newer a11y-audit; upgrade to use it")
    return [migration for migration in MIGRATIONS if migration.name not in applied]
