"""The template run and the crawl's plan go into a tab once while the plan stands still, and
again after it changed; a page whose document holds another plan (changed by another worker
since it opened) is sent the current one. Read from the real DevTools messages Playwright's
driver sends to Chromium (its protocol log) and from chromedriver's own log, pages of the
portal fixture in one tab and then a fresh one."""

from __future__ import annotations

import asyncio
import json
import re
from typing import Any

import pytest

from audit.model import Viewport
from audit.standards import DEFAULT_STANDARD, axe_tags
from audit.webscan.axe import axe_options, load_axe
from audit.webscan.browser import find_browser
from audit.webscan.driver import VIEWPORTS, PageFault, Tab
from audit.webscan.playwright_driver import PlaywrightBrowser
from audit.webscan.selenium_driver import SeleniumBrowser
from audit.webscan.templates import TemplateRegistry, run_axe_with_templates
from tests.webscan.crawl.server import CrawlSite
from tests.webscan.templates.portal import write_portal
from tests.webscan.test_selenium_driver import logging_driver

pytestmark = pytest.mark.browser

SCRIPT_MARK = "const cyrb53"  # a line of the template run (scan.js), wherever it is sent
# what a page is sent besides: navigation, Playwright's own script for each new document
# (13.6 kB), axe-core's presence asked, the run's options
SMALL = 20_000
OTHER_REGION = {"key": "elsewhere", "kind": "header", "label": "div#x", "action": "learn",
                "elements": 40}
OTHER_SAMPLE = {"violations": [], "incomplete": [], "passes": ["list"], "inapplicable": [],
                "isolated": False}


@pytest.fixture(scope="module")
def portal(chromium, tmp_path_factory):
    folder = tmp_path_factory.mktemp("portal")
    write_portal(folder)
    with CrawlSite(folder) as site:
        yield site


async def _page(tab: Tab, registry: TemplateRegistry, url: str,
                before_run: bool = False) -> dict[str, str]:
    """``url`` scanned with templates on: each region's kind and what was done with it.
    ``before_run``: another worker changes the plan after the page opened."""
    await tab.goto(url, 20)
    if before_run:
        for _ in range(2):
            registry.record("desktop", [OTHER_REGION], {"elsewhere": OTHER_SAMPLE})
    options = axe_options(axe_tags(DEFAULT_STANDARD), 5)
    raw = await run_axe_with_templates(tab, load_axe(), options, registry, "desktop", 20, 60)
    return {t["kind"]: t["action"] for t in raw["templates"]}


def _sent(log: str) -> list[tuple[str, bool, int]]:
    """The DevTools messages in Playwright's protocol log: method, whether it carries the
    template run, its length."""
    messages = [json.loads(line.split("SEND ► ", 1)[1]) for line in log.splitlines()
                if "pw:protocol SEND ► " in line]
    return [(m["method"], SCRIPT_MARK in json.dumps(m["params"]), len(json.dumps(m)))
            for m in messages]


STEPS = [("a1.html", False), ("a2.html", False), ("a3.html", False), ("a4.html", False),
         ("a5.html", True), ("a6.html", False)]


def test_the_plan_is_sent_once_a_tab_while_it_stands_still(portal, capfd, monkeypatch):
    monkeypatch.setenv("DEBUG", "pw:protocol")  # the driver logs every message to Chromium

    async def run() -> list[tuple[dict[str, str], list[tuple[str, bool, int]]]]:
        browser = await PlaywrightBrowser.launch(find_browser())
        registry, steps = TemplateRegistry(), []
        try:
            for pages in (STEPS, STEPS[:2]):  # the second tab: a new one, as every TAB_PAGES
                tab = await browser.new_tab(VIEWPORTS[Viewport.DESKTOP])
                capfd.readouterr()
                for name, changed in pages:
                    actions = await _page(tab, registry, portal.url(f"/{name}"), changed)
                    steps.append((actions, _sent(capfd.readouterr().err)))
                await tab.close()
        finally:
            await browser.close()
        return steps

    steps = asyncio.run(run())
    carrying = [[method for method, script, _ in sent if script] for _, sent in steps]
    add, call = "Page.addScriptToEvaluateOnNewDocument", "Runtime.callFunctionOn"
    remove = "Page.removeScriptToEvaluateOnNewDocument"
    assert carrying == [
        [call, add],  # the first page: sent with it (nothing known yet), then into the tab
        [add],  # its regions confirmed: the new plan into the tab (the old one taken out)
        [], [],  # the plan stands still: nothing
        [call, add],  # changed while the page was open: sent with it, then into the tab
        [],
        [call, add],  # a fresh tab: its first page, then into the tab
        [],
    ]
    assert [sum(method == remove for method, _, _ in sent) for _, sent in steps] == [
        0, 1, 0, 0, 1, 0, 0, 0]
    # a page that was sent neither replayed what the plan in its tab held
    assert steps[2][0]["header"] == steps[7][0]["header"] == "reuse"
    assert all(sum(size for _, _, size in sent) < SMALL for _, sent in (steps[3], steps[5]))


def test_selenium_keeps_the_plan_in_its_tab_too(portal, tmp_path):
    driver, log = logging_driver(tmp_path)

    async def run() -> list[dict[str, str]]:
        browser = SeleniumBrowser(find_browser(), str(driver), None, ())
        tab = await browser.new_tab(VIEWPORTS[Viewport.DESKTOP])
        registry = TemplateRegistry()
        try:
            return [await _page(tab, registry, portal.url(f"/{name}"), changed)
                    for name, changed in STEPS]
        finally:
            await tab.close()
            await browser.close()

    steps = asyncio.run(run())
    assert [actions["header"] for actions in steps] == [
        "learn", "learn", "reuse", "reuse", "reuse", "reuse"]
    # chromedriver's commands: a navigation (two: the blank page first), a script run in the
    # page (+ the template run), a script added to (+) or taken out of (-) every new document
    tokens = []
    for name, cmd in re.findall(r"COMMAND (\w+) \{\n(?:\s*\"cmd\": \"Page\.(\w+)Script)?",
                                log.read_text(encoding="utf-8")):
        token = {"Navigate": "|", "ExecuteAsyncScript": "A", "add": "+", "remove": "-"}.get(
            cmd or name, "")
        if not (token == "|" and tokens and tokens[-1] == "|"):
            tokens.append(token)
    # axe-core preloaded on the first page (+), then as with Playwright: the first page and
    # the page whose plan changed while it was open asked twice (AA), the plan into the tab
    # after the first page, replaced after the second and the fifth
    assert "".join(tokens) == "|+AA+|A-+|A|A|AA-+|A"


class ForgingTab:
    """A page that answers the template run with a replayed finding of a region the plan
    does not hold (what a page that replaced JavaScript's built-ins could send)."""

    async def inject(self, source: str, timeout_s: float, unless: str | None = None) -> None:
        return None

    async def preload(self, source: str, timeout_s: float, slot: str | None = None) -> None:
        return None

    async def evaluate(self, function: str, arg: Any, timeout_s: float) -> Any:
        node = {"replayed": ["not-a-region", 0], "target": ["img"], "html": "<img>"}
        return json.dumps({
            "url": "http://a/", "title": "T", "testEngine": {"version": load_axe().version},
            "violations": [{"id": "image-alt", "impact": "critical", "nodes": [node]}],
            "incomplete": [], "passes": [], "inapplicable": [], "templates": [],
            "template_samples": {}})


def test_a_replayed_finding_the_plan_does_not_hold_is_refused():
    options = axe_options(axe_tags(DEFAULT_STANDARD), 5)
    with pytest.raises(PageFault) as fault:
        asyncio.run(run_axe_with_templates(ForgingTab(), load_axe(), options,  # type: ignore[arg-type]
                                           TemplateRegistry(), "desktop", 5, 5))
    assert str(fault.value) == ("the page interfered with axe-core: the findings it replayed "
                                "are not ours")
