"""A real HTTP server on 127.0.0.1 for fixture pages, with routes that misbehave on purpose."""

from __future__ import annotations

import os
import signal
import threading
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler
from pathlib import Path
from urllib.parse import parse_qs, unquote, urlsplit

from audit.demo.server import QuietServer

# The smallest valid PNG (1x1, grey).
PNG = bytes.fromhex(
    "89504e470d0a1a0a0000000d49484452000000010000000108000000003a7e9b55"
    "0000000a4944415478da63f80f0000010101005bd1b1a40000000049454e44ae426082"
)


class FixtureSite:
    """Serves ``root`` on a free port; ``url(path)`` and ``cross_url(path)`` (other origin)."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.stopping = threading.Event()
        self.requests: list[str] = []
        self._server = QuietServer(("127.0.0.1", 0), _handler(self))
        self.port = self._server.server_address[1]
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)

    def url(self, path: str) -> str:
        return f"http://127.0.0.1:{self.port}/{path.lstrip('/')}"

    def cross_url(self, path: str) -> str:
        return f"http://localhost:{self.port}/{path.lstrip('/')}"

    def __enter__(self) -> FixtureSite:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.stopping.set()
        self._server.shutdown()
        self._server.server_close()


def marked_processes(marker: str) -> list[int]:
    """Every process whose command line contains ``marker`` (its arguments are separated,
    and ended, by NUL characters)."""
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            cmdline = (entry / "cmdline").read_bytes().decode(errors="replace")
        except OSError:
            continue
        if marker in cmdline:
            found.append(int(entry.name))
    return found


def kill_marked_processes(marker: str) -> int:
    """Kill every process whose command line contains ``marker``; the number killed."""
    killed = 0
    for pid in marked_processes(marker):
        try:
            os.kill(pid, signal.SIGKILL)
            killed += 1
        except OSError:
            pass
    return killed


def _handler(site: FixtureSite) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def log_message(self, *args: object) -> None:  # keep test output clean
            pass

        def do_GET(self) -> None:  # noqa: N802 - http.server's naming
            parts = urlsplit(self.path)
            site.requests.append(parts.path)
            route = _ROUTES.get(parts.path)
            if route:
                route(self, parse_qs(parts.query))
            elif parts.path.startswith("/status/"):
                self._send(int(parts.path.rsplit("/", 1)[1]), b"<p>error</p>", "text/html")
            elif parts.path.startswith("/img/"):
                self._send(200, PNG, "image/png")
            else:
                self._static(parts.path)

        def _static(self, path: str) -> None:
            file = (site.root / unquote(path).lstrip("/")).resolve()
            if not file.is_file() or site.root.resolve() not in file.parents:
                self._send(404, b"<p>not found</p>", "text/html")
                return
            body = file.read_bytes().replace(
                b"__CROSS_ORIGIN__", f"http://localhost:{site.port}".encode())
            self._send(200, body, "text/html; charset=utf-8")

        def _send(self, status: int, body: bytes, content_type: str,
                  headers: dict[str, str] | None = None) -> None:
            self.send_response(status)
            self.send_header("Content-Type", content_type)
            self.send_header("Content-Length", str(len(body)))
            for key, value in (headers or {}).items():
                self.send_header(key, value)
            self.end_headers()
            self.wfile.write(body)

    def hang(handler: Handler, _query: dict) -> None:
        site.stopping.wait(120)

    def redirect_loop(handler: Handler, _query: dict) -> None:
        handler._send(302, b"", "text/html", {"Location": "/redirect-loop"})

    def pdf(handler: Handler, _query: dict) -> None:
        handler._send(200, b"%PDF-1.4\n%%EOF\n", "application/pdf")

    def json_doc(handler: Handler, _query: dict) -> None:
        handler._send(200, b'{"ok": true}', "application/json")

    def kill_browser(handler: Handler, query: dict) -> None:
        kill_marked_processes(query["marker"][0])
        site.stopping.wait(2)
        handler._send(HTTPStatus.OK, b"<p>killed</p>", "text/html")

    _ROUTES = {"/hang": hang, "/redirect-loop": redirect_loop, "/doc.pdf": pdf,
               "/data.json": json_doc, "/kill-browser": kill_browser}
    return Handler
