"""Waiting for the page to settle before axe and the checks: same page, same findings."""

from __future__ import annotations

import re

import pytest

from audit.report.notes import english_note
from audit.webscan.scanner import ScanOptions, scan

ENGINES = ("playwright", "selenium")
UNSETTLED = re.compile(r"the page did not settle within \d+(\.\d+)? s \(\d+ DOM changes, "
                       r"0 network requests, fonts loaded\); it was analysed as it was")


@pytest.fixture(scope="module")
def runs(site):
    urls = [site.url("late-menu.html"), site.url("late-menu.html"), site.url("late-menu.html"),
            site.url("never-settles.html"), site.url("clean.html")]
    return {engine: scan(urls, ScanOptions(engine=engine, concurrency=2, checks=(),
                                           settle_s=2.0))
            for engine in ENGINES}


@pytest.mark.parametrize("engine", ENGINES)
def test_a_menu_built_after_load_gives_the_same_findings_every_run(runs, engine):
    menus = runs[engine].pages[:3]
    # mid-build, its items are list items outside a list (axe: listitem); built, it is clean
    assert [[(f.rule, f.selector) for f in page.findings] for page in menus] == [[], [], []]
    for page in menus:
        assert page.notes == []
        [waited] = page.raw["settle"]
        assert waited["settled"] is True
        assert waited["mutations"] >= 9  # it saw the items arrive


@pytest.mark.parametrize("engine", ENGINES)
def test_a_page_that_never_settles_is_scanned_and_says_so(runs, engine):
    page = runs[engine].pages[3]
    assert page.error is None
    [note] = page.notes
    assert UNSETTLED.fullmatch(english_note(note))
    [waited] = page.raw["settle"]
    assert waited["settled"] is False
    assert 2000 <= waited["waited_ms"] < 5000
    assert waited["mutations"] > 20
    assert page.timings_ms["axe"] > 0


@pytest.mark.parametrize("engine", ENGINES)
def test_a_quiet_page_settles_at_once(runs, engine):
    page = runs[engine].pages[4]
    [waited] = page.raw["settle"]
    assert waited == {"settled": True, "waited_ms": waited["waited_ms"], "mutations": 0,
                      "requests": 0, "animations": 0, "fonts": "loaded", "left": False}


def test_the_checks_run_on_a_settled_page_too(site):
    page = scan([site.url("late-menu.html")], ScanOptions(concurrency=1, checks=("bypass",)),
                ).pages[0]
    assert [w["settled"] for w in page.raw["settle"]] == [True, True]
    assert page.raw["settle"][1]["mutations"] == 0
