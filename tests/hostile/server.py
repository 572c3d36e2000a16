"""The one hostile fixture server of tests/hostile: pages and answers that misbehave on purpose.

- Files in ``pages/`` are served with their Content-Type; ``__ORIGIN__`` in a text file becomes
  ``http://127.0.0.1:PORT``.
- ``ROUTES`` are answers no file can give (status codes, redirects to other schemes, downloads,
  oversized titles, endless links).
- ``/beacon?id=NAME`` records NAME: hostile content calls it if it ever runs as script where it
  must not (in a report, the field app, a terminal). ``beacons()`` lists what called.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

PAGES = Path(__file__).parent / "pages"
TYPES = {".html": "text/html; charset=utf-8", ".js": "text/javascript", ".xml": "application/xml",
         ".txt": "text/plain; charset=utf-8"}
# The smallest valid PNG (1x1, grey).
PNG = bytes.fromhex(
    "89504e470d0a1a0a0000000d49484452000000010000000108000000003a7e9b55"
    "0000000a4944415478da63f80f0000010101005bd1b1a40000000049454e44ae426082"
)


@dataclass
class Answer:
    status: int = 200
    body: bytes = b""
    headers: dict[str, str] = field(default_factory=dict)


def _html(title: str, body: str = "") -> bytes:
    return (f'<!doctype html><html lang="en"><head><meta charset="utf-8"><title>{title}</title>'
            f"</head><body><main><h1>Page</h1>{body}</main></body></html>").encode()


def _calendar(query: dict[str, list[str]]) -> Answer:
    """A crawl trap: every day links to the next one, for ever."""
    day = int(query.get("day", ["0"])[0])
    links = "".join(f'<a href="/calendar?day={day + step}">day {day + step}</a>'
                    for step in (1, 2, 3))
    return Answer(body=_html(f"Day {day}", links))


def _link_farm(query: dict[str, list[str]]) -> Answer:
    """A crawl trap: one page with more distinct same-site links than a page is read for."""
    links = "".join(f'<a href="/farm/{n}">{n}</a>' for n in range(6_000))
    return Answer(body=_html("Link farm", links))


# "billion laughs" for XML: a sitemap whose entities expand to a gigabyte
XML_BOMB = (b'<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">' + b"".join(
    f'<!ENTITY lol{n} "{("&lol" + (str(n - 1) if n > 1 else "") + ";") * 10}">'.encode()
    for n in range(1, 10)) + b']><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
    b"<url><loc>&lol9;</loc></url></urlset>")

ROUTES: dict[str, Callable[[dict[str, list[str]]], Answer]] = {
    "/js-redirect": lambda q: Answer(302, headers={
        "Location": "javascript:fetch('/beacon?id=js-redirect')"}),
    "/file-redirect": lambda q: Answer(302, headers={"Location": "file:///etc/passwd"}),
    "/data-redirect": lambda q: Answer(302, headers={
        "Location": "data:text/html,<script>fetch('/beacon?id=data-redirect')</script>"}),
    "/no-content": lambda q: Answer(204),
    "/download": lambda q: Answer(200, b"name,value\r\n=1+1,2\r\n", {
        "Content-Type": "text/csv", "Content-Disposition": "attachment; filename=data.csv"}),
    "/html-attachment": lambda q: Answer(200, _html("Attached"), {
        "Content-Disposition": "attachment; filename=page.html"}),
    "/basic-auth": lambda q: Answer(401, _html("Log in"), {
        "WWW-Authenticate": 'Basic realm="intranet"'}),
    "/huge-title": lambda q: Answer(body=_html("很长的标题" * 40_000, '<img src="/img/t.png">')),
    "/robots.txt": lambda q: Answer(200, bytes(range(256)) * 64 + b"\nSitemap: /sitemap.xml\n",
                                    {"Content-Type": "text/plain"}),
    "/sitemap.xml": lambda q: Answer(200, XML_BOMB, {"Content-Type": "application/xml"}),
    "/calendar": _calendar,
    "/link-farm": _link_farm,
}


class HostileSite:
    """Serves ``pages/`` and ``ROUTES`` on a free port of 127.0.0.1, recording every request."""

    def __init__(self) -> None:
        self.requests: list[str] = []  # path?query of each request, in order
        self._lock = threading.Lock()
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), _handler(self))
        self._server.daemon_threads = True
        self._server.handle_error = lambda request, address: None  # a browser hung up: fine
        self.port = self._server.server_address[1]
        self.origin = f"http://127.0.0.1:{self.port}"
        self._thread = threading.Thread(target=self._server.serve_forever, args=(0.05,),
                                        daemon=True)

    def url(self, path: str) -> str:
        return f"{self.origin}/{path.lstrip('/')}"

    def beacons(self) -> list[str]:
        """The ids hostile content sent to /beacon: empty unless something ran as script."""
        with self._lock:
            found = [urlsplit(r) for r in self.requests]
        return [parse_qs(r.query).get("id", [""])[0] for r in found if r.path == "/beacon"]

    def wait_for_beacon(self, name: str, timeout_s: float = 10) -> None:
        """Wait until ``name`` called the beacon (AssertionError when it never does)."""
        deadline = time.monotonic() + timeout_s
        while name not in self.beacons():
            assert time.monotonic() < deadline, f"no beacon {name!r}"
            time.sleep(0.05)

    def hits(self, path: str) -> int:
        with self._lock:
            return sum(1 for r in self.requests if urlsplit(r).path == path)

    def record(self, request: str) -> None:
        with self._lock:
            self.requests.append(request)

    def __enter__(self) -> HostileSite:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._server.shutdown()
        self._server.server_close()


def _handler(site: HostileSite) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def log_message(self, *args: object) -> None:
            pass

        def do_GET(self) -> None:  # noqa: N802 - http.server's naming
            site.record(self.path)
            parts = urlsplit(self.path)
            route = ROUTES.get(parts.path)
            answer = route(parse_qs(parts.query)) if route else self._static(parts.path)
            self.send_response(answer.status)
            headers = {"Content-Type": "text/html; charset=utf-8", **answer.headers}
            for key, value in headers.items():
                self.send_header(key, value)
            self.send_header("Content-Length", str(len(answer.body)))
            self.end_headers()
            self.wfile.write(answer.body)

        def _static(self, path: str) -> Answer:
            if path.startswith("/img/"):
                return Answer(body=PNG, headers={"Content-Type": "image/png"})
            if path == "/beacon":
                return Answer(204)
            root = PAGES.resolve()
            file = (root / path.lstrip("/")).resolve()
            if not file.is_file() or root not in file.parents:
                return Answer(404, _html("Not found"))
            body = file.read_bytes().replace(b"__ORIGIN__", site.origin.encode())
            return Answer(body=body, headers={
                "Content-Type": TYPES.get(file.suffix, "application/octet-stream")})

    return Handler
