"""Serving the app with waitress (a pure-Python production WSGI server, several threads).

Waitress reads a whole request before the app sees it, so the body limit is waitress's: a
request that declares a body over the app's ``MAX_CONTENT_LENGTH`` is refused at once with 413,
before its body is read.
"""

from __future__ import annotations

import threading
from types import TracebackType

from flask import Flask
from waitress.server import create_server

_WAITRESS_DEFAULT_LIMIT = 2**30


class FieldServer:
    """The app on ``host:port`` (port 0: a free one) in a background thread; ``url`` once up."""

    def __init__(self, app: Flask, host: str = "127.0.0.1", port: int = 0,
                 threads: int = 8) -> None:
        limit = app.config.get("MAX_CONTENT_LENGTH") or _WAITRESS_DEFAULT_LIMIT
        self._server = create_server(app, host=host, port=port, threads=threads,
                                     clear_untrusted_proxy_headers=True,
                                     max_request_body_size=limit)
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
