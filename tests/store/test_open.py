"""Opening a store: SQLite settings, the default location, and clear errors without secrets."""

from __future__ import annotations

import os

import pytest
from sqlalchemy.engine import make_url

from audit.errors import StoreError
from audit.store import ENV_VAR, open_store


def _pragma(store, name: str):
    with store.engine.connect() as connection:
        return connection.exec_driver_sql(f"PRAGMA {name}").scalar()


def test_sqlite_store_uses_wal_foreign_keys_and_a_busy_timeout(tmp_path):
    with open_store(tmp_path / "audit.db", busy_timeout_s=12) as store:
        assert _pragma(store, "journal_mode") == "wal"
        assert _pragma(store, "foreign_keys") == 1
        assert _pragma(store, "busy_timeout") == 12000
    assert (tmp_path / "audit.db").stat().st_size > 0


def test_default_store_is_created_in_the_working_folder(monkeypatch, tmp_path):
    monkeypatch.delenv(ENV_VAR, raising=False)
    monkeypatch.chdir(tmp_path)
    with open_store(None) as store:
        assert store.name == "a11y-audit.db"
    assert (tmp_path / "a11y-audit.db").is_file()


def test_not_a_database_file(tmp_path):
    path = tmp_path / "notes.db"
    path.write_text("these are my notes, not a database\n" * 50, encoding="utf-8")
    with pytest.raises(StoreError) as caught:
        open_store(path)
    assert str(caught.value) == f"cannot open database {path}: file is not a database"


@pytest.mark.skipif(hasattr(os, "geteuid") and os.geteuid() == 0,
                    reason="root may write to read-only files, so there is nothing to refuse")
def test_read_only_file(tmp_path):
    path = tmp_path / "audit.db"
    open_store(path).close()
    path.chmod(0o444)
    with pytest.raises(StoreError, match=f"cannot open database {path}"):
        open_store(path)


def test_unreachable_postgresql_names_the_server_but_not_the_password():
    url = "postgresql://auditor:Sup3r-s3cret@127.0.0.1:1/audit"
    with pytest.raises(StoreError) as caught:
        open_store(url)
    message = str(caught.value)
    assert message.startswith("cannot open database postgresql://auditor:***@127.0.0.1:1/audit: ")
    assert "Sup3r-s3cret" not in message
    assert "refused" in message.lower()


def test_missing_postgresql_database_is_named_without_password(pg_database):
    url = make_url(pg_database).set(password="Sup3r-s3cret", database="a11y_no_such_db")
    with pytest.raises(StoreError) as caught:
        open_store(url.render_as_string(hide_password=False))
    message = str(caught.value)
    assert "Sup3r-s3cret" not in message
    assert "a11y_no_such_db" in message and "does not exist" in message


def test_store_closes_as_a_context_manager(tmp_path):
    with open_store(tmp_path / "audit.db") as store:
        assert repr(store) == f"<Store {tmp_path / 'audit.db'}>"
    assert store.engine.pool.checkedout() == 0
