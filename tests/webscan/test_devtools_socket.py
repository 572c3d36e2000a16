"""Our own DevTools connection to a tab: commands, events, and what is said when the browser
is not there or goes away."""

from __future__ import annotations

import asyncio
import socket

import pytest

from audit.model import Viewport
from audit.webscan.browser import find_browser
from audit.webscan.devtools_socket import DevToolsError, DevToolsSocket
from audit.webscan.driver import VIEWPORTS
from audit.webscan.selenium_driver import SeleniumBrowser
from tests.webscan.crawl.server import CrawlSite


def test_nobody_listening_is_an_error_naming_the_address():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        address = f"127.0.0.1:{probe.getsockname()[1]}"
    with pytest.raises(DevToolsError, match=rf"^could not connect to the browser's DevTools at "
                                            rf"{address}: "):
        asyncio.run(DevToolsSocket.open(address, "ABC", 5))


def test_a_server_that_is_not_a_browser_is_an_error_with_its_answer():
    with CrawlSite() as site:
        address = f"127.0.0.1:{site.port}"
        with pytest.raises(DevToolsError, match=rf"^the browser at {address} did not open a "
                                                r"DevTools session on its tab: the browser "
                                                r"refused the WebSocket \(HTTP 404\)$"):
            asyncio.run(DevToolsSocket.open(address, "ABC", 5))
        assert site.requests == ["/devtools/page/ABC"]


async def talk_to_a_tab(url: str) -> tuple[object, ...]:
    """Commands and events on a Selenium tab's own target, then the browser quits."""
    tab = await (await SeleniumBrowser.launch(find_browser())).new_tab(
        VIEWPORTS[Viewport.DESKTOP])
    driver = tab._driver
    devtools = await DevToolsSocket.open(driver.capabilities["goog:chromeOptions"]
                                         ["debuggerAddress"], driver.current_window_handle, 20)
    navigated: list[str] = []
    devtools.on("Page.frameNavigated", lambda params: navigated.append(params["frame"]["url"]))
    try:
        answer = await devtools.send("Runtime.evaluate", {"expression": "6 * 7"})
        with pytest.raises(DevToolsError) as unknown:
            await devtools.send("No.such", {})
        await devtools.send("Page.enable", {})
        await tab.goto(url, 20)
        await asyncio.to_thread(driver.quit)
        with pytest.raises(DevToolsError) as gone:
            for _ in range(100):  # the connection ends a moment after the browser
                await devtools.send("Runtime.evaluate", {"expression": "1"})
                await asyncio.sleep(0.1)
        return answer["result"]["value"], str(unknown.value), navigated, str(gone.value)
    finally:
        await devtools.close()
        await tab.close()


def test_commands_and_events_on_a_tab_until_its_browser_is_gone(chromium, site):
    value, unknown, navigated, gone = asyncio.run(talk_to_a_tab(site.url("clean.html")))
    assert (value, unknown) == (42, "'No.such' wasn't found")
    assert navigated == ["about:blank", site.url("clean.html")]
    assert gone == "the browser closed the DevTools connection (the tab or browser is gone)"


def test_a_chromedriver_that_gave_no_devtools_address_is_told_so():
    """chromedriver reports its browser's DevTools address (``debuggerAddress``); where one
    did not, the error says that and what to do, not Python's complaint about a number."""
    with pytest.raises(DevToolsError, match=r"^chromedriver did not say where its browser's "
                                            r"DevTools listen \(no debuggerAddress\): use the "
                                            r"chromedriver of the browser's version$"):
        asyncio.run(DevToolsSocket.open("", "ABC", 5))
