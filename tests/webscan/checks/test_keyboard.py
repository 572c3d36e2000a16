"""The keyboard walk's pacing, through an in-memory page that moves focus on Tab: how many
presses it spends and how it reports a cycle (the real walk on real pages: the fixture pairs
of test_check_fixtures.py)."""

from __future__ import annotations

import asyncio
from typing import Any

from audit.webscan.browser import find_browser, launch_flags
from audit.webscan.checks import keyboard
from audit.webscan.checks.base import script
from audit.webscan.checks.keyboard import BATCH, MAX_SNAPSHOTS, next_batch


class TabbingPage:
    """Focus goes through ``stops`` (element ids in Tab order), then leaves the page (None)
    and comes back to the first stop; or, with ``trap_from``, goes round the stops from that
    index on for ever. ``evaluate`` answers the walk's poll: the log since the last one."""

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

    async def evaluate(self, function: str, arg: Any, timeout_s: float) -> dict[str, Any]:
        log, self.log = self.log, []
        return {"log": log, "active": None, "frames": []}


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
