"""The scan JSON document: every DESIGN.md field, valid against the shipped JSON Schema."""

from __future__ import annotations

import jsonschema
import pytest

from audit.report.scan_json import SCHEMA_ID, scan_document, scan_schema
from audit.webscan.scanner import ScanOptions, scan
from tests.support.site import FixtureSite
from tests.webscan.conftest import PAGES


@pytest.fixture(scope="module")
def document(chromium):
    with FixtureSite(PAGES) as site:
        run = scan([site.url("barriers.html"), site.url("status/404")], ScanOptions())
    return scan_document(run)


def test_real_output_validates_against_the_shipped_schema(document):
    jsonschema.Draft202012Validator(
        scan_schema(), format_checker=jsonschema.FormatChecker()).validate(document)


def test_document_carries_the_run_fields(document):
    assert document["schema"] == SCHEMA_ID == "a11y-audit/scan/1"
    assert document["tool"]["name"] == "a11y-audit"
    assert document["engine"] == "playwright"
    assert document["axe_version"] == "4.12.1"
    assert document["standard"] == "wcag22aa"
    assert document["started_at"] <= document["finished_at"]
    assert document["totals"] == {
        "pages": 2, "pages_with_errors": 1, "violations": 6, "needs_review": 0,
        "violations_by_impact": {"critical": 4, "serious": 2, "moderate": 0, "minor": 0}}


def test_pages_and_findings_carry_every_field(document):
    good, missing = document["pages"]
    assert set(good) >= {"url", "final_url", "status", "title", "viewport", "timings_ms",
                         "error", "findings"}
    assert good["status"] == 200 and good["error"] is None and good["viewport"] == "desktop"
    assert set(good["timings_ms"]) == {"load", "axe", "checks"}
    assert missing["error"] == "the server answered HTTP 404" and missing["findings"] == []
    image = next(f for f in good["findings"] if f["rule"] == "image-alt")
    assert set(image) == {"rule", "source", "outcome", "impact", "wcag", "level", "selector",
                          "html", "message", "help_url", "fingerprint", "screenshot", "facts",
                          "template"}
    assert image["template"] is None  # a scan, not a template-aware crawl
    assert good["blocked_requests"] == 0
    assert (image["source"], image["outcome"], image["impact"]) == ("axe", "violation",
                                                                   "critical")
    assert image["wcag"] == ["1.1.1"] and image["level"] == "A"


def test_schema_rejects_a_renamed_field(document):
    broken = dict(document, pages=[dict(document["pages"][0])])
    broken["pages"][0]["findings"] = [dict(broken["pages"][0]["findings"][0])]
    broken["pages"][0]["findings"][0]["severity"] = broken["pages"][0]["findings"][0].pop(
        "impact")
    with pytest.raises(jsonschema.ValidationError, match="'impact' is a required property"):
        jsonschema.validate(broken, scan_schema())
