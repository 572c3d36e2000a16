"""Reports built from a store that hostile pages and people filled: nothing in them runs.

The HTML report (both languages, through the command line) is opened in real Chromium: no
payload may call the hostile server's beacon or set the DOM marker, and no link may be a
``javascript:`` URL. A control case renders a payload raw in the same browser to prove the
beacon and the marker would tell. The machine formats stay well-formed and inert: no CSV cell
starts a formula, no Markdown carries raw markup, XML and JSON parse.
"""

from __future__ import annotations

import csv
import io
import json
import xml.etree.ElementTree as ET
from collections import Counter
from pathlib import Path

import pytest

from audit.report.writers import REPORT_KINDS, write_report
from audit.store import open_store
from tests.hostile.conftest import a11y
from tests.hostile.payloads import MARKER, hostile_inspection, hostile_run, scripts

pytestmark = pytest.mark.browser
NAMES = ("title", "selector", "html", "message", "note", "error", "url", "help-url", "facility",
         "type", "department", "inspector", "notes", "answer-note")


@pytest.fixture(scope="module")
def db(hostile, tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("reports")
    with open_store(folder / "audit.db") as store:
        for _ in range(2):  # two rounds: the report also compares them
            store.save_run(hostile_run(hostile.origin), target=scripts(hostile.origin,
                                                                        "target")[1])
        hostile_inspection(store, hostile.origin, folder)
    return folder / "audit.db"



def opened(browser, url: str | None = None, content: str | None = None) -> dict:
    page = browser.new_page()
    try:
        if url:
            page.goto(url, wait_until="load")
        else:
            page.set_content(content or "", wait_until="load")
        page.wait_for_timeout(300)  # room for an onerror handler's request
        return page.evaluate(f"""() => ({{marker: {MARKER} || null,
            jsLinks: document.querySelectorAll('a[href^="javascript:" i]').length}})""")
    finally:
        page.close()


def test_the_beacon_and_the_marker_would_tell(browser, hostile):
    seen = opened(browser, content=scripts(hostile.origin, "control")[1])
    assert seen["marker"] == "control"
    hostile.wait_for_beacon("control")


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_html_report_runs_nothing(browser, hostile, db, lang):
    out = db.parent / f"report-{lang}.html"
    result = a11y("report", "--db", str(db), "--lang", lang, "-o", str(out))
    assert result.exit_code == 0, result.output
    html = out.read_text(encoding="utf-8")
    assert "FAC-X" in html and "image-alt" in html  # the hostile rows are in it
    assert opened(browser, url=out.as_uri()) == {"marker": None, "jsLinks": 0}
    assert set(hostile.beacons()) & set(NAMES) == set()


# Where the payload's formula is kept as a cell, defused, by kind of row: a web finding's
# message is the page's own text in English only (in Chinese: why the element failed, in
# the report's words); a failed item's note is the inspector's in both.
DEFUSED = {"en": {"web": 1, "physical": 1}, "zh": {"physical": 1}}


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_csv_report_starts_no_formula(db, lang):
    out = db.parent / f"findings-{lang}.csv"
    assert a11y("report", "--db", str(db), "--lang", lang, "--format", "csv",
                "-o", str(out)).exit_code == 0
    rows = list(csv.reader(io.StringIO(out.read_text(encoding="utf-8-sig"))))
    cells = [c for row in rows for c in row]
    assert [c for c in cells if c.lstrip(" ").startswith(("=", "+", "@", "\t", "\r"))
            or (c.startswith("-") and not c[1:2].isdigit())] == []
    defused = Counter(row[0] for row in rows for c in row if c.startswith("'=HYPERLINK"))
    assert dict(defused) == DEFUSED[lang]


def test_the_markdown_report_has_no_raw_markup(db):
    out = db.parent / "report.md"
    assert a11y("report", "--db", str(db), "--format", "md", "-o", str(out)).exit_code == 0
    text = out.read_text(encoding="utf-8")
    assert "<script" not in text and "<img" not in text and "<svg" not in text


@pytest.mark.parametrize("lang", ["zh-CN", "en"])
@pytest.mark.parametrize("kind", REPORT_KINDS)
def test_ci_reports_are_well_formed(db, kind, lang):
    with open_store(db) as store:
        run = store.load_run(1)
    out = db.parent / f"ci.{kind}"
    write_report(kind, run, out, lang=lang)
    data = out.read_bytes()
    if kind == "junit":
        ET.fromstring(data)
    elif kind in ("sarif", "codequality", "json"):
        json.loads(data)
    assert b"\x1b" not in data and b"\x07" not in data
    if kind == "markdown":
        assert b"<script" not in data and b"<img" not in data
