"""Refusing chosen requests of a tab without turning the browser's HTTP cache off.

A Playwright route (``context.route``) turns the browser's HTTP cache off for the whole
context (Playwright sends ``Network.setCacheDisabled`` once any route exists), and every page
of a crawl would fetch the site's shared stylesheets, scripts and fonts again. This gate holds
only the requests whose URLs match its patterns (CDP ``Fetch.enable`` in a DevTools session
of the tab's own) and asks ``refuses(url, resource_type)`` whether to fail each
(``net::ERR_BLOCKED_BY_CLIENT``) or let it go on; the cache stays on. The session is
Playwright's CDP session (``playwright_driver``) or a DevTools connection of our own to a tab
that chromedriver drives (``devtools_socket``, ``selenium_driver``): both engines refuse the
same requests.

Frames of other sites run in processes of their own, each a target with its own requests:
the gate attaches to each such frame as it starts (``Target.setAutoAttach``, the frame
waiting until the gate has set it up) and holds its requests too, and those of the frames
inside it. Playwright's CDP sessions do not carry flattened child sessions, so a frame is
reached through its parent's session (``Target.sendMessageToTarget``), the same way on both.
A dedicated worker's requests are its page's (or frame's), held there; but Chromium holds a
new worker too while a gate waits for new frames, so the gate attaches to workers as well,
only to let them start (with Playwright, Playwright's own session did; chromedriver does not).

The same gate holds the page's own navigations while the page is analysed (``hold`` to
``release``): every request for a document of the tab's main frame is paused and failed as
``Aborted``, which leaves the page as it is (``BlockedByClient`` would commit an error page in
its place), and its address is kept for the page's notes. Documents of frames go on (a frame
that loads is not the page leaving), and so do the refused requests' patterns: the hold only
adds one pattern to them and takes it away again.
"""

from __future__ import annotations

import asyncio
import contextlib
import functools
import itertools
import json
from collections.abc import Callable
from typing import Any, Protocol

from audit.webscan.cdp_replies import Replies
from audit.webscan.driver import HeldNavigation

Refuses = Callable[[str, str], bool]  # (url, resource type in Playwright's words) -> refuse?
_EVENTS = ("Fetch.requestPaused", "Target.attachedToTarget", "Target.receivedMessageFromTarget",
           "Target.detachedFromTarget")
_DOCUMENTS = {"urlPattern": "*", "resourceType": "Document"}  # what a hold pauses
_FRAMES_AND_WORKERS = {"autoAttach": True, "waitForDebuggerOnStart": True, "flatten": False,
                       "filter": [{"type": "iframe"}, {"type": "worker"}]}


class FrameFailed(Exception):
    """A command to a frame failed, or the frame went away."""


class _Target(Protocol):
    async def send(self, method: str, params: dict[str, Any]) -> Any: ...


class Session(_Target, Protocol):
    """A DevTools session of a tab: commands, and events to ``handler(params)``."""

    def on(self, event: str, handler: Callable[[dict[str, Any]], Any]) -> None: ...


class _Frame:
    """A frame in a process of its own, reached through its parent target."""

    def __init__(self, parent: _Target, session_id: str, ids: itertools.count[int]) -> None:
        self.parent = parent
        self.session_id = session_id
        self.replies = Replies(FrameFailed, ids)

    async def send(self, method: str, params: dict[str, Any]) -> Any:
        with self.replies.awaited() as (number, answer):
            message = json.dumps({"id": number, "method": method, "params": params})
            await self.parent.send("Target.sendMessageToTarget",
                                   {"sessionId": self.session_id, "message": message})
            return await answer


class RequestGate:
    """The requests of one page (and its frames in other processes) that match the patterns
    given to ``refuse`` (CDP wildcards), refused or let go by its ``refuses``; and, from
    ``hold`` to ``release``, the page's own navigations. ``errors`` are what the session raises
    when a command fails or the tab went away meanwhile (the request then goes with it)."""

    def __init__(self, session: Session, errors: tuple[type[Exception], ...]) -> None:
        self._session = session
        self._errors: tuple[type[Exception], ...] = (FrameFailed, *errors)
        self._patterns: list[dict[str, str]] = []
        self._refuses: Refuses = _nothing
        self._frames: dict[str, _Frame] = {}
        self._ids = itertools.count(1)
        self._tasks: set[asyncio.Task[None]] = set()
        self._main_frame: str | None = None  # the tab's main frame (its id never changes)
        self.holding = False
        self._keys = False  # keys were pressed in the page since the hold began
        self._held: list[HeldNavigation] = []
        for name in _EVENTS:
            session.on(name, functools.partial(self._on, session, name))

    async def refuse(self, patterns: list[str], refuses: Refuses) -> None:
        """From now on hold the requests matching ``patterns``, in the page and its frames,
        for ``refuses`` to decide."""
        self._patterns = [{"urlPattern": pattern} for pattern in patterns]
        self._refuses = refuses
        await self._set_up(self._session)

    async def hold(self) -> None:
        """Stop the page's own navigations from now on, until ``release``."""
        if self._main_frame is None:
            tree = await self._session.send("Page.getFrameTree", {})
            self._main_frame = str(tree["frameTree"]["frame"]["id"])
        self.holding, self._keys, self._held = True, False, []
        await self._enable(self._session)

    def pressing_keys(self) -> None:
        """Keys are pressed in the page: navigations held from now on may answer them."""
        self._keys = self.holding

    async def release(self) -> list[HeldNavigation]:
        """Let the page navigate again; the navigations held since ``hold``, in order."""
        if not self.holding:
            return []
        self.holding = False
        await self._enable(self._session)
        held, self._held = self._held, []
        return held

    async def _set_up(self, target: _Target) -> None:
        await self._enable(target)
        await target.send("Target.setAutoAttach", _FRAMES_AND_WORKERS)

    async def _enable(self, target: _Target) -> None:
        """The target's patterns now: the refused ones, and the page's documents while held
        (the top target only: a frame's documents are not the page's navigations)."""
        patterns = [*self._patterns, *([_DOCUMENTS] if self.holding and target is
                                       self._session else [])]
        if patterns:
            await target.send("Fetch.enable", {"patterns": patterns})
        else:
            await target.send("Fetch.disable", {})

    def _on(self, target: _Target, name: str, params: dict[str, Any]) -> None:
        if name == "Fetch.requestPaused":
            if self._the_pages_own(target, params):
                self._held.append(HeldNavigation(params["request"]["url"], self._keys))
                self._spawn(self._fail(target, params["requestId"], "Aborted"))
            else:
                self._spawn(self._decide(target, params))
        elif name == "Target.attachedToTarget":
            frame = _Frame(target, params["sessionId"], self._ids)
            self._frames[frame.session_id] = frame
            worker = params.get("targetInfo", {}).get("type") == "worker"
            self._spawn(self._attach(frame, hold=not worker))
        elif name == "Target.receivedMessageFromTarget":
            self._received(params["sessionId"], json.loads(params["message"]))
        elif name == "Target.detachedFromTarget" and params["sessionId"] in self._frames:
            self._frames.pop(params["sessionId"]).replies.fail_all("the frame is gone")

    def _the_pages_own(self, target: _Target, paused: dict[str, Any]) -> bool:
        """Whether a paused request is a navigation of the page's main frame, held."""
        return self.holding and target is self._session \
            and paused.get("resourceType") == "Document" \
            and paused.get("frameId") == self._main_frame

    def _received(self, session_id: str, message: dict[str, Any]) -> None:
        frame = self._frames.get(session_id)
        if frame is None:
            return
        if "id" in message:
            frame.replies.answer(message)
        else:
            self._on(frame, message["method"], message.get("params") or {})

    async def _attach(self, frame: _Frame, hold: bool) -> None:
        """Hold the new frame's requests too (``hold``), then let it start."""
        if hold:
            with contextlib.suppress(*self._errors):
                await self._set_up(frame)
        with contextlib.suppress(*self._errors):
            await frame.send("Runtime.runIfWaitingForDebugger", {})

    async def _decide(self, target: _Target, paused: dict[str, Any]) -> None:
        kind = str(paused.get("resourceType", "")).lower()  # CDP's "XHR": Playwright's "xhr"
        request = paused["requestId"]
        if self._refuses(paused["request"]["url"], kind):
            await self._fail(target, request, "BlockedByClient")
        else:
            with contextlib.suppress(*self._errors):  # the page or the browser went away
                await target.send("Fetch.continueRequest", {"requestId": request})

    async def _fail(self, target: _Target, request: str, reason: str) -> None:
        with contextlib.suppress(*self._errors):  # the page or the browser went away
            await target.send("Fetch.failRequest", {"requestId": request, "errorReason": reason})

    def _spawn(self, work: Any) -> None:
        task = asyncio.ensure_future(work)
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)


def _nothing(_url: str, _kind: str) -> bool:
    """Refuses nothing (a gate that only holds navigations)."""
    return False
