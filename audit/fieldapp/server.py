"""Serving the app with waitress (a pure-Python production WSGI server, several threads).

Waitress reads a whole request before the app sees it, so the body limit is waitress's: a
request that declares a body over the app's ``MAX_CONTENT_LENGTH`` (or whose chunks pass it) is
refused at once, before its body is read. Waitress would answer with its own plain-text English
413; ours answers with the app's page for it instead (``limits``), in the user's language, with
the size declared and the page the form came from. (A redirect to that page would not do: the
connection closes with the body unsent, and a browser then shows its connection error.)
"""

from __future__ import annotations

import io
import threading
from types import TracebackType
from typing import TYPE_CHECKING, Any
from urllib.parse import urlencode

from flask import Flask
from waitress.channel import HTTPChannel
from waitress.server import create_server
from waitress.task import ErrorTask, WSGITask
from waitress.utilities import RequestEntityTooLarge

from audit.fieldapp import limits

if TYPE_CHECKING:
    from _typeshed.wsgi import WSGIEnvironment

_WAITRESS_DEFAULT_LIMIT = 2**30


class _TooLargePage(WSGITask, ErrorTask):
    """Waitress's refusal of a body over the limit, answered with the app's page for it (a GET
    of ``limits.PATH`` with the request's cookies and headers; the body is never read). Other
    errors of waitress (a malformed request) keep its own answer."""

    def execute(self) -> None:
        self.set_close_on_finish()  # the body is left unread: the connection cannot go on
        if isinstance(self._parsed.error, RequestEntityTooLarge):
            self.complete = False  # ErrorTask's "answered already" would refuse the app's
            WSGITask.execute(self)
        else:
            ErrorTask.execute(self)

    @property
    def _parsed(self) -> Any:
        """The parsed request (the type stubs call it an error)."""
        return self.request

    def get_environment(self) -> WSGIEnvironment:
        environ = super().get_environment()
        size = self._parsed.content_length
        query = {"size": size} if size else {}
        query["next"] = self._parsed.path
        environ.update(REQUEST_METHOD="GET", PATH_INFO=limits.PATH,
                       QUERY_STRING=urlencode(query), CONTENT_LENGTH="0",
                       REQUEST_URI=f"{limits.PATH}?{urlencode(query)}")
        environ["wsgi.input"] = io.BytesIO()
        environ.pop("CONTENT_TYPE", None)
        return environ


class _Channel(HTTPChannel):
    error_task_class = _TooLargePage


class FieldServer:
    """The app on ``host:port`` (port 0: a free one) in a background thread; ``url`` once up."""

    def __init__(self, app: Flask, host: str = "127.0.0.1", port: int = 0,
                 threads: int = 8) -> None:
        limit = app.config.get("MAX_CONTENT_LENGTH") or _WAITRESS_DEFAULT_LIMIT
        self._server = create_server(app, host=host, port=port, threads=threads,
                                     clear_untrusted_proxy_headers=True,
                                     max_request_body_size=limit)
        self._server.channel_class = _Channel  # type: ignore[union-attr]
        self.app = app
        self.host = host
        self.port = int(self._server.effective_port)  # type: ignore[union-attr]
        self._stopping = False
        self._thread = threading.Thread(target=self._serve, daemon=True)

    @property
    def url(self) -> str:
        return f"http://{self.host}:{self.port}"

    def serve_forever(self) -> None:
        self._server.run()

    def __enter__(self) -> FieldServer:
        self._thread.start()
        return self

    def __exit__(self, exc_type: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:
        self.close()

    def close(self) -> None:
        """Stop serving: the sockets are closed inside the server's own loop, which then ends.

        Waitress closes its wake-up pipe itself on a read error; then the sockets are closed
        from here and the loop ends on its next turn (its select may fail on them: expected).
        """
        self._stopping = True
        server = self._server
        if self._thread.is_alive():
            try:
                server.trigger.pull_trigger(self._close_all)  # type: ignore[union-attr]
            except OSError:
                self._close_all()
            self._thread.join(timeout=10)
        else:
            self._close_all()
        server.task_dispatcher.shutdown()

    def _serve(self) -> None:
        try:
            self._server.run()
        except OSError:
            if not self._stopping:
                raise

    def _close_all(self) -> None:
        for channel in list(self._server._map.values()):  # type: ignore[union-attr]
            channel.close()
