"""Baseline files: reading with file:line errors, writing, and updating that keeps reasons."""

from __future__ import annotations

import json
from datetime import date

import pytest

from audit.errors import ConfigError
from audit.report.baseline import (
    PLACEHOLDER_REASON,
    Baseline,
    BaselineEntry,
    load_baseline,
    save_baseline,
    update_baseline,
)
from tests.report.ci_factory import PORTAL, barriers_page, barriers_run, error_page, make_run

ENTRY = BaselineEntry("3f2a9c0d41b7e8a5c6d2", "color-contrast", PORTAL,
                      "Theme colours change in the redesign (ticket 123)", date(2025, 12, 31))


def test_save_and_load_round_trip(tmp_path):
    path = tmp_path / "baseline.yml"
    other = BaselineEntry("00123", "label", PORTAL, "原因：第三方组件")
    save_baseline(Baseline((ENTRY, other)), path)
    text = path.read_text(encoding="utf-8")
    assert text.startswith("# a11y-audit baseline")
    assert "expires: 2025-12-31" in text and "原因" in text
    assert load_baseline(path) == Baseline((ENTRY, other))


def test_json_baseline_reads_too(tmp_path):
    path = tmp_path / "baseline.json"
    path.write_text(json.dumps({"version": 1, "entries": [
        {"fingerprint": ENTRY.fingerprint, "rule": ENTRY.rule, "url": ENTRY.url,
         "reason": ENTRY.reason, "expires": "2025-12-31"}]}), encoding="utf-8")
    assert load_baseline(path) == Baseline((ENTRY,))


def test_empty_file_accepts_nothing(tmp_path):
    path = tmp_path / "baseline.yml"
    path.write_text("# nothing accepted yet\n", encoding="utf-8")
    assert load_baseline(path) == Baseline()


@pytest.mark.parametrize(("body", "message"), [
    ("version: 1\nentries:\n  - fingerprint: abc\n    rule: label\n    url: u\n"
     "    reason: r\n    owner: me\n", "baseline.yml:7: entries[0].owner: unknown key; the keys "
                                      "allowed here: fingerprint, rule, url, reason, expires"),
    ("version: 1\nentries:\n  - fingerprint: abc\n    rule: label\n    url: u\n"
     "    reason: r\n    expires: next year\n", "baseline.yml:7: entries[0].expires: Input "
                                                "should be a valid date or datetime, input is "
                                                "too short"),
    ("version: 1\nentries:\n  - fingerprint: abc\n    rule: label\n    url: u\n", "baseline.yml:3:"
     " entries[0].reason: Field required"),
    ("entries:\n  - {fingerprint: a, rule: r, url: u, reason: x}\n"
     "  - {fingerprint: a, rule: r, url: u, reason: y}\n", "baseline.yml:3: fingerprint a is "
                                                           "listed twice"),
    ("version: 2\n", "baseline.yml:1: version: Input should be less than or equal to 1"),
])
def test_bad_files_name_file_line_and_problem(tmp_path, body, message):
    path = tmp_path / "baseline.yml"
    path.write_text(body, encoding="utf-8")
    with pytest.raises(ConfigError) as caught:
        load_baseline(path)
    assert str(caught.value) == f"{tmp_path}/{message}"


def test_update_adds_new_findings_with_a_placeholder_reason():
    run = barriers_run()
    baseline = update_baseline(None, run)
    assert len(baseline.entries) == 6
    assert {e.reason for e in baseline.entries} == {PLACEHOLDER_REASON}
    assert {e.url for e in baseline.entries} == {PORTAL}
    fingerprints = {f.fingerprint for f in run.pages[0].violations}
    assert {e.fingerprint for e in baseline.entries} == fingerprints


def test_update_only_adds_the_findings_asked_for_but_keeps_matching_entries():
    run = barriers_run()
    contrast = next(f for f in run.pages[0].violations if f.rule == "color-contrast")
    kept = BaselineEntry(contrast.fingerprint, "color-contrast", PORTAL, "known", date(2020, 1, 1))
    label = next(f for f in run.pages[0].violations if f.rule == "label")
    baseline = update_baseline(Baseline((kept,)), run, {label.fingerprint})
    assert baseline.entries == (
        kept, BaselineEntry(label.fingerprint, "label", PORTAL, PLACEHOLDER_REASON))


def test_update_drops_fixed_findings_and_keeps_pages_not_scanned():
    run = make_run(barriers_page(), error_page())
    fixed = BaselineEntry("0" * 20, "label", PORTAL, "was there")
    not_scanned = BaselineEntry("1" * 20, "label", error_page().url, "page down today")
    elsewhere = BaselineEntry("2" * 20, "label", "https://other.gov.cn/", "another job scans it")
    baseline = update_baseline(Baseline((fixed, not_scanned, elsewhere)), run)
    fingerprints = {e.fingerprint for e in baseline.entries}
    assert "0" * 20 not in fingerprints
    assert {"1" * 20, "2" * 20} <= fingerprints
    assert len(baseline.entries) == 8


def test_update_round_trips_through_the_file(tmp_path):
    path = tmp_path / "baseline.yml"
    run = barriers_run()
    save_baseline(update_baseline(None, run), path)
    edited = path.read_text(encoding="utf-8").replace(
        PLACEHOLDER_REASON, "accepted until the CMS upgrade", 1)
    path.write_text(edited, encoding="utf-8")
    first = load_baseline(path)
    save_baseline(update_baseline(first, run), path)
    assert load_baseline(path) == first
