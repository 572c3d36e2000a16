"""Store fixtures: every store test runs against a real SQLite file and a real PostgreSQL.

PostgreSQL: the server at ``$A11Y_AUDIT_TEST_PG`` (default: trust auth on 127.0.0.1:5432 as
user postgres). One database per test session, ``a11y_audit_test_<random>``, dropped at the
end; each test gets a schema of its own in it. Unreachable server: the PostgreSQL cases skip
with the reason locally and fail under CI.
"""

from __future__ import annotations

import os
import secrets
from collections.abc import Iterator
from pathlib import Path

import psycopg
import pytest
from psycopg import sql
from sqlalchemy.engine import make_url

from audit.store import Store, open_store

PG_ADMIN_ENV = "A11Y_AUDIT_TEST_PG"
PG_ADMIN_DEFAULT = "postgresql://postgres@127.0.0.1:5432/postgres"
BACKENDS = ["sqlite", "postgresql"]


def in_ci() -> bool:
    return os.environ.get("CI", "").strip().lower() not in ("", "0", "false", "no")


def _libpq(url: str) -> str:
    """A SQLAlchemy-style URL as a libpq connection URI (no driver suffix)."""
    return make_url(url).set(drivername="postgresql").render_as_string(hide_password=False)


@pytest.fixture(scope="session")
def pg_database() -> Iterator[str]:
    """URL of a fresh database on the PostgreSQL test server, dropped after the session."""
    admin = os.environ.get(PG_ADMIN_ENV) or PG_ADMIN_DEFAULT
    try:
        connection = psycopg.connect(_libpq(admin), autocommit=True, connect_timeout=5)
    except psycopg.Error as err:
        reason = (f"PostgreSQL test server not reachable at "
                  f"{make_url(admin).render_as_string(hide_password=True)} "
                  f"(set {PG_ADMIN_ENV} to another server): {' '.join(str(err).split())}")
        if in_ci():
            pytest.fail(f"CI must run the PostgreSQL store tests: {reason}", pytrace=False)
        pytest.skip(reason)
    name = f"a11y_audit_test_{secrets.token_hex(4)}"
    with connection:
        connection.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
        try:
            yield make_url(admin).set(database=name).render_as_string(hide_password=False)
        finally:
            connection.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)")
                               .format(sql.Identifier(name)))


def schema_url(database: str) -> str:
    """A store URL on ``database`` whose tables live in a new schema of their own."""
    schema = f"t_{secrets.token_hex(6)}"
    with psycopg.connect(_libpq(database), autocommit=True) as connection:
        connection.execute(sql.SQL("CREATE SCHEMA {}").format(sql.Identifier(schema)))
    url = make_url(database).update_query_dict({"options": f"-csearch_path={schema}"})
    return url.render_as_string(hide_password=False)


@pytest.fixture
def pg_url(pg_database: str) -> str:
    """A store URL whose tables live in a schema of this test's own (isolation per test)."""
    return schema_url(pg_database)


@pytest.fixture(params=BACKENDS)
def store_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """The target of a fresh, empty store: a SQLite file path or a PostgreSQL URL."""
    if request.param == "sqlite":
        return str(tmp_path / "audit.db")
    return str(request.getfixturevalue("pg_url"))


@pytest.fixture
def store(store_url: str) -> Iterator[Store]:
    with open_store(store_url) as opened:
        yield opened
