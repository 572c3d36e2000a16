"""The elderly-friendly profile (``--profile elderly``): fixture pairs in real Chromium with both
engines on the phone viewport and Playwright on the desktop one, the pure analyser, profile
parsing, the CLI."""

from __future__ import annotations

import json

import pytest

from audit.cli.options import selected_checks
from audit.errors import UsageError
from audit.model import Outcome, Severity, Viewport
from audit.webscan.checks import (
    CHECK_NAMES,
    CHECKS,
    PROFILES,
    findings_from_checks,
    parse_profiles,
    with_profiles,
)
from audit.webscan.checks.elderly import analyse
from tests.cli.conftest import run_cli

ENGINES = ("playwright", "selenium")
V, R = "violation", "needs-review"

# The clean page has 16 px text on desktop and 18 px on phones, a fixed header with a nav, a
# closable cookie bar (role=dialog), a back-to-top button, a toolbar, an off-screen drawer,
# an icon glyph, visually hidden and aria-hidden small text, white text on a gradient, a
# download link, and class names such as "header", "badge", "shadow", "load-more".
MOBILE = {
    "elderly-clean.html": set(),
    "elderly-text.html": {("elderly-text-size", "#foot", V),
                          ("elderly-line-spacing", "#dense", V),
                          ("elderly-contrast", "#faint", V)},
    "elderly-popup.html": {("elderly-popup", "#welcome", V),
                           ("elderly-popup", "#survey", V),
                           ("elderly-floating-window", "#qr", V),
                           ("elderly-floating-window", "#service", R)},
    "elderly-ads.html": {("elderly-ad", "#top-ad", V), ("elderly-ad", "#union", V),
                         ("elderly-ad", "#aclk", V), ("elderly-ad", "#float-ad", V),
                         ("elderly-induced-button", "#get-app", R),
                         ("elderly-induced-button", "#vip", R)},
}
# The specification sets no text size for desktop pages.
DESKTOP = {
    "elderly-clean.html": set(),
    "elderly-text.html": {("elderly-line-spacing", "#dense", V),
                          ("elderly-contrast", "#faint", V)},
}


# Selenium on the phone viewport, the engine's part of the profile (the phone's size and
# scale); the measuring is one script in the page, the same whatever engine carries it.
RUNS = [("playwright", Viewport.MOBILE), ("playwright", Viewport.DESKTOP),
        ("selenium", Viewport.MOBILE)]


@pytest.fixture(scope="module")
def runs(check_site, scanners):
    def run(engine, viewport):
        pages = MOBILE if viewport is Viewport.MOBILE else DESKTOP
        return scanners[engine].scan([check_site.url(name) for name in pages],
                                     viewport=viewport, concurrency=2, checks=("elderly",))

    return {(engine, viewport): run(engine, viewport) for engine, viewport in RUNS}


def _page(run, name):
    return next(p for p in run.pages if p.url.endswith("/" + name))


def _own(page):
    return {(f.rule, f.selector, str(f.outcome)) for f in page.findings if f.source != "axe"}


@pytest.mark.parametrize(("viewport", "name", "engine"),
                         [(viewport, name, engine) for engine, viewport in RUNS
                          for name in (MOBILE if viewport is Viewport.MOBILE else DESKTOP)])
def test_page_gives_exactly_its_barriers(runs, engine, viewport, name):
    page = _page(runs[engine, viewport], name)
    assert page.error is None
    assert page.notes == []
    expected = (MOBILE if viewport is Viewport.MOBILE else DESKTOP)[name]
    assert _own(page) == expected


def test_both_engines_agree(runs):
    def key(run):
        return sorted((p.url, f.rule, f.selector, str(f.outcome), f.message, f.fingerprint)
                      for p in run.pages for f in p.findings if f.source != "axe")
    assert key(runs["playwright", Viewport.MOBILE]) == key(runs["selenium", Viewport.MOBILE])


def test_findings_name_a_clause_not_a_wcag_criterion(runs):
    page = _page(runs["playwright", Viewport.MOBILE], "elderly-text.html")
    size = next(f for f in page.findings if f.rule == "elderly-text-size")
    assert (size.source, size.wcag, size.level, size.help_url) == ("elderly", (), None, "")
    assert size.impact is Severity.SERIOUS and size.outcome is Outcome.VIOLATION
    assert size.html == '<footer id="foot">'
    assert size.message == ("2 of 7 text elements are smaller than 18 px on the phone viewport "
                            "(the smallest 12 px)")
    contrast = next(f for f in page.findings if f.rule == "elderly-contrast")
    assert contrast.message == ("1 of 7 text elements have too little contrast (the lowest "
                                "2.85:1, where 4.5:1 is needed)")
    spacing = next(f for f in page.findings if f.rule == "elderly-line-spacing")
    assert spacing.impact is Severity.MODERATE
    assert spacing.message == ("1 of 3 paragraphs have a line height under 1.3 times the text "
                               "size (the tightest 1.1)")


def test_desktop_measures_text_size_but_reports_none(runs):
    raw = _page(runs["playwright", Viewport.DESKTOP], "elderly-clean.html").raw["checks"]
    assert raw["elderly"]["mobile"] is False
    assert raw["elderly"]["text"]["small"]["value"] == 16


def test_kept_under_every_standard_and_analysed_again(runs):
    for page in runs["playwright", Viewport.MOBILE].pages:
        stored = json.loads(json.dumps(page.raw["checks"]))
        again = findings_from_checks(stored, page.url, "wcag2a")
        assert again == [f for f in page.findings if f.source != "axe"]


def _raw(**parts):
    empty = {"mobile": True, "text": {"elements": 0, "small": None},
             "spacing": {"paragraphs": 0, "set": None, "normal": None},
             "contrast": {"elements": 0, "low": None}, "windows": [], "ads": [], "induced": []}
    return {**empty, **parts}


def _summary(selector, count, value, **extra):
    return {"selector": selector, "html": f"<p id=\"{selector[1:]}\">", "count": count,
            "value": value, **extra}


def _found(raw):
    return [(f.rule, f.selector, str(f.outcome), f.message) for f in analyse(raw, "https://x/")]


def test_nothing_measured_nothing_found():
    assert analyse(_raw(), "https://x/") == []
    assert analyse({}, "https://x/") == []


def test_small_text_only_on_the_phone_viewport():
    text = {"elements": 40, "small": _summary("body", 30, 14.5)}
    assert _found(_raw(text=text)) == [
        ("elderly-text-size", "body", V, "30 of 40 text elements are smaller than 18 px on the "
         "phone viewport (the smallest 14.5 px)")]
    assert _found(_raw(mobile=False, text=text)) == []


def test_line_height_normal_needs_review_and_a_set_one_decides():
    normal = _summary("#a", 2, 1.16, normal=True)
    tight = _summary("#b", 1, 1.2, normal=False)
    assert _found(_raw(spacing={"paragraphs": 5, "set": None, "normal": normal})) == [
        ("elderly-line-spacing", "#a", R, "2 of 5 paragraphs with line-height: normal measure "
         "under 1.3 times the text size (the tightest 1.16); it depends on the font, so set "
         "the line height")]
    assert _found(_raw(spacing={"paragraphs": 5, "set": tight, "normal": normal})) == [
        ("elderly-line-spacing", "#b", V, "1 of 5 paragraphs have a line height under 1.3 "
         "times the text size (the tightest 1.2)")]


def test_windows_ads_and_induced_buttons():
    raw = _raw(windows=[{"kind": "popup", "close": True, "selector": "#p", "html": ""},
                        {"kind": "floating", "close": False, "selector": "#f", "html": ""},
                        {"kind": "floating", "close": True, "selector": "#c", "html": ""}],
               ads=[{"via": "host", "selector": "#ad", "html": ""}],
               induced=[{"text": "下载APP", "selector": "#d", "html": ""}])
    assert _found(raw) == [
        ("elderly-popup", "#p", V, "A pop-up window is shown on loading, before any user "
         "action"),
        ("elderly-floating-window", "#f", V, "A floating window that cannot be closed"),
        ("elderly-floating-window", "#c", R, "A floating window that can be closed: check "
         "that it is no ad or promotion, which elderly-friendly pages must not show"),
        ("elderly-ad", "#ad", V, "An ad served from an ad network; elderly-friendly pages "
         "must show no ads"),
        ("elderly-induced-button", "#d", R, "\"下载APP\" may induce a download or payment, "
         "which elderly-friendly pages must not offer")]


def test_the_profile_adds_a_check_that_does_not_run_by_default():
    assert PROFILES == {"elderly": ("elderly",)}
    assert "elderly" in CHECKS and "elderly" not in CHECK_NAMES
    assert CHECKS["elderly"].criteria == ()
    assert parse_profiles(" elderly, elderly ") == ("elderly",)
    assert parse_profiles("") == ()
    assert with_profiles(("keyboard",), ("elderly",)) == ("keyboard", "elderly")
    assert with_profiles(("elderly",), ("elderly",)) == ("elderly",)


def test_profile_checks_join_the_chosen_ones():
    assert selected_checks("keyboard", False, ("elderly",)) == ("keyboard", "elderly")
    assert selected_checks("keyboard", True, ("elderly",)) == ("elderly",)
    assert selected_checks("keyboard", False, ()) == ("keyboard",)


def test_unknown_profile_names_the_known_ones():
    with pytest.raises(UsageError) as err:
        parse_profiles("elderly,senior")
    assert str(err.value) == "unknown profile(s): senior; choose from: elderly"


def test_cli_scan_with_the_profile_only(check_site):
    result = run_cli("scan", check_site.url("elderly-text.html"), "--viewport", "mobile",
                     "--no-checks", "--profile", "elderly", "--format", "json", "--no-store")
    assert result.returncode == 0, result.stderr
    page = json.loads(result.stdout)["pages"][0]
    assert {f["source"] for f in page["findings"]} == {"axe", "elderly"}
    size = next(f for f in page["findings"] if f["rule"] == "elderly-text-size")
    assert (size["selector"], size["wcag"], size["level"]) == ("#foot", [], None)
    assert size["clause"] == {"rule": "elderly-text-size", "spec_id": "miit-web-elderly",
                              "title_zh": "互联网网站适老化通用设计规范",
                              "title_en": "MIIT general design specification for "
                                          "elderly-friendly websites",
                              "reference": "工信厅信管函〔2021〕67号 附件1", "clause": "1.2.3",
                              "confirmed": False}
    assert all("clause" not in f for f in page["findings"] if f["source"] == "axe")


def test_cli_unknown_profile_is_a_usage_error(check_site):
    result = run_cli("scan", check_site.url("elderly-text.html"), "--profile", "senior")
    assert result.returncode == 2
    assert result.stderr == "error: unknown profile(s): senior; choose from: elderly\n"
