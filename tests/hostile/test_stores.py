"""Damaged, foreign and hostile stores given to the command line, and ids no store can hold.

A store that cannot be used is one line and exit code 3; a mistyped id is a usage error (2);
what a hostile page or person put into a store reaches the terminal without a single control
character (no escape sequence can retitle, clear or recolour the user's terminal).
"""

from __future__ import annotations

import re
import shutil
import sqlite3
from pathlib import Path

import pytest

from audit.store import open_store
from tests.hostile.conftest import a11y
from tests.hostile.payloads import hostile_inspection, hostile_run

CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")
ORIGIN = "http://127.0.0.1:9"
TOO_BIG = "99999999999999999999999"


@pytest.fixture(scope="module")
def stores(tmp_path_factory) -> Path:
    """A good store holding a hostile scan and inspection, and damaged copies of it."""
    folder = tmp_path_factory.mktemp("stores")
    with open_store(folder / "good.db") as store:
        store.save_run(hostile_run(ORIGIN), target="portal")
        store.save_run(hostile_run(ORIGIN), target="portal")
        hostile_inspection(store, ORIGIN, folder)
    (folder / "text.db").write_text("hello, not a database\n", encoding="utf-8")
    (folder / "folder.db").mkdir()
    (folder / "truncated.db").write_bytes((folder / "good.db").read_bytes()[:20_000])
    shutil.copy(folder / "good.db", folder / "future.db")
    with sqlite3.connect(folder / "future.db") as db:
        db.execute("insert into schema_migrations values ('0099_future', '2030-01-01')")
    return folder


UNUSABLE = [
    ("text.db", "error: cannot open database {db}: file is not a database"),
    ("folder.db", "error: cannot open database {db}: it is a folder, not a file"),
    ("truncated.db", "error: cannot open database {db}: database disk image is malformed"),
    ("future.db", "error: database {db} has schema migrations this version of a11y-audit does "
                  "not know (0099_future): it was written by a newer a11y-audit; upgrade to use "
                  "it"),
    ("missing.db", "error: no database at {db}: run `a11y-audit scan` first, or give --db"),
]


@pytest.mark.parametrize(("name", "message"), UNUSABLE, ids=[n for n, _ in UNUSABLE])
def test_a_store_that_cannot_be_used_is_one_line(stores, name, message):
    db = stores / name
    result = a11y("scans", "--db", str(db), "--lang", "en")
    assert result.exit_code == 3
    assert result.output.splitlines() == [message.format(db=db)]


def test_postgresql_nobody_listens(stores):
    result = a11y("scans", "--db", "postgresql://nobody@127.0.0.1:9/audit")
    assert result.exit_code == 3
    assert result.output.startswith(
        "error: cannot open database postgresql://nobody@127.0.0.1:9/audit: connection failed")


ID_COMMANDS = [("show", TOO_BIG), ("diff", "1", TOO_BIG), ("inspect", "show", TOO_BIG),
               ("inspect", "export", TOO_BIG), ("inspect", "status", TOO_BIG, "approved"),
               ("inspect", "compare", "1", TOO_BIG), ("report", "--scan", TOO_BIG, "-o", "r.html"),
               ("crawl", "--resume", TOO_BIG), ("show", "0")]


@pytest.mark.parametrize("args", ID_COMMANDS, ids=" ".join)
def test_an_id_no_store_can_hold_is_a_usage_error(stores, args):
    result = a11y(*args, "--db", str(stores / "good.db"))
    assert result.exit_code == 2
    assert "is not in the range 1<=x<=2147483647" in result.output


SHOWN = [("scans",), ("show", "1"), ("diff", "1", "2"), ("diff", "1", "2", "--include-review"),
         ("inspect", "show", "1"), ("inspect", "list"), ("facility", "list"),
         ("inspect", "compare", "1", "1")]


@pytest.mark.parametrize("args", SHOWN, ids=" ".join)
def test_hostile_content_reaches_the_terminal_without_control_characters(stores, args):
    result = a11y(*args, "--db", str(stores / "good.db"))
    assert result.exit_code == 0, result.output
    assert CONTROL.findall(result.output) == []
