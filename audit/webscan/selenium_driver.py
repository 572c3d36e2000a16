"""The second engine: Selenium WebDriver with a local chromedriver or a remote Grid.

Selenium's API blocks, so every call runs in a worker thread; each tab is its own WebDriver
session (a session has one window to drive). The same axe-core script and options as the
Playwright engine are injected, so both report the same findings.
"""

from __future__ import annotations

import asyncio
import base64
import contextlib
import io
import re
from typing import Any

from PIL import Image
from selenium import webdriver
from selenium.common.exceptions import (
    JavascriptException,
    TimeoutException,
    UnexpectedAlertPresentException,
    WebDriverException,
)
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.action_chains import ActionChains
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from urllib3.exceptions import HTTPError

from audit.errors import BrowserNotFound
from audit.webscan.browser import BrowserBinary, find_chromedriver, launch_flags
from audit.webscan.driver import (
    Navigation,
    PageFault,
    TabBroken,
    ViewportSpec,
    describe_net_error,
    dialog_note,
    script_error,
    script_timeout,
    split_key,
)

_FRAME_DEPTH = 5
_BLANK = "about:blank"
_ERROR_PAGE = "chrome-error://"

# Wraps a JS function source so that execute_async_script can await it.
_ASYNC_CALL = """const done = arguments[arguments.length - 1];
Promise.resolve((%s)(arguments[0])).then(
  (value) => done({ok: value}),
  (error) => done({error: String((error && error.message) || error)}));"""

_KEYS = {"Tab": Keys.TAB, "Escape": Keys.ESCAPE, "Enter": Keys.ENTER, "Space": Keys.SPACE,
         "ArrowDown": Keys.ARROW_DOWN, "ArrowUp": Keys.ARROW_UP, "ArrowLeft": Keys.ARROW_LEFT,
         "ArrowRight": Keys.ARROW_RIGHT}
_MODIFIERS = {"Shift": Keys.SHIFT, "Control": Keys.CONTROL, "Alt": Keys.ALT, "Meta": Keys.META}
_SCROLL = "return [window.scrollX, window.scrollY, window.devicePixelRatio]"

_PAGE_INFO = """const nav = performance.getEntriesByType('navigation')[0];
return {url: location.href, ready: document.readyState, type: document.contentType,
        status: nav && nav.responseStatus ? nav.responseStatus : null};"""


class SeleniumBrowser:
    engine = "selenium"

    def __init__(self, binary: BrowserBinary | None, driver_path: str | None,
                 remote_url: str | None, extra_args: tuple[str, ...]) -> None:
        self._binary = binary
        self._driver_path = driver_path
        self._remote_url = remote_url
        self._extra_args = extra_args
        self.version = binary.version if binary else None

    @classmethod
    async def launch(cls, binary: BrowserBinary | None, *, remote_url: str | None = None,
                     extra_args: tuple[str, ...] = ()) -> SeleniumBrowser:
        driver_path = None
        if remote_url is None:
            driver_path = str(await asyncio.to_thread(find_chromedriver, binary))
        return cls(binary, driver_path, remote_url, extra_args)

    async def new_tab(self, viewport: ViewportSpec) -> SeleniumTab:
        driver = await asyncio.to_thread(self._start_session, viewport)
        self.version = self.version or driver.capabilities.get("browserVersion")
        return SeleniumTab(driver, viewport)

    async def close(self) -> None:
        return None

    def _start_session(self, viewport: ViewportSpec) -> webdriver.Remote:
        options = self._options(viewport)
        try:
            if self._remote_url:
                return webdriver.Remote(command_executor=self._remote_url, options=options)
            return webdriver.Chrome(service=Service(self._driver_path), options=options)
        except (WebDriverException, HTTPError, OSError) as err:
            where = self._remote_url or self._driver_path
            reason = getattr(err, "msg", None) or str(err)
            raise BrowserNotFound(f"could not start a Selenium session ({where}): "
                                  f"{_first_line(reason)}") from err

    def _options(self, viewport: ViewportSpec) -> webdriver.ChromeOptions:
        options = webdriver.ChromeOptions()
        if self._binary:
            options.binary_location = str(self._binary.path)
        for flag in (*launch_flags(), "--headless=new", *self._extra_args):
            options.add_argument(flag)
        options.unhandled_prompt_behavior = "dismiss and notify"
        options.add_experimental_option("prefs", {"download_restrictions": 3})
        metrics = {"width": viewport.width, "height": viewport.height,
                   "pixelRatio": viewport.device_scale_factor,
                   "mobile": viewport.mobile, "touch": viewport.mobile}
        emulation: dict[str, Any] = {"deviceMetrics": metrics}
        if viewport.user_agent:
            emulation["userAgent"] = viewport.user_agent
        options.add_experimental_option("mobileEmulation", emulation)
        return options


class SeleniumTab:
    def __init__(self, driver: webdriver.Remote, viewport: ViewportSpec) -> None:
        self._driver = driver
        self._viewport = viewport

    async def goto(self, url: str, timeout_s: float) -> Navigation:
        return await asyncio.to_thread(self._goto, url, timeout_s)

    async def evaluate(self, function: str, arg: Any, timeout_s: float) -> Any:
        return await asyncio.to_thread(self._evaluate, function, arg, timeout_s)

    async def inject(self, source: str, timeout_s: float) -> None:
        await asyncio.to_thread(self._inject, source, timeout_s)

    async def press(self, key: str, times: int, timeout_s: float) -> None:
        await asyncio.to_thread(self._press, key, times, timeout_s)

    async def set_viewport(self, width: int, height: int, timeout_s: float) -> None:
        await asyncio.to_thread(self._set_viewport, width, height, timeout_s)

    async def screenshot_region(self, x: float, y: float, width: float, height: float,
                                timeout_s: float) -> bytes:
        return await asyncio.to_thread(self._screenshot_region, x, y, width, height,
                                       timeout_s)

    async def cookies(self) -> list[dict[str, Any]]:
        return await asyncio.to_thread(self._cookies)

    async def add_cookies(self, cookies: list[dict[str, Any]]) -> None:
        await asyncio.to_thread(self._add_cookies, cookies)

    async def set_headers(self, headers: dict[str, str]) -> None:
        await asyncio.to_thread(self._set_headers, headers)

    async def close(self) -> None:
        with contextlib.suppress(WebDriverException):
            await asyncio.to_thread(self._driver.quit)

    def _cookies(self) -> list[dict[str, Any]]:
        if hasattr(self._driver, "execute_cdp_cmd"):  # every domain's, httpOnly included
            return self._driver.execute_cdp_cmd("Network.getAllCookies", {})["cookies"]
        return self._driver.get_cookies()  # a Grid session: the current domain's only

    def _add_cookies(self, cookies: list[dict[str, Any]]) -> None:
        if hasattr(self._driver, "execute_cdp_cmd"):
            self._driver.execute_cdp_cmd("Network.setCookies", {"cookies": cookies})
            return
        for cookie in cookies:  # WebDriver sets cookies only for the page's own domain
            url = cookie.get("url") or f"https://{cookie['domain'].lstrip('.')}/"
            self._driver.get(url)
            self._driver.add_cookie({k: v for k, v in cookie.items() if k != "url"})

    def _set_headers(self, headers: dict[str, str]) -> None:
        if not hasattr(self._driver, "execute_cdp_cmd"):
            raise PageFault("extra HTTP headers need a local chromedriver (not --remote)")
        self._driver.execute_cdp_cmd("Network.enable", {})
        self._driver.execute_cdp_cmd("Network.setExtraHTTPHeaders", {"headers": headers})

    def _press(self, key: str, times: int, timeout_s: float) -> None:
        """All presses in one W3C actions request: one round trip however many keys."""
        modifiers, name = split_key(key)
        actions = ActionChains(self._driver)
        for modifier in modifiers:
            actions.key_down(_MODIFIERS[modifier])
        for _ in range(times):
            actions.send_keys(_KEYS[name])
        for modifier in reversed(modifiers):
            actions.key_up(_MODIFIERS[modifier])
        self._call(timeout_s, actions.perform)

    def _set_viewport(self, width: int, height: int, timeout_s: float) -> None:
        spec = self._viewport
        if not hasattr(self._driver, "execute_cdp_cmd"):  # a Grid session: no CDP
            self._call(timeout_s, self._driver.set_window_size, width, height)
            return
        metrics = {"width": width, "height": height, "mobile": spec.mobile,
                   "deviceScaleFactor": spec.device_scale_factor}
        self._call(timeout_s, self._driver.execute_cdp_cmd, "Emulation.setDeviceMetricsOverride",
                   metrics)

    def _screenshot_region(self, x: float, y: float, width: float, height: float,
                           timeout_s: float) -> bytes:
        scroll_x, scroll_y, ratio = self._call(timeout_s, self._driver.execute_script, _SCROLL)
        if hasattr(self._driver, "execute_cdp_cmd"):  # CDP's clip is in document coordinates
            clip = {"x": x + scroll_x, "y": y + scroll_y, "width": width, "height": height,
                    "scale": 1}
            shot = self._call(timeout_s, self._driver.execute_cdp_cmd, "Page.captureScreenshot",
                              {"format": "png", "clip": clip})
            return base64.b64decode(shot["data"])
        png = self._call(timeout_s, self._driver.get_screenshot_as_png)
        whole = Image.open(io.BytesIO(png))
        box = tuple(round(v * ratio) for v in (x, y, x + width, y + height))
        out = io.BytesIO()
        whole.crop(box).save(out, format="PNG")
        return out.getvalue()

    def _call(self, timeout_s: float, method: Any, *args: Any) -> Any:
        try:
            return method(*args)
        except TimeoutException as err:
            raise script_timeout(timeout_s) from err
        except WebDriverException as err:
            raise _fault(err, self._driver.current_url, timeout_s) from err

    def _goto(self, url: str, timeout_s: float) -> Navigation:
        driver, notes = self._driver, []
        try:
            driver.get(_BLANK)  # so that a page that never opens is told from the one before
            driver.set_page_load_timeout(timeout_s)
            driver.get(url)
        except UnexpectedAlertPresentException as err:
            notes.append(dialog_note(err.alert_text or ""))
        except TimeoutException:
            notes.append("the load event did not fire in time; the page was scanned as it was")
        except WebDriverException as err:
            raise _fault(err, url, timeout_s) from err
        info = self._page_info(url, timeout_s, notes)
        if info["url"].startswith(_ERROR_PAGE):
            raise PageFault(describe_net_error(self._error_code(), url, timeout_s))
        if info["url"] == _BLANK or info["ready"] == "loading":
            if info["url"] == _BLANK and not notes:
                raise PageFault(describe_net_error("Download is starting", url, timeout_s))
            raise PageFault(describe_net_error("Timeout", url, timeout_s))
        return Navigation(final_url=info["url"], status=info["status"],
                          content_type=info["type"], notes=notes)

    def _page_info(self, url: str, timeout_s: float, notes: list[str]) -> dict[str, Any]:
        for _ in range(5):  # each try may first dismiss a dialog the page opened
            try:
                return self._driver.execute_script(_PAGE_INFO)
            except UnexpectedAlertPresentException as err:
                notes.append(dialog_note(err.alert_text or ""))
            except WebDriverException as err:
                raise _fault(err, url, timeout_s) from err
        raise PageFault("the page keeps opening JavaScript dialogs")

    def _error_code(self) -> str:
        """The net::ERR_... code that Chromium's error page shows."""
        text = self._driver.execute_script("return document.documentElement.innerText") or ""
        match = re.search(r"ERR_[A-Z_]+", text)
        return match.group(0) if match else "the browser could not open the page"

    def _evaluate(self, function: str, arg: Any, timeout_s: float) -> Any:
        self._driver.set_script_timeout(timeout_s)
        try:
            result = self._driver.execute_async_script(_ASYNC_CALL % function, arg)
        except TimeoutException as err:
            raise script_timeout(timeout_s) from err
        except WebDriverException as err:
            raise _fault(err, self._driver.current_url, timeout_s) from err
        if "error" in result:
            raise script_error(result["error"])
        return result["ok"]

    def _inject(self, source: str, timeout_s: float) -> None:
        driver = self._driver
        driver.set_script_timeout(timeout_s)
        driver.switch_to.default_content()
        try:
            driver.execute_script(source)
        except TimeoutException as err:
            raise script_timeout(timeout_s) from err
        except WebDriverException as err:
            raise _fault(err, driver.current_url, 0) from err
        self._inject_frames(source, depth=1)
        driver.switch_to.default_content()

    def _inject_frames(self, source: str, depth: int) -> None:
        if depth > _FRAME_DEPTH:
            return
        for frame in self._driver.find_elements(By.CSS_SELECTOR, "iframe, frame"):
            try:
                self._driver.switch_to.frame(frame)
            except WebDriverException:
                continue  # detached meanwhile; axe reports such a frame as untested
            try:
                self._driver.execute_script(source)
                self._inject_frames(source, depth + 1)
            except JavascriptException:
                pass
            finally:
                self._driver.switch_to.parent_frame()


def _fault(err: WebDriverException, url: str, timeout_s: float) -> PageFault:
    message = err.msg or str(err)
    if "crash" in message.lower() or "invalid session id" in message.lower():
        return TabBroken("the browser tab crashed while loading or analysing the page")
    return PageFault(describe_net_error(message, url, timeout_s))


def _first_line(text: str | None) -> str:
    return (text or "unknown error").strip().splitlines()[0]
