"""Findings are derived from a stored axe-core result without a browser."""

from __future__ import annotations

import copy
import json
from pathlib import Path

import pytest

from audit.model import Outcome, Severity
from audit.webscan.findings import findings_from_axe, format_target, truncate

RECORDED = Path(__file__).parent / "data" / "barriers-axe.json"
URL = "http://fixture.test/barriers.html"


@pytest.fixture
def raw():
    return json.loads(RECORDED.read_text(encoding="utf-8"))


def test_one_finding_per_element_with_criteria_level_and_severity(raw):
    findings = findings_from_axe(raw, URL)
    assert [(f.rule, f.selector, f.impact, f.wcag, f.level) for f in findings] == [
        ("button-name", "button", Severity.CRITICAL, ("4.1.2",), "A"),
        ("color-contrast", "p", Severity.SERIOUS, ("1.4.3",), "AA"),
        ("image-alt", "#logo", Severity.CRITICAL, ("1.1.1",), "A"),
        ("image-alt", ".banner", Severity.CRITICAL, ("1.1.1",), "A"),
        ("label", "input", Severity.CRITICAL, ("4.1.2",), "A"),
        ("link-name", "a", Severity.SERIOUS, ("2.4.4", "4.1.2"), "A"),
    ]
    assert all(f.source == "axe" and f.outcome is Outcome.VIOLATION for f in findings)


def test_message_joins_the_failure_summary(raw):
    contrast = next(f for f in findings_from_axe(raw, URL) if f.rule == "color-contrast")
    assert contrast.message.startswith(
        "Elements must meet minimum color contrast ratio thresholds: Element has insufficient "
        "color contrast of ")
    assert "\n" not in contrast.message


def test_incomplete_results_become_needs_review(raw):
    review = copy.deepcopy(next(r for r in raw["violations"] if r["id"] == "color-contrast"))
    raw["incomplete"] = [review]
    raw["violations"] = []
    [finding] = findings_from_axe(raw, URL)
    assert finding.outcome is Outcome.NEEDS_REVIEW
    assert finding.rule == "color-contrast"


def test_missing_impact_falls_back_to_the_rule_then_minor(raw):
    rule = raw["violations"][0]
    rule["nodes"][0]["impact"] = None
    rule["impact"] = None
    assert findings_from_axe(raw, URL)[0].impact is Severity.MINOR


def test_targets_of_frames_and_shadow_roots_are_spelled_out():
    assert format_target(["#main > img"]) == "#main > img"
    assert format_target(["#frame", "img"]) == "#frame |> img"
    assert format_target([["gov-card", "button"]]) == "gov-card >>> button"
    assert format_target(["#frame", ["gov-card", ".x"]]) == "#frame |> gov-card >>> .x"


def test_long_html_is_truncated():
    assert truncate("<p>" + "x" * 500, 20) == "<p>" + "x" * 16 + "…"
    assert truncate("<p>ok</p>", 20) == "<p>ok</p>"
