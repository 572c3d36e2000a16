"""A command that reads existing records refuses a store that does not exist, naming it, and
creates nothing (a mistyped --db left an empty store behind); commands that start records
still create theirs."""

from __future__ import annotations

import pytest

from audit.store import open_store
from tests.cli.conftest import run_cli
from tests.store import samples

MISSING = "typo.db"
# every command that reads a store's existing records: its arguments before --db
READERS = [
    ("show", "1"), ("diff", "1", "2"), ("scans",), ("crawl", "--resume", "1"),
    ("report", "--scan", "1", "-o", "r.html"), ("statement", "portal", "-o", "s.html"),
    ("inspect", "show", "1"), ("inspect", "export", "1"), ("inspect", "list"),
    ("inspect", "status", "1", "submitted"), ("inspect", "compare", "1", "2"),
    ("inspect", "new", "--facility", "FAC-1", "--checklist", "gb55019-curb-ramps"),
    ("facility", "list"), ("facility", "assign", "FAC-1", "--team", "east"),
    ("facility", "unassign", "FAC-1", "--team", "east"),
    ("user", "list"), ("user", "password", "rita"), ("user", "role", "rita", "admin"),
    ("user", "team", "rita", "east"), ("user", "disable", "rita"), ("user", "enable", "rita"),
    ("user", "logout", "rita"), ("serve", "--port", "0"),
]
ENV = {"A11Y_AUDIT_LANG": "en", "A11Y_AUDIT_DB": None, "A11Y_AUDIT_FILES": None,
       "A11Y_AUDIT_PASSWORD": "a long enough password"}


@pytest.mark.parametrize("args", READERS, ids=" ".join)
def test_a_missing_store_is_named_and_not_created(tmp_path, args):
    result = run_cli(*args, "--db", MISSING, env=ENV, cwd=str(tmp_path))
    assert (result.returncode, result.stderr) == (
        3, f"error: no database at {MISSING}: run `a11y-audit scan` first, or give --db\n")
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("args", [("show", "1"), ("crawl", "--resume", "1"),
                                  ("inspect", "list")], ids=" ".join)
def test_a_missing_store_says_which_store_exists(tmp_path, args):
    with open_store(tmp_path / "a11y-audit.db") as store:
        store.save_run(samples.sample_run())
    before = sorted(path.name for path in tmp_path.iterdir())
    result = run_cli(*args, "--db", MISSING, env=ENV, cwd=str(tmp_path))
    assert (result.returncode, result.stderr) == (
        3, f"error: no database at {MISSING} (nothing was created); did you mean --db "
           "a11y-audit.db? That store exists\n")
    assert sorted(path.name for path in tmp_path.iterdir()) == before


def test_a_missing_store_is_said_in_chinese(tmp_path):
    with open_store(tmp_path / "a11y-audit.db") as store:
        store.save_run(samples.sample_run())
    for args in (("show", "1", "--lang", "zh"), ("scans",)):
        result = run_cli(*args, "--db", MISSING, env={**ENV, "A11Y_AUDIT_LANG": "zh"},
                         cwd=str(tmp_path))
        assert (result.returncode, result.stderr) == (
            3, f"error: {MISSING} 处没有数据库（未创建任何文件）；是否想用 --db a11y-audit.db？"
               "那个数据库存在\n")
    assert not (tmp_path / MISSING).exists()


@pytest.mark.parametrize("args", [("facility", "add", "FAC-1", "--name", "东区服务中心"),
                                  ("user", "add", "rita", "--role", "reviewer")],
                         ids=" ".join)
def test_commands_that_start_records_create_the_store(tmp_path, args):
    result = run_cli(*args, "--db", "new.db", env=ENV, cwd=str(tmp_path))
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "new.db").is_file()
