"""A generated multi-round district in a real SQLite file and a real PostgreSQL schema (the
store tests' server; skipped locally when it is not there), shared by a module's tests."""

from __future__ import annotations

import secrets
from collections.abc import Iterator

import psycopg
import pytest
from psycopg import sql
from sqlalchemy.engine import make_url

from audit.dashboard import Snapshot, load_snapshot
from audit.report.assemble import bundled_checklists
from audit.report.datafiles import load_policy
from audit.store import Store, open_store
from tests.dashboard.district import TODAY, District, generate
from tests.store.conftest import (  # noqa: F401 - the session's PostgreSQL, a store per test
    pg_database,
    pg_url,
    store,
    store_url,
)


@pytest.fixture(scope="module", params=["sqlite", "postgresql"])
def district_store(request: pytest.FixtureRequest,
                   tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Store, District]]:
    if request.param == "sqlite":
        target = str(tmp_path_factory.mktemp("district") / "district.db")
    else:
        target = pg_schema(request.getfixturevalue("pg_database"))
    with open_store(target) as opened:
        yield opened, generate(opened)


def pg_schema(database: str) -> str:
    """A store URL whose tables live in a new schema of ``database``."""
    schema = f"d_{secrets.token_hex(6)}"
    with psycopg.connect(make_url(database).set(drivername="postgresql")
                         .render_as_string(hide_password=False), autocommit=True) as connection:
        connection.execute(sql.SQL("CREATE SCHEMA {}").format(sql.Identifier(schema)))
    url = make_url(database).update_query_dict({"options": f"-csearch_path={schema}"})
    return url.render_as_string(hide_password=False)


@pytest.fixture(scope="module")
def snapshot(district_store: tuple[Store, District]) -> Snapshot:
    return load_snapshot(district_store[0], bundled_checklists(), today=TODAY)


@pytest.fixture(scope="module")
def district(district_store: tuple[Store, District]) -> District:
    return district_store[1]


@pytest.fixture(scope="module")
def policy() -> dict:
    return load_policy()
