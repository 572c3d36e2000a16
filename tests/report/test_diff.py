"""Diff of two scans: new, fixed, persisting by fingerprint and viewport, as multisets; pages NEW
did not scan are not comparable. Built without a browser."""

from __future__ import annotations

from dataclasses import replace

from audit.model import Outcome, PageResult, Severity, Viewport
from audit.report.diff import SCHEMA_ID, NotComparable, diff_document, diff_pages
from tests.report.ci_factory import error_page, finding

HOME = "https://www.example.gov.cn/"
NEWS = "https://www.example.gov.cn/xwzx/"

LOGO = finding("image-alt", fingerprint="a" * 20, selector="#logo")
BANNER = finding("image-alt", fingerprint="b" * 20, selector=".banner")
LABEL = finding("label", fingerprint="c" * 20, selector="input")
CONTRAST = finding("color-contrast", Severity.SERIOUS, fingerprint="d" * 20, selector="p")
REGION = finding("region", Severity.MODERATE, Outcome.NEEDS_REVIEW, fingerprint="e" * 20,
                 selector="div.banner")


def page(url: str, *findings, viewport: Viewport = Viewport.DESKTOP) -> PageResult:
    return PageResult(url=url, viewport=viewport, status=200, findings=list(findings))


def rules(items) -> list[tuple[str, str, str]]:
    return [(d.url, d.finding.rule, d.finding.selector) for d in items]


def test_new_fixed_and_persisting_on_one_page():
    diff = diff_pages([page(HOME, LOGO, BANNER, CONTRAST)], [page(HOME, BANNER, CONTRAST, LABEL)])
    assert rules(diff.new) == [(HOME, "label", "input")]
    assert rules(diff.fixed) == [(HOME, "image-alt", "#logo")]
    assert rules(diff.persisting) == [(HOME, "image-alt", ".banner"), (HOME, "color-contrast", "p")]
    assert diff.not_comparable == ()


def test_fingerprints_are_counted_as_multisets():
    twice = [LOGO, replace(LOGO, html="<img id=logo2>")]
    diff = diff_pages([page(HOME, *twice)], [page(HOME, LOGO)])
    assert (len(diff.new), len(diff.fixed), len(diff.persisting)) == (0, 1, 1)
    assert diff.fixed[0].finding.html == "<img id=logo2>"  # the later occurrence went away
    diff = diff_pages([page(HOME, LOGO)], [page(HOME, *twice, *twice)])
    assert (len(diff.new), len(diff.fixed), len(diff.persisting)) == (3, 0, 1)


def test_viewports_are_compared_apart():
    old = [page(HOME, LOGO), page(HOME, LOGO, viewport=Viewport.MOBILE)]
    new = [page(HOME), page(HOME, LOGO, viewport=Viewport.MOBILE)]
    diff = diff_pages(old, new)
    assert [(d.viewport, d.finding.rule) for d in diff.fixed] == [("desktop", "image-alt")]
    assert [(d.viewport, d.finding.rule) for d in diff.persisting] == [("mobile", "image-alt")]


def test_a_page_new_did_not_scan_is_not_comparable_not_fixed():
    old = [page(HOME, LOGO), page(NEWS, LABEL, CONTRAST)]
    diff = diff_pages(old, [page(HOME, LOGO)])
    assert diff.fixed == () and len(diff.persisting) == 1
    assert diff.not_comparable == (
        NotComparable(NEWS, "desktop", None, 2),)
    assert diff.not_comparable[0].reason == "not scanned in the new scan"


def test_a_page_that_errored_in_new_is_not_comparable_with_the_error():
    diff = diff_pages([page(NEWS, LABEL)], [error_page(NEWS)])
    assert diff.fixed == () and diff.new == ()
    assert diff.not_comparable == (
        NotComparable(NEWS, "desktop", "the server answered HTTP 503", 1),)
    assert diff.not_comparable[0].reason == "error in the new scan: the server answered HTTP 503"


def test_findings_on_a_page_old_did_not_scan_count_as_new():
    diff = diff_pages([error_page(NEWS)], [page(NEWS, LABEL), page(HOME, LOGO)])
    assert rules(diff.new) == [(NEWS, "label", "input"), (HOME, "image-alt", "#logo")]
    assert diff.not_comparable == ()


def test_needs_review_only_with_include_review():
    old, new = [page(HOME, LOGO)], [page(HOME, LOGO, REGION)]
    assert diff_pages(old, new).new == ()
    diff = diff_pages(old, new, include_review=True)
    assert rules(diff.new) == [(HOME, "region", "div.banner")]
    assert diff.new_violations == ()


def test_document_shape_and_totals():
    diff = diff_pages([page(HOME, LOGO, CONTRAST), page(NEWS, LABEL)],
                      [page(HOME, CONTRAST, BANNER)])
    document = diff_document(diff, 3, 5)
    assert document["schema"] == SCHEMA_ID == "a11y-audit/diff/1"
    assert (document["old"], document["new"], document["include_review"]) == (3, 5, False)
    assert document["new_findings"][0] == {
        "url": HOME, "viewport": "desktop", "rule": "image-alt", "source": "axe",
        "outcome": "violation", "impact": "critical", "wcag": ["1.1.1"], "level": "A",
        "selector": ".banner", "html": BANNER.html, "message": BANNER.message,
        "help_url": BANNER.help_url, "fingerprint": "b" * 20, "screenshot": None,
        "facts": None, "template": None}
    assert [f["selector"] for f in document["fixed"]] == ["#logo"]
    assert [f["rule"] for f in document["persisting"]] == ["color-contrast"]
    assert document["not_comparable_pages"] == [
        {"url": NEWS, "viewport": "desktop", "reason": "not scanned in the new scan",
         "old_findings": 1}]
    assert document["totals"] == {
        "new": 1, "fixed": 1, "persisting": 1, "not_comparable_pages": 1,
        "new_by_impact": {"critical": 1, "serious": 0, "moderate": 0, "minor": 0},
        "fixed_by_impact": {"critical": 1, "serious": 0, "moderate": 0, "minor": 0}}
