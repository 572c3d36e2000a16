"""Reflow (WCAG 1.4.10): media and frames that need two dimensions are not false alarms, text
pushed past the edge still fails, a line cut off with an ellipsis is to review. Verdicts
browser-free, fixture pairs in Playwright (what reflow asks of the engine, the viewport made
320 px wide and put back, is tested in Selenium too by test_check_fixtures.py's reflow pages)."""

from __future__ import annotations

import pytest

from audit.webscan.checks.reflow import analyse
from tests.webscan.checks.conftest import own_verdicts

V, R = "violation", "needs-review"
EXPECTED = {
    # a video and a map frame 320 px wide pushed 16 px past the edge by the page's padding (the
    # frame 4 px more by its border); a video and a game of fixed width: nothing to report
    "reflow-media.html": set(),
    # text 320 px wide pushed past the edge the same way; a frame wider than the screen
    "reflow-media-fail.html": {("reflow-horizontal-scroll", "#notice", V, ("1.4.10",)),
                               ("reflow-horizontal-scroll", "#form", R, ("1.4.10",))},
    # twelve games that may scroll, then text wider than the screen: the text is not lost
    # behind the cap on how many wide elements a page reports
    "reflow-media-many.html": {("reflow-horizontal-scroll", "#late", V, ("1.4.10",))},
    # news titles on one line that fit the desktop and are cut off at 320 px: with an ellipsis
    # (the full title one click away) to review, with nothing to say so a violation; with an
    # ellipsis and the full title in its title attribute (#titled) nothing is lost
    "reflow-ellipsis.html": {("reflow-clipped", "#news", R, ("1.4.10",)),
                             ("reflow-clipped", "#cut", V, ("1.4.10",))},
}


def wide(selector, tag, width, inner_width):
    return {"selector": selector, "html": f"<{tag}>", "tag": tag, "box": [16, 0, width, 100],
            "width": width, "inner_width": inner_width}


def verdicts(items, scroll_width=656):
    raw = {"width": 320, "viewport_width": 320, "scroll_width": scroll_width, "wide": items}
    return [(f.rule, f.selector, str(f.outcome), f.facts["message"])
            for f in analyse(raw, "http://example.gov.cn/")]


def test_video_and_games_may_scroll_both_ways_whatever_their_width():
    assert verdicts([wide("#clip", "video", 640, 640), wide("#game", "canvas", 480, 480)]) == []


def test_content_that_fits_the_screen_but_for_its_offset_is_judged_by_its_nature():
    items = [wide("#map", "iframe", 324, 320), wide("#photo", "img", 320, 320),
             wide("#text", "p", 320, 320), wide("#frame", "iframe", 604, 600)]
    assert verdicts(items) == [
        ("reflow-horizontal-scroll", "#text", V, "wide"),
        ("reflow-horizontal-scroll", "#frame", R, "two-dimensional")]


def test_a_map_widget_may_scroll_both_ways_whatever_its_width():
    assert verdicts([{**wide("#map", "div", 800, 800), "map": True}]) == []
    assert verdicts([wide("#box", "div", 800, 800)]) == [
        ("reflow-horizontal-scroll", "#box", V, "wide")]


def test_a_page_that_scrolls_with_no_element_to_blame_is_failed_as_a_whole():
    assert verdicts([]) == [("reflow-horizontal-scroll", "html", V, "wide")]
    assert verdicts([wide("#clip", "video", 336, 336)], scroll_width=320) == []


@pytest.fixture(scope="module")
def run(check_site, scanners):
    urls = [check_site.url(page) for page in EXPECTED]
    return scanners["playwright"].scan(urls, concurrency=2, checks=("reflow",))


@pytest.mark.parametrize("name", list(EXPECTED))
def test_fixture_pairs(run, name):
    assert own_verdicts(run, name) == EXPECTED[name]
