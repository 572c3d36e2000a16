"""A DevTools (CDP) connection of our own to one tab of a browser that chromedriver drives.

chromedriver passes commands on (``execute_cdp_cmd``) but no events, and holding a request
(``Fetch.requestPaused``, then ``Fetch.continueRequest`` or ``Fetch.failRequest``) needs both.
The browser of a local chromedriver accepts DevTools clients at
``goog:chromeOptions.debuggerAddress``, and a tab's WebDriver window handle is its DevTools
target id: ``ws://ADDRESS/devtools/page/ID`` is then a session of our own on the tab, beside
chromedriver's, that lasts as long as the tab (cross-process navigations included).

What else was weighed (Selenium 4.51, Chromium 156): Selenium's ``bidi_connection()`` speaks
CDP through trio, not the scanner's asyncio, with typed modules generated per Chromium version
(it ships v153-v155 and falls back to the newest for 156). WebDriver BiDi (``enable_bidi``,
``driver.network.add_request_handler``) changes the whole session (chromedriver then runs the
BiDi mapper in the browser, in front of every tab), its handlers run in a thread of
Selenium's, and a request's kind comes as the Fetch standard's ``destination`` (empty for
fetch, XHR and beacons), not the resource types ``blocking.refused`` decides by and the
Playwright engine gives: the two engines would need a translation to decide alike. The
protocol itself is small: JSON messages over a WebSocket (framed by ``wsproto``), read on the
event loop the scanner runs on, so the Playwright engine's gate (``request_gate``) runs on it
unchanged: the HTTP cache stays on, only deny-listed hosts' requests are held.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
from collections import defaultdict
from collections.abc import Callable
from typing import Any

from wsproto import ConnectionType, WSConnection
from wsproto.events import (
    AcceptConnection,
    CloseConnection,
    Message,
    Ping,
    RejectConnection,
    Request,
    TextMessage,
)
from wsproto.utilities import LocalProtocolError, RemoteProtocolError

from audit.webscan.cdp_replies import Replies

_READ = 1 << 16
Handler = Callable[[dict[str, Any]], Any]


class DevToolsError(Exception):
    """A command failed, or the connection to the tab ended (the tab or browser is gone)."""


class DevToolsSocket:
    """Commands to one target and its events, over a WebSocket of our own. Events go to the
    handlers given to ``on``, in the order the browser sent them."""

    def __init__(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter,
                 ws: WSConnection) -> None:
        self._reader = reader
        self._writer = writer
        self._ws = ws
        self._replies = Replies(DevToolsError)
        self._handlers: dict[str, list[Handler]] = defaultdict(list)
        self._closed: str | None = None  # why the connection ended, once it has
        self._reading: asyncio.Task[None] | None = None

    @classmethod
    async def open(cls, address: str, target_id: str, timeout_s: float) -> DevToolsSocket:
        """A session on target ``target_id`` of the browser at ``address`` (host:port)."""
        if not address:  # chromedriver's ``debuggerAddress``: every local one reports it
            raise DevToolsError("chromedriver did not say where its browser's DevTools listen "
                                "(no debuggerAddress): use the chromedriver of the browser's "
                                "version")
        host, _, port = address.rpartition(":")
        try:
            reader, writer = await asyncio.wait_for(
                asyncio.open_connection(host, int(port)), timeout_s)
        except (OSError, ValueError, TimeoutError) as err:
            raise DevToolsError(f"could not connect to the browser's DevTools at {address}: "
                                f"{str(err) or type(err).__name__}") from err
        ws = WSConnection(ConnectionType.CLIENT)
        socket = cls(reader, writer, ws)
        try:
            await asyncio.wait_for(socket._handshake(address, target_id), timeout_s)
        except (DevToolsError, OSError, TimeoutError, RemoteProtocolError) as err:
            writer.close()
            raise DevToolsError(f"the browser at {address} did not open a DevTools session "
                                f"on its tab: {str(err) or type(err).__name__}") from err
        socket._reading = asyncio.ensure_future(socket._read())
        return socket

    def on(self, event: str, handler: Handler) -> None:
        self._handlers[event].append(handler)

    async def send(self, method: str, params: dict[str, Any]) -> Any:
        if self._closed:
            raise DevToolsError(self._closed)
        with self._replies.awaited() as (number, answer):
            self._write(Message(data=json.dumps({"id": number, "method": method,
                                                 "params": params})))
            return await answer

    async def close(self) -> None:
        if not self._closed:
            with contextlib.suppress(Exception):  # the other end may be gone already
                self._write(CloseConnection(code=1000))
        self._end("the DevTools connection was closed")
        if self._reading is not None:
            self._reading.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._reading
        self._writer.close()
        with contextlib.suppress(OSError):
            await self._writer.wait_closed()

    async def _handshake(self, address: str, target_id: str) -> None:
        self._writer.write(self._ws.send(Request(host=address,
                                                 target=f"/devtools/page/{target_id}")))
        while True:
            data = await self._reader.read(_READ)
            if not data:
                raise DevToolsError("the browser closed the connection")
            self._ws.receive_data(data)
            for event in self._ws.events():
                if isinstance(event, AcceptConnection):
                    return
                if isinstance(event, RejectConnection):
                    raise DevToolsError(f"the browser refused the WebSocket (HTTP "
                                        f"{event.status_code})")

    async def _read(self) -> None:
        text: list[str] = []
        try:
            while data := await self._reader.read(_READ):
                self._ws.receive_data(data)
                for event in self._ws.events():
                    if isinstance(event, TextMessage):
                        text.append(event.data)
                        if event.message_finished:
                            self._received(json.loads("".join(text)))
                            text.clear()
                    elif isinstance(event, Ping):
                        self._write(event.response())
                    elif isinstance(event, CloseConnection):
                        return
        except (OSError, RemoteProtocolError):
            pass  # the browser went away, or answered what is not WebSocket
        finally:
            self._end("the browser closed the DevTools connection (the tab or browser is gone)")

    def _received(self, message: dict[str, Any]) -> None:
        if "id" in message:
            self._replies.answer(message)
            return
        for handler in self._handlers.get(message.get("method", ""), ()):
            handler(message.get("params") or {})

    def _write(self, event: Any) -> None:
        if self._writer.is_closing():
            raise DevToolsError(self._closed or "the DevTools connection was closed")
        try:
            self._writer.write(self._ws.send(event))
        except LocalProtocolError as err:  # the browser closed its end
            raise DevToolsError(self._closed or "the DevTools connection was closed") from err

    def _end(self, why: str) -> None:
        """Every command still waiting fails: no answer will come."""
        self._closed = self._closed or why
        self._replies.fail_all(self._closed)
