"""axe-core sent once per tab, then loaded into each page before its own scripts, and kept
from the page: real Chromium through our Playwright driver, a real HTTP server."""

from __future__ import annotations

import asyncio
import re
from typing import Any

import pytest

from audit.model import Viewport
from audit.webscan.axe import AxeScript, axe_options, default_axe_path, load_axe, run_axe
from audit.webscan.browser import find_browser
from audit.webscan.driver import VIEWPORTS, PageFault
from audit.webscan.playwright_driver import PlaywrightBrowser
from tests.support.site import FixtureSite
from tests.webscan.conftest import PAGES

pytestmark = pytest.mark.browser

INTERFERED = ("the page interfered with axe-core: the results are not those of axe-core "
              "4.12.1 (the page may define its own `axe` or replace JavaScript's own "
              "functions)")
# in the page: how often axe-core's script ran before the page's first script, in all, and
# in the page's same-origin frame; whether the page's own `axe` is still its own
_SEEN = """() => [window.loadsBefore, window.__axeLoads,
  document.querySelector('iframe')?.contentWindow.__axeLoads ?? null,
  window.axe?.mine === true]"""


@pytest.fixture(scope="module")
def counting_axe(tmp_path_factory) -> AxeScript:
    """The bundled axe-core with a counter of the times its script ran in a document."""
    copy = tmp_path_factory.mktemp("axe") / "axe.min.js"
    source = default_axe_path().read_text(encoding="utf-8")
    copy.write_text(source + "\n;window.__axeLoads = (window.__axeLoads || 0) + 1;\n",
                    encoding="utf-8")
    return load_axe(copy)


@pytest.fixture(scope="module")
def kept_site(chromium):
    with FixtureSite(PAGES) as running:
        yield running


def scans_in_one_browser(runs: dict[str, tuple[list[str], AxeScript]]
                         ) -> dict[str, list[tuple[Any, list[Any]]]]:
    """Each run's pages in turn in a tab of its own (the runs one after another, in one
    browser): each page's violated rules (or its error) and ``_SEEN``."""
    async def run() -> dict[str, list[tuple[Any, list[Any]]]]:
        browser = await PlaywrightBrowser.launch(find_browser())
        try:
            return {name: await scan_in_one_tab(browser, urls, axe)
                    for name, (urls, axe) in runs.items()}
        finally:
            await browser.close()
    return asyncio.run(run())


async def scan_in_one_tab(browser: PlaywrightBrowser, urls: list[str],
                          axe: AxeScript) -> list[tuple[Any, list[Any]]]:
    tab = await browser.new_tab(VIEWPORTS[Viewport.DESKTOP])
    try:
        return [await scan_one(tab, url, axe) for url in urls]
    finally:
        await tab.close()


@pytest.fixture(scope="module")
def scanned(kept_site, counting_axe) -> dict[str, list[tuple[Any, list[Any]]]]:
    """The pages of each test below, each test's in a fresh tab of one browser (a launch
    costs more than these scans)."""
    own, fixed = kept_site.url("kept/own-axe.html"), kept_site.url("kept/fixed-axe.html")
    return scans_in_one_browser({
        "counted": ([kept_site.url(f"kept/counted.html?n={n}") for n in range(4)], counting_axe),
        "own": ([own, own], load_axe()), "fixed": ([fixed, fixed], load_axe())})


async def scan_one(tab: Any, url: str, axe: AxeScript) -> tuple[Any, list[Any]]:
    await tab.goto(url, 20)
    try:
        raw = await run_axe(tab, axe, axe_options(["wcag2a", "wcag2aa"], 5), 20, 60)
        outcome: Any = sorted(rule["id"] for rule in raw["violations"])
    except PageFault as fault:
        outcome = str(fault)
    return outcome, await tab.evaluate(_SEEN, None, 20)


def test_axe_core_is_sent_once_a_tab_then_loaded_before_each_page(scanned):
    assert [outcome for outcome, _ in scanned["counted"]] == [["image-alt"]] * 4
    # the first page got it injected after its scripts (and its frame too); from the second
    # on, it was there before the page's first script, and never loaded twice in a document
    assert [seen for _, seen in scanned["counted"]] == [[0, 1, 1, False]] + [[1, 1, 1, False]] * 3


def test_a_page_with_its_own_axe_is_scanned_by_ours_and_keeps_its_own(scanned):
    """The page's `axe` answers with a clean result of the right version: never asked."""
    assert [outcome for outcome, _ in scanned["own"]] == [["image-alt"], ["image-alt"]]
    assert [seen[3] for _, seen in scanned["own"]] == [True, True]


def test_a_fixed_axe_met_by_injection_is_refused_and_never_run(scanned):
    """A getter and setter for `axe` that cannot be removed, met by axe-core injected after
    the page's scripts (the tab's first page): nothing of ours is handed to its setter, and
    the run finds no axe-core of ours: refused. Loaded before the page's scripts (the second
    time), ours is kept from it and scans the page."""
    assert [outcome for outcome, _ in scanned["fixed"]] == [INTERFERED, ["image-alt"]]


def test_each_axe_script_loaded_has_a_handle_and_secret_of_its_own(counting_axe):
    bundled = load_axe()
    assert re.fullmatch(r"__axe_[0-9a-f]{16}", bundled.handle)
    assert re.fullmatch(r"[0-9a-f]{32}", bundled.secret)
    assert (bundled.handle, bundled.secret) != (counting_axe.handle, counting_axe.secret)
    assert bundled.secret not in repr(bundled)
