"""Real Chromium, real axe-core, fixture pages over HTTP: exact findings, through both engines."""

from __future__ import annotations

from collections import Counter

import pytest

from audit.model import Outcome, Viewport
from audit.report.notes import english_note
from audit.webscan.findings import FRAME_SEPARATOR, SHADOW_SEPARATOR

ENGINES = ("playwright", "selenium")
PAGES = ("barriers.html", "clean.html", "frames.html", "shadow.html", "mobile-only.html",
         "dialogs.html")


class EngineRuns(dict):
    """The scan of the fixture pages by one engine, made once, when a test first asks for it:
    the tests of one engine and the comparison of both read the same two scans."""

    def __init__(self, site, scanners):
        super().__init__()
        self.urls = [site.url(p) for p in PAGES]
        self.scanners = scanners

    def __missing__(self, engine):
        self[engine] = self.scanners[engine].scan(self.urls, concurrency=2)
        return self[engine]


@pytest.fixture(scope="module")
def both_runs(site, scanners):
    return EngineRuns(site, scanners)


@pytest.fixture(params=ENGINES)
def run(request, both_runs):
    return both_runs[request.param]


def page(run, name):
    return next(p for p in run.pages if p.url.endswith("/" + name))


def violations(page_result):
    return Counter(f.rule for f in page_result.findings if f.outcome is Outcome.VIOLATION)


def test_pages_come_back_in_the_order_given(run, site):
    assert [p.url for p in run.pages] == [site.url(p) for p in PAGES]
    assert all(p.error is None for p in run.pages)
    assert run.axe_version == "4.12.1"
    assert run.browser_version and run.browser_version.split(".")[0].isdigit()


def test_barriers_page_reports_each_barrier_once_per_element(run):
    result = page(run, "barriers.html")
    assert violations(result) == {"image-alt": 2, "label": 1, "color-contrast": 1,
                                  "link-name": 1, "button-name": 1}
    by_rule = {f.rule: f for f in result.findings}
    assert by_rule["image-alt"].wcag == ("1.1.1",)
    assert by_rule["image-alt"].level == "A"
    assert str(by_rule["image-alt"].impact) == "critical"
    assert by_rule["color-contrast"].wcag == ("1.4.3",)
    assert by_rule["color-contrast"].level == "AA"
    assert by_rule["link-name"].wcag == ("2.4.4", "4.1.2")
    assert by_rule["label"].selector == "input"
    assert by_rule["label"].html == '<input type="text" name="q">'
    assert by_rule["label"].help_url.startswith("https://dequeuniversity.com/rules/axe/4.12/label")
    assert by_rule["label"].message.startswith("Form elements must have labels: ")
    assert {f.selector for f in result.findings if f.rule == "image-alt"} == {
        "#logo", ".banner"}
    assert result.title == "Barriers"
    assert result.status == 200
    assert set(result.timings_ms) == {"load", "axe", "checks"}
    assert "html-has-lang" in result.passed_rules
    assert "video-caption" in result.inapplicable_rules


def test_clean_page_has_no_violations(run):
    result = page(run, "clean.html")
    assert result.error is None
    assert violations(result) == {}
    assert result.title == "无障碍声明 — 示范区"


def test_same_and_cross_origin_iframes_are_scanned(run):
    result = page(run, "frames.html")
    images = sorted(f.selector for f in result.findings if f.rule == "image-alt")
    assert images == [f"#cross{FRAME_SEPARATOR}#map", f"#same{FRAME_SEPARATOR}#map"]
    assert violations(result) == {"image-alt": 2}


def test_open_shadow_dom_is_scanned(run):
    result = page(run, "shadow.html")
    assert violations(result) == {"image-alt": 1, "button-name": 1}
    selectors = {f.rule: f.selector for f in result.findings}
    assert selectors["image-alt"] == f"#card{SHADOW_SEPARATOR}img"
    assert selectors["button-name"] == f"#card{SHADOW_SEPARATOR}button"


def test_dialogs_are_dismissed_and_noted_and_the_page_still_scanned(run):
    result = page(run, "dialogs.html")
    assert result.error is None
    assert violations(result) == {"image-alt": 1}
    assert any("Welcome to the portal" in english_note(note) for note in result.notes)


def test_desktop_viewport_does_not_show_the_phone_barrier(run):
    assert violations(page(run, "mobile-only.html")) == {}


@pytest.mark.parametrize("engine", ENGINES)
def test_mobile_viewport_emulates_a_phone(site, scanners, engine):
    run = scanners[engine].scan([site.url("mobile-only.html")], viewport=Viewport.MOBILE,
                                concurrency=1)
    result = run.pages[0]
    assert result.viewport is Viewport.MOBILE
    assert violations(result) == {"color-contrast": 1}
    assert result.findings[0].selector == "p"


def test_both_engines_give_the_same_findings(both_runs):
    def key(run):
        return sorted((p.url, f.rule, f.selector, str(f.outcome), f.fingerprint)
                      for p in run.pages for f in p.findings)
    assert key(both_runs["playwright"]) == key(both_runs["selenium"])
    assert len(key(both_runs["playwright"])) >= 12


def test_fingerprints_are_stable_between_runs(both_runs):
    """The two runs are runs of their own, in browsers of their own (one an engine): one
    fingerprint a finding, the same in both."""
    first, again = (page(both_runs[engine], "barriers.html").findings for engine in ENGINES)
    assert {f.fingerprint for f in again} == {f.fingerprint for f in first}
    assert len({f.fingerprint for f in first}) == len(first) == 6
