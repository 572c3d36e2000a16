"""A call into a page that fails because the page is leaving is the page navigating away,
not a script of ours failing, in both engines.

A page that reloads itself (``<meta http-equiv=refresh content=0>``) once ended axe-core's run
with "a script failed in the page: TypeError: Cannot read properties of null (reading
'documentElement')" (a full run, once in seven): the error of the document the reload was
replacing reached us before the news of the navigation. The functions called here fail in
a page that is leaving, in the two orders that can come about, without depending on the
machine's speed: the page leaves in the task that fails (its navigation begins after the
failure), or it began to leave a task earlier and its document is held, failing, while the
browser fetches the next one.
"""

from __future__ import annotations

import asyncio
from concurrent.futures import ThreadPoolExecutor

import pytest

from audit.model import Viewport
from audit.webscan.driver import VIEWPORTS, PageFault
from audit.webscan.engines import ENGINES, launch

pytestmark = pytest.mark.browser

TORN_DOWN = "Cannot read properties of null (reading 'documentElement')"
HOLD = "const until = performance.now() + 500; while (performance.now() < until) {}"
CALLS = {
    "fails, then leaves": f"""(target) => {{
      location.replace(target);
      throw new TypeError("{TORN_DOWN}");
    }}""",
    "leaves, then fails": f"""async (target) => {{
      location.replace(target);
      await new Promise((resolve) => setTimeout(resolve, 0));  // the navigation begins
      {HOLD}  // its request goes out; the next document cannot replace this one yet
      throw new TypeError("{TORN_DOWN}");
    }}""",
    "stays, and fails": f"""(target) => {{ {HOLD}; throw new TypeError("{TORN_DOWN}"); }}""",
    "stays; its promise fails": f"""(target) => Promise.reject(new RangeError("{TORN_DOWN}"))""",
}
NAVIGATED = "the page navigated away (or reloaded itself) while it was being analysed"
EXPECTED = {
    "fails, then leaves": NAVIGATED,
    "leaves, then fails": NAVIGATED,
    "stays, and fails": f"a script failed in the page: TypeError: {TORN_DOWN}",
    "stays; its promise fails": f"a script failed in the page: RangeError: {TORN_DOWN}",
}


def faults_of_calls(engine: str, url: str, target: str) -> dict[str, str]:
    """Each call's fault, in a page opened afresh for it."""
    async def run() -> dict[str, str]:
        browser = await launch(engine)
        try:
            faults = {}
            for name, call in CALLS.items():
                tab = await browser.new_tab(VIEWPORTS[Viewport.DESKTOP])
                await tab.goto(url, 20)
                with pytest.raises(PageFault) as fault:
                    await tab.evaluate(call, target, 20)
                faults[name] = str(fault.value)
                if engine == "selenium":  # the check's own limit (2 s) was put back after it
                    faults[f"{name}: script limit"] = str(tab._driver.timeouts.script)
                await tab.close()
            return faults
        finally:
            await browser.close()
    return asyncio.run(run())


@pytest.fixture(scope="module")
def faults(chromium, site) -> dict[str, dict[str, str]]:
    with ThreadPoolExecutor(max_workers=len(ENGINES)) as pool:
        runs = {engine: pool.submit(faults_of_calls, engine, site.url("clean.html"),
                                    site.url("barriers.html")) for engine in ENGINES}
        return {engine: run.result() for engine, run in runs.items()}


@pytest.mark.parametrize("engine", ENGINES)
def test_a_call_failing_in_a_page_on_its_way_out_is_the_navigation(faults, engine):
    """...and one failing in a page that stays is the script's, named as it was thrown."""
    limits = {f"{name}: script limit": "20.0" for name in EXPECTED} if engine == "selenium" \
        else {}
    assert faults[engine] == {**EXPECTED, **limits}


LEAVES_LATE = """(target) => {
  setTimeout(() => location.replace(target), 700);
  return new Promise(() => {});  // never answers: the call's limit (1 s) is what ends it
}"""


def test_a_call_outlasted_by_a_page_leaving_late_is_the_navigation_in_selenium(site):
    """chromedriver ends a call with "script timeout" when the document is replaced under it,
    however late: a page that reloads itself for ever on a busy machine was called "stuck in
    a script" (a full run in two: the hostile self-refresh.html) when the replacement came
    after half the call's limit. A page that navigated is the navigation, whenever it
    left."""
    async def run() -> str:
        browser = await launch("selenium")
        try:
            tab = await browser.new_tab(VIEWPORTS[Viewport.DESKTOP])
            await tab.goto(site.url("clean.html"), 20)
            with pytest.raises(PageFault) as fault:
                await tab.evaluate(LEAVES_LATE, site.url("barriers.html"), 1)
            return str(fault.value)
        finally:
            await browser.close()
    assert asyncio.run(run()) == NAVIGATED
