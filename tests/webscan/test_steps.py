"""Scripted login steps in a real browser: what a step says when the tab breaks under it."""

from __future__ import annotations

import asyncio

import pytest

from audit.errors import ScanFailed
from audit.model import Viewport
from audit.webscan.driver import VIEWPORTS
from audit.webscan.engines import launch
from audit.webscan.steps import Step, log_in

ENGINES = ("playwright", "selenium")
# A tiny JS heap makes the renderer of crash-later.html die of out-of-memory: a real crash.
SMALL_HEAP = ("--js-flags=--max-old-space-size=24",)
STEP_LIMIT_S = 20  # the step would wait this long for its selector; the crash ends it sooner


def wait_while_the_tab_crashes(engine: str, url: str) -> ScanFailed:
    """A ``wait_for`` step waiting on a selector that never appears in a page whose renderer
    dies a moment after its load: the error the login gives."""
    async def run() -> ScanFailed:
        browser = await launch(engine, extra_args=SMALL_HEAP)
        try:
            tab = await browser.new_tab(VIEWPORTS[Viewport.DESKTOP])
            try:
                steps = (Step(goto=url), Step(wait_for="#never"))
                with pytest.raises(ScanFailed) as err:
                    await log_in(tab, steps, {}, url, STEP_LIMIT_S)
                return err.value
            finally:
                await tab.close()
        finally:
            await browser.close()
    return asyncio.run(run())


@pytest.mark.parametrize("engine", ENGINES)
def test_a_step_waiting_in_a_tab_that_crashes_says_the_tab_crashed(site, engine):
    # not "waited 20 s for '#never' to appear": the tab is broken, asking again is useless
    err = wait_while_the_tab_crashes(engine, site.url("crash-later.html"))
    assert str(err) == ("login step 2 (wait_for #never) failed: the browser tab crashed "
                        "while loading or analysing the page")
