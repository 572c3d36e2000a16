"""The second engine: Selenium WebDriver with a local chromedriver or a remote Grid.

Selenium's API blocks, so every call runs in a worker thread; each tab is its own WebDriver
session (a session has one window to drive). The same axe-core script and options as the
Playwright engine are injected, so both report the same findings. With a local chromedriver,
trackers are refused as the Playwright engine refuses them (the same gate, over a DevTools
connection of our own: ``devtools_socket``); a Grid session loads everything.
"""

from __future__ import annotations

import asyncio
import base64
import contextlib
import io
import os
import re
import signal
import time
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
from selenium.webdriver.remote.remote_connection import RemoteConnection
from urllib3.exceptions import HTTPError, ReadTimeoutError

from audit.errors import BrowserNotFound
from audit.model import Note
from audit.webscan.blocking import Refusals, url_patterns
from audit.webscan.browser import BrowserBinary, find_chromedriver, launch_flags
from audit.webscan.devtools_socket import DevToolsError, DevToolsSocket
from audit.webscan.driver import (
    ABORTED,
    LEAVING_CHECK_S,
    LEAVING_GRACE_S,
    LOAD_NOTE,
    DialogLog,
    HeldNavigation,
    Navigation,
    NavigationAborted,
    PageFault,
    ScriptTimeout,
    TabBroken,
    ViewportSpec,
    describe_net_error,
    is_aborted,
    navigated_away,
    script_error,
    script_timeout,
    split_key,
)
from audit.webscan.request_gate import RequestGate

_FRAME_DEPTH = 5
_BLANK = "about:blank"
_ERROR_PAGE = "chrome-error://"
_MAX_DIALOGS = 1000  # dialogs per page: a page that opens more (or for longer) is given up
_POLL_S = 0.1
_DIALOG_GONE = "No dialog is showing"
# How long ``quit`` may take. chromedriver that waits on a stuck renderer may never answer it;
# Selenium then waits 120 s, asks again, and waits for the driver to stop (a full run: a scan
# stood still for 10 minutes). After this a local driver is killed with its browser; a Grid is left.
QUIT_S = 15.0
# How much longer than a call's own limit chromedriver may take to answer it. It answers a
# script that outlasts the limit itself, but one waiting on a stuck renderer may answer
# nothing (a full run: 120 s, Selenium's own limit); the page is then taken for stuck.
DRIVER_GRACE_S = 15.0
# chromedriver's words for a document replaced under a command (it answers "timeout", then
# "from ..." one of these)
_LEFT = ("navigat", "detached", "no such execution context", "loader has changed")
_COOKIE_S = 30.0
_DEVTOOLS_S = 30.0  # to open the DevTools connection that holds a tab's requests
_LEFT_FOR_BLANK = "the page left itself for a blank page as soon as it opened"
_BLANK_ON_GRID = ("the browser stayed on a blank page: the address is a download, answers "
                  "with no content, or redirects to an address that is not a web page")

# Wraps a JS function source so that execute_async_script can await it. The answer says
# which document it came from (``performance.timeOrigin``: each document of a tab has its
# own), and an error is named as Playwright names it ("TypeError: ...").
_ASYNC_CALL = """const done = arguments[arguments.length - 1];
const origin = performance.timeOrigin;
new Promise((resolve) => resolve((%s)(arguments[0]))).then(
  (value) => done({origin, ok: value}),
  (error) => done({origin, error: error instanceof Error ?
    `${error.name}: ${error.message}` : String((error && error.message) || error)}));"""

_KEYS = {"Tab": Keys.TAB, "Escape": Keys.ESCAPE, "Enter": Keys.ENTER, "Space": Keys.SPACE,
         "ArrowDown": Keys.ARROW_DOWN, "ArrowUp": Keys.ARROW_UP, "ArrowLeft": Keys.ARROW_LEFT,
         "ArrowRight": Keys.ARROW_RIGHT, **{f"F{n}": getattr(Keys, f"F{n}") for n in range(1, 13)}}
_MODIFIERS = {"Shift": Keys.SHIFT, "Control": Keys.CONTROL, "Alt": Keys.ALT, "Meta": Keys.META}
_DONE = "\n;return true;"  # a script injected answers true once it ran to its end
_SCROLL = "return [window.scrollX, window.scrollY, window.devicePixelRatio]"

_PAGE_INFO = """const nav = performance.getEntriesByType('navigation')[0];
return {url: location.href, ready: document.readyState, type: document.contentType,
        status: nav && nav.responseStatus ? nav.responseStatus : null,
        origin: performance.timeOrigin};"""


_START_ERRORS = (WebDriverException, HTTPError, OSError)  # a session did not start


class SeleniumBrowser:
    engine = "selenium"

    def __init__(self, binary: BrowserBinary | None, driver_path: str | None,
                 remote_url: str | None, extra_args: tuple[str, ...]) -> None:
        self._binary = binary
        self._driver_path = driver_path
        self._remote_url = remote_url
        self._extra_args = extra_args
        self.version: str | None = binary.version if binary else None

    @classmethod
    async def launch(cls, binary: BrowserBinary | None, *, remote_url: str | None = None,
                     extra_args: tuple[str, ...] = ()) -> SeleniumBrowser:
        driver_path = None
        if remote_url is None:
            driver_path = str(await asyncio.to_thread(find_chromedriver, binary))
        return cls(binary, driver_path, remote_url, extra_args)

    async def new_tab(self, viewport: ViewportSpec) -> SeleniumTab:
        tab = await asyncio.to_thread(lambda: SeleniumTab(self._start_session(viewport),
                                                          viewport, self._remote_url is None))
        self.version = self.version or tab.browser_version
        return tab

    async def close(self) -> None:
        return None

    def _start_session(self, viewport: ViewportSpec) -> webdriver.Remote:
        """A new session. A local chromedriver that does not come up is started once more (on
        a busy machine it sometimes exits at start); a second failure is the error."""
        options = self._options(viewport)
        try:
            return self._connect(options)
        except _START_ERRORS as err:
            if self._remote_url:
                raise self._not_started(err) from err
        try:
            return self._connect(options)
        except _START_ERRORS as err:
            raise self._not_started(err) from err

    def _connect(self, options: webdriver.ChromeOptions) -> webdriver.Remote:
        if self._remote_url:
            return webdriver.Remote(command_executor=self._remote_url, options=options)
        # the driver and the browser it starts in a process group of their own, which
        # ``SeleniumTab._quit`` can kill as one when the driver stops answering
        service = Service(self._driver_path, popen_kw={"start_new_session": True})
        return webdriver.Chrome(service=service, options=options)

    def _not_started(self, err: Exception) -> BrowserNotFound:
        where = self._remote_url or self._driver_path
        reason = getattr(err, "msg", None) or str(err)
        return BrowserNotFound(f"could not start a Selenium session ({where}): "
                               f"{_first_line(reason)}")

    def _options(self, viewport: ViewportSpec) -> webdriver.ChromeOptions:
        options = webdriver.ChromeOptions()
        if self._binary:
            options.binary_location = str(self._binary.path)
        for flag in (*launch_flags(self._extra_args), "--headless=new"):
            options.add_argument(flag)
        options.unhandled_prompt_behavior = "dismiss and notify"
        # chromedriver turns Chromium's pop-up blocker off; a page may then open windows in a loop
        options.add_experimental_option("excludeSwitches", ["disable-popup-blocking"])
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
    """One WebDriver session. Every call goes through ``_call``: a JavaScript dialog the page
    opens meanwhile is dismissed, noted and the call repeated (up to ``_MAX_DIALOGS``)."""

    def __init__(self, driver: webdriver.Remote, viewport: ViewportSpec, local: bool) -> None:
        self._driver = driver
        self._viewport = viewport
        self._local = local  # a chromedriver of ours: its browser's DevTools are on this machine
        self._window = driver.current_window_handle
        self._dialogs = DialogLog(repeats_doubtful=True)  # WebDriver may report one twice
        self.browser_version: str | None = driver.capabilities.get("browserVersion")
        self._cdp = hasattr(driver, "execute_cdp_cmd")  # DevTools commands (a Grid passes them on)
        self._preloaded: dict[str, tuple[str, str]] = {}  # slot: the script, its identifier
        self._timeouts: dict[str, float] = {}  # what the session was last told: not told again
        self._refusals: Refusals | None = None  # what is refused (None: nothing), and counted
        self._devtools: DevToolsSocket | None = None  # the connection that holds requests
        self._gate: RequestGate | None = None  # ... and its gate, once one is needed
        self._page_url = _BLANK  # where the tab is, as the browser last said (Target domain)
        self._origin: float | None = None  # when the document last seen in the tab began
        if self._cdp:  # one page's service worker must not answer for the next pages
            driver.execute_cdp_cmd("Network.enable", {})
            driver.execute_cdp_cmd("Network.setBypassServiceWorker", {"bypass": True})
            # the page counts as focused whatever the browser's focus does, as Playwright has
            # it: a Tab out of the page whose next Tab came back in sometimes left the page
            # without focus, and ``:focus`` styles (focus indicators) then did not show
            driver.execute_cdp_cmd("Emulation.setFocusEmulationEnabled", {"enabled": True})

    async def goto(self, url: str, timeout_s: float) -> Navigation:
        if self._refusals:
            self._refusals.reset()
        return await asyncio.to_thread(self._goto, url, timeout_s)

    async def evaluate(self, function: str, arg: Any, timeout_s: float) -> Any:
        return await asyncio.to_thread(self._evaluate, function, arg, timeout_s)

    async def inject(self, source: str, timeout_s: float, unless: str | None = None) -> None:
        await asyncio.to_thread(self._inject, source, timeout_s, unless)

    async def preload(self, source: str, timeout_s: float, slot: str | None = None) -> None:
        """Through the DevTools protocol, where the driver speaks it (not a Grid): it reaches
        the frames of the page's own process; ``inject`` does the others."""
        held = self._preloaded.get(slot or source)
        if self._cdp and (held is None or held[0] != source):
            added = await asyncio.to_thread(self._preload, source, held and held[1], timeout_s)
            self._preloaded[slot or source] = (source, added)

    async def press(self, key: str, times: int, timeout_s: float) -> None:
        if self._gate:
            self._gate.pressing_keys()
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

    async def block(self, hosts: tuple[str, ...]) -> None:
        """Hold the tab's requests to deny-listed hosts for ``refused`` to decide, in the gate
        the Playwright engine uses, over a DevTools connection of our own to the tab (chromedriver
        passes commands on, not the events a gate needs). A Grid session's browser is on
        another machine, its DevTools out of reach: it loads everything, ``blocked`` stays 0."""
        if not self._local or not hosts:
            return
        self._refusals = Refusals(hosts, lambda: self._page_url)
        try:
            gate = await self._tab_gate()
            await gate.refuse(url_patterns(hosts), self._refusals)
        except DevToolsError as err:
            raise TabBroken(f"could not hold the tab's requests to trackers: {err}") from err

    async def hold(self) -> None:
        """Stop the page's own navigations until ``release``, as the Playwright engine does.
        A Grid session cannot (its browser's DevTools are out of reach): there a page that
        goes on by itself while it is analysed still does, as before (the analysis then fails
        as the page navigating away, or is of the page it went to, with a note)."""
        if not self._local:
            return
        try:
            await (await self._tab_gate()).hold()
        except DevToolsError as err:
            raise TabBroken(f"could not hold the page's navigations: {err}") from err

    async def release(self) -> list[HeldNavigation]:
        if self._gate is None:
            return []
        try:
            return await self._gate.release()
        except DevToolsError as err:
            raise TabBroken(f"could not hold the page's navigations: {err}") from err

    async def _tab_gate(self) -> RequestGate:
        """The tab's gate, over a DevTools connection of our own (opened when first needed)."""
        if self._gate is None:
            address = (self._driver.capabilities.get("goog:chromeOptions") or {}) \
                .get("debuggerAddress", "")
            devtools = self._devtools = await DevToolsSocket.open(address, self._window,
                                                                  _DEVTOOLS_S)
            for event in ("Target.targetCreated", "Target.targetInfoChanged"):
                devtools.on(event, self._on_target)
            # where the tab is, from the browser as it commits a navigation: ``refused`` tells
            # the site's own requests by it (a page on a deny-listed host loads its scripts)
            await devtools.send("Target.setDiscoverTargets",
                                {"discover": True, "filter": [{"type": "page"}]})
            self._gate = RequestGate(devtools, (DevToolsError,))
        return self._gate

    def _on_target(self, params: dict[str, Any]) -> None:
        info = params.get("targetInfo") or {}
        if info.get("targetId") == self._window:
            self._page_url = str(info.get("url", ""))

    @property
    def blocked(self) -> int:
        return self._refusals.count if self._refusals else 0

    async def close(self) -> None:
        try:
            if self._devtools is not None:
                await self._devtools.close()
        finally:
            await self._quit()

    async def _quit(self) -> None:
        """End the session in at most about QUIT_S; a local driver that has not answered by
        then is killed with its browser (their own process group: ``_connect``)."""
        self._answer_within(QUIT_S)  # a Grid is bounded so too
        quitting = asyncio.ensure_future(asyncio.to_thread(self._quit_quietly))
        done, _ = await asyncio.wait({quitting}, timeout=QUIT_S)
        service = getattr(self._driver, "service", None)  # a local driver's
        if not done and service is not None and service.process is not None:
            with contextlib.suppress(OSError):  # gone meanwhile
                os.killpg(service.process.pid, signal.SIGKILL)
        await quitting  # the killed driver's connection fails at once

    def _answer_within(self, seconds: float) -> None:
        """How long the next commands may wait for chromedriver's answer."""
        connection = self._driver.command_executor
        if isinstance(connection, RemoteConnection):
            connection.client_config.timeout = seconds

    def _quit_quietly(self) -> None:
        with contextlib.suppress(WebDriverException, HTTPError, OSError):
            self._driver.quit()

    def _call(self, timeout_s: float, method: Any, *args: Any) -> Any:
        deadline = time.monotonic() + timeout_s
        self._answer_within(timeout_s + DRIVER_GRACE_S)
        while True:
            try:
                return method(*args)
            except UnexpectedAlertPresentException as err:
                self._dialogs.add(err.alert_text or "")
                if time.monotonic() > deadline or self._dialogs.count > _MAX_DIALOGS:
                    raise TabBroken(f"the page kept opening JavaScript dialogs ("
                                    f"{self._dialogs.count} dismissed)") from err
            except TimeoutException as err:
                if _left_meanwhile(err.msg or ""):  # not a timeout: chromedriver's "from ..."
                    raise navigated_away() from err
                raise script_timeout(timeout_s) from err
            except WebDriverException as err:
                raise self._fault(err, _analysis_message(err)) from err
            except ReadTimeoutError as err:  # chromedriver waits on the page for ever
                raise script_timeout(timeout_s) from err
            except (HTTPError, OSError) as err:  # chromedriver itself did not answer
                raise TabBroken(f"chromedriver stopped answering: {_first_line(str(err))}") \
                    from err

    def _preload(self, source: str, replaced: str | None, timeout_s: float) -> str:
        """Add ``source`` to the scripts of every new document, ``replaced`` (an identifier
        of an earlier one) taken out: the new one's identifier."""
        cdp = self._driver.execute_cdp_cmd
        if replaced is not None:
            self._call(timeout_s, cdp, "Page.removeScriptToEvaluateOnNewDocument",
                       {"identifier": replaced})
        added = self._call(timeout_s, cdp, "Page.addScriptToEvaluateOnNewDocument",
                           {"source": source})
        return str(added["identifier"])

    def _cookies(self) -> list[dict[str, Any]]:
        driver = self._driver
        if self._cdp:  # every domain's, httpOnly included
            return self._call(_COOKIE_S, driver.execute_cdp_cmd, "Network.getAllCookies",
                              {})["cookies"]
        return self._call(_COOKIE_S, driver.get_cookies)  # a Grid: the current domain's only

    def _add_cookies(self, cookies: list[dict[str, Any]]) -> None:
        driver = self._driver
        if self._cdp:
            self._call(_COOKIE_S, driver.execute_cdp_cmd, "Network.setCookies",
                       {"cookies": cookies})
            return
        for cookie in cookies:  # WebDriver sets cookies only for the page's own domain
            url = cookie.get("url") or f"https://{cookie['domain'].lstrip('.')}/"
            self._call(_COOKIE_S, driver.get, url)
            self._call(_COOKIE_S, driver.add_cookie,
                       {k: v for k, v in cookie.items() if k != "url"})

    def _set_headers(self, headers: dict[str, str]) -> None:
        if not self._cdp:
            raise PageFault("extra HTTP headers need a local chromedriver (not --remote)")
        self._driver.execute_cdp_cmd("Network.setExtraHTTPHeaders", {"headers": headers})

    def _press(self, key: str, times: int, timeout_s: float) -> None:
        """All presses in one W3C actions request: one round trip however many keys."""
        modifiers, name = split_key(key)
        actions = ActionChains(self._driver)
        for modifier in modifiers:
            actions.key_down(_MODIFIERS[modifier])
        for _ in range(times):
            actions.send_keys(_KEYS.get(name, name))  # a letter or digit is itself
        for modifier in reversed(modifiers):
            actions.key_up(_MODIFIERS[modifier])
        self._call(timeout_s, actions.perform)
        self._close_popups(timeout_s)  # a key press lets the page open windows

    def _close_popups(self, timeout_s: float) -> None:
        """Close every window but ours (the pop-up blocker lets those of a key press by)."""
        driver = self._driver
        others = [h for h in self._call(timeout_s, lambda: driver.window_handles)
                  if h != self._window]
        for handle in others:
            with contextlib.suppress(WebDriverException):
                driver.switch_to.window(handle)
                driver.close()
        if others:
            self._call(timeout_s, driver.switch_to.window, self._window)
            if self._cdp:  # a tab left in the background stops painting (no animation frames)
                self._call(timeout_s, driver.execute_cdp_cmd, "Page.bringToFront", {})

    def _set_viewport(self, width: int, height: int, timeout_s: float) -> None:
        spec = self._viewport
        if not self._cdp:  # a driver without DevTools commands
            self._call(timeout_s, self._driver.set_window_size, width, height)
            return
        metrics = {"width": width, "height": height, "mobile": spec.mobile,
                   "deviceScaleFactor": spec.device_scale_factor}
        self._call(timeout_s, self._driver.execute_cdp_cmd, "Emulation.setDeviceMetricsOverride",
                   metrics)

    def _screenshot_region(self, x: float, y: float, width: float, height: float,
                           timeout_s: float) -> bytes:
        scroll_x, scroll_y, ratio = self._script(timeout_s, _SCROLL)
        if self._cdp:  # CDP's clip is in document coordinates
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

    def _goto(self, url: str, timeout_s: float) -> Navigation:
        deadline = time.monotonic() + timeout_s
        self._leave_previous(timeout_s)
        notes: list[Note] = []
        self._answer_within(timeout_s + DRIVER_GRACE_S)
        try:
            self._driver.get(url)
        except UnexpectedAlertPresentException as err:  # opened while loading: not a reload
            self._dialogs.add(err.alert_text or "")
        except ReadTimeoutError as err:  # chromedriver waits on the page for ever
            raise script_timeout(timeout_s) from err
        except TimeoutException:
            notes.append(LOAD_NOTE)
        except WebDriverException as err:
            # a late navigation or dialog of the page before (chromedriver then answers
            # "aborted by navigation" or "No dialog is showing"): tried in a fresh tab
            if is_aborted(err.msg or "") or _DIALOG_GONE in (err.msg or ""):
                raise NavigationAborted(ABORTED) from err
            raise self._fault(err, describe_net_error(err.msg or str(err), url, timeout_s)) \
                from err
        info = self._settled(timeout_s, deadline)
        self._origin = info["origin"]
        if info["url"].startswith(_ERROR_PAGE):
            code = self._error_code(timeout_s)
            raise PageFault(describe_net_error(code, url, timeout_s)) if code \
                else self._chromium_verdict(url, timeout_s)
        if info["url"] == _BLANK and LOAD_NOTE not in notes:
            raise self._chromium_verdict(url, timeout_s)
        if info["url"] == _BLANK or info["ready"] == "loading":
            raise PageFault(describe_net_error("Timeout", url, timeout_s))
        return Navigation(final_url=info["url"], status=info["status"],
                          content_type=info["type"], notes=notes + self._dialogs.notes())

    def _leave_previous(self, timeout_s: float) -> None:
        """Close the windows the previous page opened and leave it for a blank page (so that a
        page that never opens is told from the one before). Its dialogs are not this page's;
        a page that cannot be left costs a fresh tab, never the next page's result."""
        driver = self._driver
        self._dialogs.clear()
        try:
            self._close_popups(timeout_s)
            self._limit("pageLoad", driver.set_page_load_timeout, timeout_s)
            self._call(timeout_s, driver.get, _BLANK)
        except PageFault as fault:
            raise NavigationAborted(f"the page before could not be left: {fault}") from fault
        self._dialogs.clear()

    def _settled(self, timeout_s: float, deadline: float) -> dict[str, Any]:
        """Where the tab is and whether it is still loading, once dialogs let it finish."""
        while True:
            info = self._script(timeout_s, _PAGE_INFO)
            if info["ready"] != "loading" or time.monotonic() >= deadline:
                return info
            time.sleep(_POLL_S)

    def _chromium_verdict(self, url: str, timeout_s: float) -> PageFault:
        """Why the page did not open when the tab shows nothing to say it: a download, an empty
        answer, a redirect the browser refused, or a navigation the page before cancelled.
        Chromium's own navigation (CDP) tells; a Grid session cannot ask."""
        if not self._cdp:
            return NavigationAborted(_BLANK_ON_GRID)
        answer = self._call(timeout_s, self._driver.execute_cdp_cmd, "Page.navigate",
                            {"url": url})
        if answer.get("isDownload"):
            return PageFault(describe_net_error("Download is starting", url, timeout_s))
        error = answer.get("errorText")
        if not error:  # it opened this time: the page itself left for a blank page
            return NavigationAborted(_LEFT_FOR_BLANK)
        return NavigationAborted(ABORTED) if is_aborted(error) else \
            PageFault(describe_net_error(error, url, timeout_s))

    def _error_code(self, timeout_s: float) -> str | None:
        """The net::ERR_... code that Chromium's error page shows, if it shows one."""
        text = self._script(timeout_s, "return document.documentElement.innerText || ''")
        match = re.search(r"ERR_[A-Z_]+", text)
        return match.group(0) if match else None

    def _script(self, timeout_s: float, source: str) -> Any:
        """Run ``source``, which returns a value, in the page. chromedriver answers null when
        a dialog the page opened cut the script short: it is run again, within ``timeout_s``."""
        deadline = time.monotonic() + timeout_s
        while (answer := self._call(timeout_s, self._driver.execute_script, source)) is None:
            if time.monotonic() > deadline:
                raise TabBroken("the page kept interrupting scripts with JavaScript dialogs")
        return answer

    def _limit(self, kind: str, setter: Any, timeout_s: float) -> None:
        """Set one of the session's timeouts, unless it is already ``timeout_s``: a request to
        chromedriver saved on nearly every call into the page."""
        if self._timeouts.get(kind) != timeout_s:
            self._call(timeout_s, setter, timeout_s)
            self._timeouts[kind] = timeout_s

    def _evaluate(self, function: str, arg: Any, timeout_s: float) -> Any:
        self._limit("script", self._driver.set_script_timeout, timeout_s)
        started = time.monotonic()
        try:
            result = self._call(timeout_s, self._driver.execute_async_script,
                                _ASYNC_CALL % function, arg)
        except ScriptTimeout as timeout:
            # chromedriver says "script timeout" at once when the document is replaced, and
            # late when it waited out the limit for a page that kept navigating (one that
            # reloads itself for ever, on a busy machine): either is the navigation when the
            # document is no longer the one the last answer came from. A page stuck in a
            # script does not answer the check either (``_left``).
            early = time.monotonic() - started < timeout_s / 2
            left = self._left(self._origin) if early or self._origin is not None else None
            if left is None:
                raise
            raise left from timeout
        if not isinstance(result, dict):
            raise navigated_away()  # the page left before the script could answer
        self._origin = result["origin"]
        if "error" in result:
            raise self._left(self._origin) or script_error(result["error"])
        return result.get("ok")

    def _left(self, origin: float | None) -> PageFault | None:
        """The navigation, when the tab's document is no longer the one begun at ``origin``
        a moment (``LEAVING_GRACE_S``) after a call into it failed; or the fault that check
        met. chromedriver answers once a navigation it saw begin has ended. The session's
        script limit is put back after the check (the next page's calls count on it)."""
        time.sleep(LEAVING_GRACE_S)
        limit = self._timeouts.get("script")
        try:
            self._limit("script", self._driver.set_script_timeout, LEAVING_CHECK_S)
            now = self._script(LEAVING_CHECK_S, "return performance.timeOrigin;")
        except ScriptTimeout:
            return None  # still busy in a script: not leaving, as far as can be told
        except PageFault as fault:
            return fault
        finally:
            if limit is not None:
                with contextlib.suppress(PageFault):
                    self._limit("script", self._driver.set_script_timeout, limit)
        return navigated_away() if now != origin else None

    def _inject(self, source: str, timeout_s: float, unless: str | None) -> None:
        driver = self._driver
        self._limit("script", driver.set_script_timeout, timeout_s)
        self._call(timeout_s, driver.switch_to.default_content)
        self._inject_here(source, timeout_s, unless)
        self._inject_frames(source, timeout_s, unless, depth=1)
        self._call(timeout_s, driver.switch_to.default_content)

    def _inject_here(self, source: str, timeout_s: float, unless: str | None) -> None:
        """``source`` in the frame switched to, unless ``unless`` is true there."""
        if unless is None or self._script(timeout_s, f"return ({unless}) === true;") is not True:
            self._script(timeout_s, source + _DONE)

    def _inject_frames(self, source: str, timeout_s: float, unless: str | None,
                       depth: int) -> None:
        if depth > _FRAME_DEPTH:
            return
        frames = self._call(timeout_s, self._driver.find_elements, By.CSS_SELECTOR,
                            "iframe, frame")
        for frame in frames:
            try:
                self._call(timeout_s, self._driver.switch_to.frame, frame)
            except PageFault:
                continue  # detached meanwhile; axe reports such a frame as untested
            try:
                self._inject_here(source, timeout_s, unless)
                self._inject_frames(source, timeout_s, unless, depth + 1)
            except PageFault:
                pass
            finally:
                self._call(timeout_s, self._driver.switch_to.parent_frame)

    def _fault(self, err: WebDriverException, otherwise: str) -> PageFault:
        """A crashed or closed tab, or else ``otherwise``."""
        message = (err.msg or str(err)).lower()
        if "crash" in message or "invalid session id" in message:
            return TabBroken("the browser tab crashed while loading or analysing the page")
        if "no such window" in message or "window already closed" in message:
            return TabBroken("the page closed its own window")
        return PageFault(otherwise)


def _analysis_message(err: WebDriverException) -> str:
    """What failed while the page that did open was analysed, in the user's words."""
    message = err.msg or str(err)
    if isinstance(err, JavascriptException):
        return script_error(message.removeprefix("javascript error: ")).args[0]
    if _left_meanwhile(message):
        return navigated_away().args[0]
    first = message.strip().splitlines()[0] if message.strip() else "unknown error"
    return f"chromedriver failed in the page: {first[:300]}"


def _left_meanwhile(message: str) -> bool:
    return any(words in message for words in _LEFT)


def _first_line(text: str | None) -> str:
    return (text or "unknown error").strip().splitlines()[0]
