"""The default engine: Playwright's async API driving one Chromium per scan."""

from __future__ import annotations

import asyncio
import contextlib
import re
import time
from collections.abc import Awaitable
from typing import Any

from playwright.async_api import Browser as PWBrowser
from playwright.async_api import (
    BrowserContext,
    FloatRect,
    Frame,
    Page,
    Playwright,
    Response,
    ViewportSize,
    async_playwright,
)
from playwright.async_api import Error as PWError
from playwright.async_api import TimeoutError as PWTimeout

from audit.errors import BrowserNotFound
from audit.model import Note
from audit.webscan.blocking import Refusals, url_patterns
from audit.webscan.browser import BrowserBinary, launch_flags
from audit.webscan.driver import (
    ABORTED,
    INTERFERED,
    LEAVING_GRACE_S,
    LOAD_NOTE,
    BrowserGone,
    DialogLog,
    HeldNavigation,
    Navigation,
    NavigationAborted,
    PageFault,
    ScriptFailed,
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

_CLOSE_TIMEOUT_S = 10
# A navigation not at its page this long after the page being left opened a dialog is stuck
# behind that page's dialogs (Chromium does not commit it): it is given up then, not at its
# timeout, and the scanner opens the page again in a fresh tab.
_STUCK_AFTER_S = 2.0
# Playwright turns Chromium's pop-up blocker off; a page may then open windows in a loop.
_DEFAULT_ARGS_REFUSED = ["--disable-popup-blocking"]
_EMPTY = (204, 205)


class PlaywrightBrowser:
    engine = "playwright"

    def __init__(self, playwright: Playwright, browser: PWBrowser) -> None:
        self._playwright = playwright
        self._browser = browser
        self.version = browser.version

    @classmethod
    async def launch(cls, binary: BrowserBinary,
                     extra_args: tuple[str, ...] = ()) -> PlaywrightBrowser:
        playwright = await async_playwright().start()
        try:
            browser = await playwright.chromium.launch(
                executable_path=str(binary.path),
                headless=True,
                args=launch_flags(extra_args),
                ignore_default_args=_DEFAULT_ARGS_REFUSED,
            )
        except PWError as err:
            await playwright.stop()
            first = str(err).strip().splitlines()[0]
            raise BrowserNotFound(f"could not start {binary.path}: {first}") from err
        return cls(playwright, browser)

    async def new_tab(self, viewport: ViewportSpec) -> PlaywrightTab:
        try:
            context = await self._browser.new_context(
                viewport={"width": viewport.width, "height": viewport.height},
                device_scale_factor=viewport.device_scale_factor,
                is_mobile=viewport.mobile,
                has_touch=viewport.mobile,
                user_agent=viewport.user_agent,
                reduced_motion="reduce",
                accept_downloads=False,
                ignore_https_errors=False,
                service_workers="block",  # one page's worker must not answer for the next
            )
            page = await context.new_page()
        except PWError as err:
            raise BrowserGone(f"the browser is gone: {err}") from err
        return PlaywrightTab(context, page)

    async def start_tracing(self, categories: list[str]) -> None:
        """Record a Chromium trace of these categories (bench.chrome_tasks)."""
        await self._browser.start_tracing(categories=categories)

    async def stop_tracing(self) -> bytes:
        """The trace recorded since ``start_tracing``, as Chromium's JSON."""
        return await self._browser.stop_tracing()

    async def close(self) -> None:
        with contextlib.suppress(PWError, TimeoutError):
            await asyncio.wait_for(self._browser.close(), _CLOSE_TIMEOUT_S)
        await self._playwright.stop()


class PlaywrightTab:
    def __init__(self, context: BrowserContext, page: Page) -> None:
        self._context = context
        self._page = page
        self._crashed = False
        self._dialogs = DialogLog()
        self._arrived = True  # the last navigation reached its page (False: still leaving)
        self._leavings = 0  # navigations the main frame began (their requests), counted
        self._interfering = 0  # dialogs the page being left opened during the navigation
        self._stuck = asyncio.Event()  # ... and the navigation is stuck behind them
        self._empty_answer: int | None = None  # an HTTP 204/205 to the last navigation
        self._refusals: Refusals | None = None  # what is refused (None: nothing), and counted
        self._gate: RequestGate | None = None  # the page's, once it refuses or holds anything
        self._preloaded: dict[str, tuple[str, Any]] = {}  # slot: the script, its handle
        self._watch(page)

    def _watch(self, page: Page) -> None:
        page.on("crash", self._on_crash)
        page.on("dialog", self._on_dialog)
        page.on("framenavigated", self._on_navigated)
        page.on("request", self._on_request)
        page.on("response", self._on_response)
        page.on("popup", self._on_popup)

    def _on_crash(self, _page: Page) -> None:
        self._crashed = True

    async def _on_popup(self, popup: Page) -> None:
        """Close a window the page opened (the pop-up blocker lets those of a key press by)."""
        with contextlib.suppress(PWError):
            await popup.close()

    def _on_response(self, response: Any) -> None:
        if response.status in _EMPTY and response.request.is_navigation_request() \
                and response.frame == self._page.main_frame:
            self._empty_answer = response.status

    def _on_request(self, request: Any) -> None:
        """A navigation of the main frame begins (one that a hold stops never leaves)."""
        if request.is_navigation_request() and request.frame == self._page.main_frame \
                and not (self._gate and self._gate.holding):
            self._leavings += 1

    def _on_navigated(self, frame: Any) -> None:
        if frame.parent_frame is None:
            self._arrived = True

    def _on_dialog(self, dialog: Any) -> Awaitable[None]:
        """Whose dialog it is, decided as it opens (the answer runs later, as a task): one
        that opens before the next page arrived belongs to the page being left, and is never
        noted for the next one."""
        if dialog.page is self._page and dialog.type != "beforeunload":
            if self._arrived:
                self._dialogs.add(dialog.message, dialog.type)
            else:
                self._interfering += 1
                asyncio.get_running_loop().call_later(_STUCK_AFTER_S, self._give_up, self._stuck)
        return self._answer(dialog)

    def _give_up(self, stuck: asyncio.Event) -> None:
        """Say the navigation is stuck, unless it arrived meanwhile (or is no longer this)."""
        if stuck is self._stuck and not self._arrived:
            stuck.set()

    async def _answer(self, dialog: Any) -> None:
        try:
            if dialog.type == "beforeunload":  # "leave the page?": always leave
                await dialog.accept()
            else:
                await dialog.dismiss()
        except PWError:
            pass  # the page went away with its dialog

    @property
    def blocked(self) -> int:
        return self._refusals.count if self._refusals else 0

    async def block(self, hosts: tuple[str, ...]) -> None:
        self._refusals = Refusals(hosts, lambda: self._page.url)
        await self._intercept()

    async def _intercept(self) -> None:
        """Hold the page's requests to deny-listed hosts for ``refused`` to decide, in its
        gate (``request_gate``: a route would turn the HTTP cache off)."""
        if self._refusals and self._refusals.hosts:
            gate = await self._page_gate()
            await self._gated(gate.refuse(url_patterns(self._refusals.hosts), self._refusals))

    async def _page_gate(self) -> RequestGate:
        """The page's gate, in a CDP session of its own (made when first needed)."""
        if self._gate is None:
            session = await self._gated(self._context.new_cdp_session(self._page))
            self._gate = RequestGate(session, (PWError,))
        return self._gate

    async def _gated(self, call: Awaitable[Any]) -> Any:
        try:
            return await call
        except PWError as err:
            raise BrowserGone(f"the browser is gone: {err}") from err

    async def hold(self) -> None:
        gate = await self._page_gate()
        await self._holding(gate.hold())

    async def release(self) -> list[HeldNavigation]:
        return await self._holding(self._gate.release()) if self._gate else []

    async def _holding(self, call: Awaitable[Any]) -> Any:
        """A change to the hold; a tab where it failed is not used again (TabBroken)."""
        try:
            return await call
        except PWError as err:
            fault = self._fault(err, f"could not hold the page's navigations: {err}")
            raise fault if isinstance(fault, TabBroken) else TabBroken(str(fault)) from err

    async def goto(self, url: str, timeout_s: float) -> Navigation:
        if self._dialogs.count:  # a page that opens dialogs may open one as it is left,
            await self._fresh_page()  # which stalls the next navigation: close it instead
        self._dialogs.clear()
        self._arrived, self._interfering = False, 0
        self._stuck = asyncio.Event()
        self._empty_answer = None
        if self._refusals:
            self._refusals.reset()
        started = time.monotonic()
        try:
            response = await self._navigate(url, timeout_s)
        except PWError as err:
            fault = self._navigation_fault(err, url, timeout_s)
            # a broken tab or an aborted navigation gets a whole new tab from the scanner
            if not isinstance(fault, TabBroken | NavigationAborted):
                await self._fresh_page()
            raise fault from err
        notes = await self._wait_for_load(timeout_s - (time.monotonic() - started))
        headers = await response.all_headers() if response else {}
        notes += self._dialogs.notes()
        return Navigation(
            final_url=self._page.url,
            status=response.status if response else None,
            content_type=headers.get("content-type"),
            notes=notes,
        )

    async def _navigate(self, url: str, timeout_s: float) -> Response | None:
        """``page.goto``, given up (``NavigationAborted``) once it is stuck behind the dialogs
        of the page being left: it would only end at its timeout."""
        navigation = asyncio.ensure_future(self._page.goto(
            url, wait_until="domcontentloaded", timeout=timeout_s * 1000))
        stuck = asyncio.ensure_future(self._stuck.wait())
        try:
            await asyncio.wait((navigation, stuck), return_when=asyncio.FIRST_COMPLETED)
        finally:  # given up, or this scan is cancelled (Ctrl-C): the navigation ends here
            stuck.cancel()
            if not navigation.done():
                navigation.cancel()  # Playwright aborts the call
                with contextlib.suppress(asyncio.CancelledError, PWError):
                    await navigation
        if navigation.cancelled():
            raise NavigationAborted(INTERFERED)
        return navigation.result()

    async def _fresh_page(self) -> None:
        """After a failed navigation, continue in a new page of the same context: the old
        one may still carry the failed page's late navigations (error pages, redirects)."""
        old = self._page
        try:
            self._page = await self._context.new_page()
        except PWError as err:
            raise BrowserGone("the browser closed unexpectedly") from err
        self._watch(self._page)
        self._gate = None  # the old page's
        await self._intercept()
        with contextlib.suppress(PWError, TimeoutError):
            await asyncio.wait_for(old.close(), _CLOSE_TIMEOUT_S)

    def _navigation_fault(self, err: PWError, url: str, timeout_s: float) -> PageFault:
        message = str(err)
        if self._interfering:
            return NavigationAborted(INTERFERED)
        if self._empty_answer:
            return PageFault(f"the server answered HTTP {self._empty_answer} (no content): "
                             "there is no page to scan")
        if is_aborted(message) and "Download is starting" not in message:
            return NavigationAborted(ABORTED)
        return self._fault(err, describe_net_error(message, url, timeout_s))

    async def _wait_for_load(self, remaining_s: float) -> list[Note]:
        """Wait for the load event; a page whose load never ends is still scanned, noted."""
        try:
            await self._page.wait_for_load_state("load", timeout=max(remaining_s, 1) * 1000)
        except PWTimeout:
            return [LOAD_NOTE]
        except PWError as err:
            raise self._analysis_fault(err) from err
        return []

    async def evaluate(self, function: str, arg: Any, timeout_s: float) -> Any:
        return await self._bounded(self._page.evaluate(function, arg), timeout_s)

    async def inject(self, source: str, timeout_s: float, unless: str | None = None) -> None:
        await self._inject(self._page.main_frame, source, timeout_s, unless)
        for frame in self._page.frames[1:]:
            try:
                await self._inject(frame, source, timeout_s, unless)
            except PageFault:
                pass  # a frame detached, navigated or hung; axe reports it as not tested

    async def _inject(self, frame: Frame, source: str, timeout_s: float,
                      unless: str | None) -> None:
        if unless is None or await self._bounded(frame.evaluate(unless), timeout_s) is not True:
            await self._bounded(frame.evaluate(source), timeout_s)

    async def preload(self, source: str, timeout_s: float, slot: str | None = None) -> None:
        held = self._preloaded.get(slot or source)
        if held is not None and held[0] == source:
            return
        if held is not None:
            await self._bounded(held[1].close(), timeout_s)  # removes it from the context
        # the context's: pages opened after a fault run it too
        added = await self._bounded(self._context.add_init_script(source), timeout_s)
        self._preloaded[slot or source] = (source, added)

    async def press(self, key: str, times: int, timeout_s: float) -> None:
        split_key(key)  # Playwright's key names are ours: "Shift+Tab", "Escape", "Space"
        if self._gate:
            self._gate.pressing_keys()
        for _ in range(times):
            await self._bounded(self._page.keyboard.press(key), timeout_s)

    async def set_viewport(self, width: int, height: int, timeout_s: float) -> None:
        size: ViewportSize = {"width": width, "height": height}
        await self._bounded(self._page.set_viewport_size(size), timeout_s)

    async def screenshot_region(self, x: float, y: float, width: float, height: float,
                                timeout_s: float) -> bytes:
        clip: FloatRect = {"x": x, "y": y, "width": width, "height": height}  # viewport-relative
        return await self._bounded(self._page.screenshot(clip=clip, timeout=timeout_s * 1000),
                                   timeout_s)

    async def cookies(self) -> list[dict[str, Any]]:
        return [dict(cookie) for cookie in await self._context.cookies()]

    async def add_cookies(self, cookies: list[dict[str, Any]]) -> None:
        try:
            await self._context.add_cookies(cookies)  # type: ignore[arg-type]
        except PWError as err:
            raise PageFault(f"cannot set the cookies: {str(err).splitlines()[0]}") from err

    async def set_headers(self, headers: dict[str, str]) -> None:
        await self._context.set_extra_http_headers(headers)

    async def _bounded(self, call: Any, timeout_s: float) -> Any:
        """Await a call into the page, which a page stuck in a script never answers."""
        leavings = self._leavings
        try:
            return await asyncio.wait_for(call, timeout_s)
        except TimeoutError as err:
            raise script_timeout(timeout_s) from err
        except PWError as err:
            fault = self._analysis_fault(err)
            if isinstance(fault, ScriptFailed) and await self._leaving(leavings):
                fault = navigated_away()
            raise fault from err

    async def _leaving(self, since: int) -> bool:
        """Whether the page began to leave since its navigations were ``since``, or does
        within ``LEAVING_GRACE_S``."""
        if self._leavings == since:
            await asyncio.sleep(LEAVING_GRACE_S)
        return self._leavings != since

    async def close(self) -> None:
        with contextlib.suppress(PWError, TimeoutError):
            await asyncio.wait_for(self._context.close(), _CLOSE_TIMEOUT_S)

    def _analysis_fault(self, err: PWError) -> PageFault:
        """What went wrong while the page that did open was being analysed."""
        message = str(err)
        if "Execution context was destroyed" in message or "navigat" in message:
            return navigated_away()
        error = re.search(r"\b(\w*Error: .*)", message)
        if error and "Target" not in message:
            return script_error(error.group(1))
        first = message.strip().splitlines()[0] if message.strip() else "unknown error"
        return self._fault(err, re.sub(r"^\w+\.\w+: ", "", first)[:300])

    def _fault(self, err: PWError, otherwise: str) -> PageFault:
        """A crashed or closed tab, a browser gone, or else ``otherwise``."""
        message = str(err)
        if self._crashed or "crash" in message.lower():
            return TabBroken("the browser tab crashed while loading or analysing the page")
        browser = self._context.browser
        if browser is not None and not browser.is_connected() or \
                "disconnected" in message.lower():
            return BrowserGone("the browser closed unexpectedly")
        if self._page.is_closed() or "has been closed" in message:
            return TabBroken("the page closed its own window")
        return PageFault(otherwise)
