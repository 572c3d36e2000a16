"""Stopping the app's server: it always stops and frees its port, even when waitress has
already closed its wake-up pipe (seen once in CI: ``os.write`` on the pipe failed with EBADF
and the test that served the app failed on leaving the ``with``)."""

from __future__ import annotations

import socket
import time

from flask import Flask

from audit.fieldapp import FieldServer


def _app() -> Flask:
    app = Flask("stop")
    app.add_url_rule("/", "index", lambda: "up")
    return app


def _refused(port: int) -> bool:
    with socket.socket() as sock:
        return sock.connect_ex(("127.0.0.1", port)) != 0


def test_a_server_stops_and_frees_its_port():
    with FieldServer(_app()) as server:
        assert not _refused(server.port)
    assert _refused(server.port) and not server._thread.is_alive()


def test_a_server_whose_wake_up_pipe_is_gone_still_stops():
    server = FieldServer(_app()).__enter__()
    trigger = server._server.trigger  # type: ignore[union-attr]
    trigger.pull_trigger(trigger.close)  # the loop closes its own pipe, as on a read error
    deadline = time.monotonic() + 10
    while not trigger._closed and time.monotonic() < deadline:
        time.sleep(0.01)
    assert trigger._closed
    server.close()
    assert _refused(server.port) and not server._thread.is_alive()


def test_closing_twice_is_harmless():
    server = FieldServer(_app()).__enter__()
    server.close()
    server.close()
    assert not server._thread.is_alive()


