"""The keyboard walk's pacing, through an in-memory page that moves focus on Tab: how many
presses it spends and how it reports a cycle (the real walk on real pages: the fixture pairs
of test_check_fixtures.py); in real browsers, the in-page log and the page's answers carried
as JSON text past what a page did to JSON."""

from __future__ import annotations

import asyncio
import json
from collections.abc import Awaitable, Callable
from typing import Any

import pytest

from audit.model import Viewport
from audit.webscan.browser import find_browser, launch_flags
from audit.webscan.checks import keyboard, keyboard_rules
from audit.webscan.checks.base import CheckContext, Raw, script
from audit.webscan.checks.keyboard import BATCH, MAX_SNAPSHOTS, next_batch
from audit.webscan.driver import VIEWPORTS, PageFault, Tab
from audit.webscan.engines import ENGINES
from tests.support.own_scan import SharedScanner
from tests.webscan.checks.conftest import in_shared_browser


class TabbingPage:
    """Focus goes through ``stops`` (element ids in Tab order), then leaves the page (None)
    and comes back to the first stop; or, with ``trap_from``, goes round the stops from that
    index on for ever. ``evaluate`` answers the walk's poll: the log since the last one, as the
    JSON text the walk's scripts answer."""

    def __init__(self, stops: list[int], trap_from: int | None = None) -> None:
        self.stops = stops
        self.trap_from = trap_from
        self.at = -1  # the sentinel before the first stop
        self.log: list[list[Any]] = []
        self.presses: list[int] = []  # the size of each batch

    async def press(self, key: str, times: int, timeout_s: float) -> None:
        assert key == "Tab"
        self.presses.append(times)
        for _ in range(times):
            self.at += 1
            if self.at == len(self.stops):
                if self.trap_from is None:
                    self.log.append([None, "Tab"])
                    self.at = -1
                    continue
                self.at = self.trap_from
            self.log.append([self.stops[self.at], "Tab"])

    async def evaluate(self, function: str, arg: Any, timeout_s: float) -> str:
        log, self.log = self.log, []
        return json.dumps([{"log": log, "active": None, "frames": []}])


def walk(page: TabbingPage, tabbable: int) -> dict[str, Any]:
    return asyncio.run(keyboard._walk(page, 5.0, tabbable))  # type: ignore[arg-type]


def test_batches_stop_where_a_page_of_that_many_stops_ends():
    assert [next_batch(0, 3)] == [5]
    assert [next_batch(p, 30) for p in (0, 12, 24, 32)] == [BATCH, BATCH, 8, BATCH]
    assert next_batch(0, 0) == 2


def test_a_page_is_walked_once_round_and_one_press_more():
    page = TabbingPage(list(range(30)))
    result = walk(page, tabbable=30)
    assert page.presses == [12, 12, 8]  # not 36: focus left after 31 presses
    assert (result["end"], result["presses"]) == ("left-page", 32)
    assert result["sequence"] == [*range(30), None]


def test_a_page_with_more_stops_than_it_counted_gets_full_batches_again():
    page = TabbingPage(list(range(20)))
    result = walk(page, tabbable=10)
    assert page.presses == [BATCH, BATCH]
    assert (result["end"], result["sequence"][-1]) == ("left-page", None)


def test_a_cycle_is_given_in_the_order_focus_first_reached_it():
    # stops 0-13, then round 10-13 for ever: the batches end in the middle of a round
    page = TabbingPage(list(range(14)), trap_from=10)
    result = walk(page, tabbable=14)
    assert result["end"] == "cycle"
    assert result["cycle"] == [10, 11, 12, 13]
    assert page.presses == [12, 4, 12]


# --- the in-page log, in real Chromium -------------------------------------------------------

def test_focus_leaving_the_page_is_logged_when_its_keyup_comes_after_focus_came_back(chromium):
    """With several tabs walking at once, the press that takes focus out of the page can
    have its keyup arrive once focus is back on the first stop: the log must still say that
    focus left (else the walk goes round the page a second time, ``tabbable`` presses more)."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(find_browser().path),
                                             args=launch_flags())
        try:
            page = browser.new_page()
            page.set_content("<button>a</button><button>b</button><button>c</button>")
            page.evaluate(script("keyboard_setup"), {"max_snapshots": MAX_SNAPSHOTS})
            for _ in range(3):
                page.keyboard.press("Tab")  # a, b, c
            page.keyboard.down("Tab")  # from c out of the page ...
            page.keyboard.down("Tab")  # ... and back to a, before the first press's keyup
            page.keyboard.up("Tab")
            log = page.evaluate(script("keyboard_poll"), None)["log"]
        finally:
            browser.close()
    assert [entry[0] for entry in log] == [0, 1, 2, None, 0]


# --- the page's answers, carried as JSON text, in real browsers ------------------------------

def gather_on(scanner: SharedScanner, url: str) -> tuple[Raw | PageFault, str]:
    """The walk of ``url`` in a fresh tab of ``scanner``'s browser (or the fault it raised),
    and what ``window.__a11yKeys`` is afterwards (the walk tidies up after itself)."""
    async def run(new_tab: Callable[[], Awaitable[Tab]]) -> tuple[Raw | PageFault, str]:
        tab = await new_tab()
        try:
            await tab.goto(url, 20)
            try:
                raw: Raw | PageFault = await keyboard.gather(
                    CheckContext(tab, VIEWPORTS[Viewport.DESKTOP], 20))
            except PageFault as fault:
                raw = fault
            return raw, await tab.evaluate("() => typeof window.__a11yKeys", None, 20)
        finally:
            await tab.close()
    return in_shared_browser(scanner, run)


@pytest.mark.parametrize("engine", ENGINES)
def test_a_library_giving_arrays_a_tojson_does_not_bend_the_walk(check_site, scanners, engine):
    """Prototype.js 1.6 gives every array a ``toJSON`` that makes it a string: the walk's
    answers still come back as the arrays they are."""
    raw, left = gather_on(scanners[engine], check_site.url("kb-tojson.html"))
    assert isinstance(raw, dict)
    assert (raw["tabbable"], raw["end"], raw["sequence"]) == (3, "left-page", [0, 1, 2, None])
    assert [element["selector"] for element in raw["elements"]] == ["#a", "#b", "#c"]
    assert raw["order"]["stops"] == [0, 1, 2]
    assert left == "undefined"


def test_a_page_that_replaced_json_stringify_fails_the_walk_saying_so(check_site, scanners):
    raw, left = gather_on(scanners["playwright"], check_site.url("kb-json-replaced.html"))
    assert isinstance(raw, PageFault)
    assert str(raw) == ("the page interfered with the keyboard walk: its answer was not the "
                        "walk's own (the page may replace JavaScript's own functions)")
    assert left == "undefined"  # tidied up all the same


@pytest.mark.parametrize("engine", ENGINES)
def test_a_page_with_a_tojson_library_is_scanned(check_site, scanners, engine):
    """axe-core's result comes back as JSON text too: the arrays' ``toJSON`` made it a result
    that was not axe-core's ("the page interfered"), and the page went unscanned."""
    page = scanners[engine].scan([check_site.url("kb-tojson.html")], concurrency=1,
                                 checks=("keyboard",)).pages[0]
    assert page.error is None
    assert {"button-name", "html-has-lang"} <= set(page.passed_rules)
    assert [f.rule for f in page.findings] == []


# --- focus indicators after the walk: the page keeps its focus (Selenium) --------------------

def test_every_walk_sees_the_indicators_there_are_and_reports_the_missing_ones(check_site,
                                                                              scanners):
    """A walk's batch on a page of 4 stops is 6 Tabs: the 5th takes focus out of the page, the
    6th brings it back to the first stop. Under chromedriver the browser's "the page lost
    focus" sometimes came after the 6th, mostly in a tab's first walk: the page stayed without
    focus, ``:focus`` styles no longer applied, and kb-focus-elsewhere.html (its indicators
    drawn beside its links) gave focus-not-visible on #guide in about 1 walk in 5 with two
    tabs at once. The tab now counts the page as focused (as Playwright does).

    Eight fresh tabs, two at once; in each the page with indicators beside its links must give
    nothing and then the page without indicators its two violations, every time: a walk that
    measured in a page without focus reports every stop whose indicator is a ``:focus`` style,
    and no retry of the test may pass that off, nor hide a missing indicator."""
    pages = {"kb-focus-elsewhere.html": [],
             "kb-focus-hidden.html": [("focus-not-visible", "#plain", "violation", "no-change"),
                                      ("focus-not-visible", "#skip", "violation", "off-screen")]}

    async def walks(tab: Any) -> list[Any]:
        found = []
        for name in pages:
            url = check_site.url(name)
            await tab.goto(url, 20)
            raw = await keyboard.gather(CheckContext(tab, VIEWPORTS[Viewport.DESKTOP], 20))
            found.append(sorted((f.rule, f.selector, str(f.outcome), f.facts["message"])
                                for f in keyboard_rules.analyse(raw, url)))
        return found

    async def fresh_tabs(new_tab: Callable[[], Awaitable[Tab]], count: int) -> list[Any]:
        answers = []
        for _ in range(count):
            tab = await new_tab()
            try:
                answers.append(await walks(tab))
            finally:
                await tab.close()
        return answers

    async def run(new_tab: Callable[[], Awaitable[Tab]]) -> list[Any]:
        halves = await asyncio.gather(fresh_tabs(new_tab, 4), fresh_tabs(new_tab, 4))
        return halves[0] + halves[1]

    assert in_shared_browser(scanners["selenium"], run) == [list(pages.values())] * 8


# --- pages that move focus from their own code, after the key (issue 15) --------------------

@pytest.mark.parametrize("engine", ENGINES)
def test_pages_that_move_focus_later_or_add_stops_give_the_walk_their_findings(check_site,
                                                                             scanners, engine):
    """What the walk must give however fast its presses come, on pages whose focus moves
    from their own code: a timer (0 and 50 ms) moving focus on after a Tab, a Tab handler that
    takes the key (preventDefault) and moves focus after an await, links added when their menu
    item gets focus. None is a barrier. The stops on the way vary from walk to walk on the
    first two in both engines today (a timer fires between presses, or not), so only the
    findings are fixed there; the added links are walked in order."""
    async def walks(new_tab: Callable[[], Awaitable[Tab]],
                    ) -> dict[str, tuple[str, list[str | None], list[Any]]]:
        tab = await new_tab()
        try:
            seen = {}
            for name in ("kb-focus-adds.html", "kb-async-move.html", "kb-async-keydown.html"):
                url = check_site.url(name)
                await tab.goto(url, 20)
                raw = await keyboard.gather(CheckContext(tab, VIEWPORTS[Viewport.DESKTOP], 20))
                stops = [raw["elements"][i]["selector"] if i is not None else None
                         for i in raw["sequence"]]
                seen[name] = (raw["end"], stops, keyboard_rules.analyse(raw, url))
            return seen
        finally:
            await tab.close()

    seen = in_shared_browser(scanners[engine], walks)
    assert seen["kb-focus-adds.html"] == (
        "left-page", ["#home", "#services", "#permits", "#taxes", "#contact", None], [])
    assert seen["kb-async-move.html"][0] == "left-page"
    assert {"#a", "#h"} <= set(seen["kb-async-move.html"][1])
    assert seen["kb-async-move.html"][2] == []
    assert {"#before", "#bold"} <= set(seen["kb-async-keydown.html"][1])
    assert seen["kb-async-keydown.html"][2] == []
