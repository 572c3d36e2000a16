"""Where the store lives: defaults, environment, paths and URLs (no database opened)."""

from __future__ import annotations

from pathlib import Path

import pytest

from audit.errors import StoreError
from audit.store import DEFAULT_DB, ENV_VAR, resolve


def test_none_means_the_default_file_in_the_working_folder(monkeypatch, tmp_path):
    monkeypatch.delenv(ENV_VAR, raising=False)
    monkeypatch.chdir(tmp_path)
    location = resolve(None)
    assert DEFAULT_DB == "a11y-audit.db"
    assert location.path == Path("a11y-audit.db")
    assert location.dialect == "sqlite"
    assert location.display == "a11y-audit.db"


def test_none_means_the_environment_variable_first(monkeypatch, tmp_path):
    monkeypatch.setenv(ENV_VAR, str(tmp_path / "from-env.db"))
    assert resolve(None).path == tmp_path / "from-env.db"


def test_environment_may_hold_a_postgresql_url(monkeypatch):
    monkeypatch.setenv(ENV_VAR, "postgresql://auditor:pa55@db.example:5433/audit")
    location = resolve(None)
    assert location.url.drivername == "postgresql+psycopg"
    assert location.url.password == "pa55"
    assert location.display == "postgresql://auditor:***@db.example:5433/audit"


@pytest.mark.parametrize("url", ["postgresql://u@h/d", "postgres://u@h/d",
                                 "postgresql+psycopg://u@h/d"])
def test_postgresql_urls_use_psycopg_3(url):
    assert resolve(url).url.drivername == "postgresql+psycopg"


def test_sqlite_url_and_path_are_the_same_file(tmp_path):
    path = tmp_path / "x.db"
    assert resolve(f"sqlite:///{path}").path == path
    assert resolve(path).path == path
    assert resolve(str(path)).url.get_backend_name() == "sqlite"


def test_missing_folder_is_a_clear_error_and_nothing_is_created(tmp_path):
    target = tmp_path / "no-such-folder" / "audit.db"
    with pytest.raises(StoreError) as caught:
        resolve(target)
    assert str(caught.value) == (
        f"cannot open database {target}: folder {target.parent} does not exist")
    assert not target.parent.exists()


def test_a_folder_is_not_a_database(tmp_path):
    with pytest.raises(StoreError, match="it is a folder, not a file"):
        resolve(tmp_path)


def test_unsupported_scheme_names_the_url_without_password():
    with pytest.raises(StoreError) as caught:
        resolve("mysql://root:hunter2@db/audit")
    assert "unsupported database URL mysql://root:***@db/audit" in str(caught.value)
    assert "hunter2" not in str(caught.value)


def test_in_memory_sqlite_is_refused():
    with pytest.raises(StoreError, match="in-memory"):
        resolve("sqlite://")


def test_malformed_url_message_hides_password():
    with pytest.raises(StoreError) as caught:
        resolve("postgresql://user:topsecret@host:notaport/db")
    assert "topsecret" not in str(caught.value)
