"""Serve the bundled demo portal (``demo/portal``) on localhost, with a small login.

Static files are served from the portal folder and nothing outside it. Two pages sit behind a
login (``/apply.html`` and ``/apply-done.html``): without the session cookie a GET redirects (302)
to ``/login.html?next=...``; ``POST /login.html`` (or ``/login``) with the demo credentials sets
the cookie and redirects (303) to ``next``. A wrong password shows the login page again with an
error message (status 200).
"""

from __future__ import annotations

import html
import secrets
import sys
import threading
from http import HTTPStatus
from http.cookies import CookieError, SimpleCookie
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, quote, unquote

from audit.resources import bundled
from audit.yamlfile import load_data

DEMO_USERNAME = "inspector"
DEMO_PASSWORD = "demo-pass"
SESSION_COOKIE = "demo_session"
LOGIN_PATH = "/login.html"
FORM_PATH = "/apply.html"
DONE_PATH = "/apply-done.html"

_PROTECTED = frozenset({"apply.html", "apply-done.html"})  # relative to the portal root
_LOGIN_ALIASES = frozenset({"/login", LOGIN_PATH})
_MAX_BODY = 64 * 1024
_TYPES = {
    ".html": "text/html; charset=utf-8",
    ".css": "text/css; charset=utf-8",
    ".js": "text/javascript; charset=utf-8",
    ".json": "application/json",
    ".svg": "image/svg+xml",
    ".png": "image/png",
    ".jpg": "image/jpeg",
    ".ico": "image/x-icon",
}
_ERROR_HTML = '<p class="error" role="alert">用户名或密码错误，请重新输入。</p>'
_NEXT_FIELD = f'name="next" value="{FORM_PATH}"'


def load_expected() -> dict[str, Any]:
    """The parsed ``demo/expected.yaml``: the pages, their barriers and the demo login."""
    text = (bundled("demo") / "expected.yaml").read_text(encoding="utf-8")
    data: dict[str, Any] = load_data(text)
    return data


def _safe_next(target: str) -> str:
    """Only a local absolute path may be a redirect target (no ``//host`` or ``/\\host``)."""
    if target.startswith("/") and not target.startswith(("//", "/\\")):
        return target
    return FORM_PATH


class QuietServer(ThreadingHTTPServer):
    """A threading HTTP server for localhost pages that runs inside another program (the demo
    in ``a11y-audit``, fixture sites in tests): a client that hung up (a scan giving up on a
    page, a tab closed) is routine there, not a traceback on the program's stderr."""

    daemon_threads = True

    def handle_error(self, request: Any, client_address: Any) -> None:
        if not isinstance(sys.exc_info()[1], ConnectionError):
            super().handle_error(request, client_address)


class _Server(QuietServer):
    def __init__(self, address: tuple[str, int], root: Path) -> None:
        self.root = root.resolve()
        self.sessions: set[str] = set()
        super().__init__(address, _Handler)


class _Handler(BaseHTTPRequestHandler):
    server: _Server

    def log_message(self, format: str, *args: Any) -> None:
        """Stay quiet: no request log on stderr."""

    def do_GET(self) -> None:
        self._get(with_body=True)

    def do_HEAD(self) -> None:
        self._get(with_body=False)

    def do_POST(self) -> None:
        path = self._path()
        form = self._read_form()
        if form is None:
            self.send_error(HTTPStatus.REQUEST_ENTITY_TOO_LARGE)
        elif path in _LOGIN_ALIASES:
            self._login(form)
        elif self._resolve(path) == self.server.root / "apply.html":
            if self._logged_in():
                self._redirect(HTTPStatus.SEE_OTHER, DONE_PATH)
            else:
                self._redirect(HTTPStatus.FOUND, f"{LOGIN_PATH}?next={quote(FORM_PATH)}")
        else:
            self.send_error(HTTPStatus.METHOD_NOT_ALLOWED)

    # -- GET -------------------------------------------------------------------------------

    def _get(self, with_body: bool) -> None:
        path = self._path()
        if path == "/login":
            path = LOGIN_PATH
        file = self._resolve(path)
        if file is None:
            self.send_error(HTTPStatus.NOT_FOUND)
            return
        relative = file.relative_to(self.server.root).as_posix()
        if relative in _PROTECTED and not self._logged_in():
            self._redirect(HTTPStatus.FOUND, f"{LOGIN_PATH}?next={quote('/' + relative)}")
            return
        body = file.read_bytes()
        if relative == "login.html":
            query = parse_qs(self.path.partition("?")[2])
            body = _login_page(body, query.get("next", [FORM_PATH])[0], error=False)
        self._send(
            HTTPStatus.OK,
            _TYPES.get(file.suffix, "application/octet-stream"),
            body,
            with_body=with_body,
        )

    def _resolve(self, path: str) -> Path | None:
        """The file under the portal root that ``path`` names, or None (never outside the root)."""
        if "\x00" in path:
            return None
        root = self.server.root
        target = (root / path.lstrip("/")).resolve()
        if target.is_dir():
            target = target / "index.html"
        if not target.is_relative_to(root) or not target.is_file():
            return None
        return target

    # -- login -----------------------------------------------------------------------------

    def _login(self, form: dict[str, list[str]]) -> None:
        username = form.get("username", [""])[0]
        password = form.get("password", [""])[0]
        target = _safe_next(form.get("next", [FORM_PATH])[0])
        ok_user = secrets.compare_digest(username.encode(), DEMO_USERNAME.encode())
        ok_pass = secrets.compare_digest(password.encode(), DEMO_PASSWORD.encode())
        if ok_user and ok_pass:
            token = secrets.token_urlsafe(24)
            self.server.sessions.add(token)
            cookie = f"{SESSION_COOKIE}={token}; Path=/; HttpOnly; SameSite=Lax"
            self._redirect(HTTPStatus.SEE_OTHER, target, cookie=cookie)
            return
        page = (self.server.root / "login.html").read_bytes()
        self._send(HTTPStatus.OK, _TYPES[".html"], _login_page(page, target, error=True))

    def _logged_in(self) -> bool:
        cookies: SimpleCookie = SimpleCookie()
        try:
            cookies.load(self.headers.get("Cookie", ""))
        except CookieError:
            return False
        morsel = cookies.get(SESSION_COOKIE)
        return morsel is not None and morsel.value in self.server.sessions

    # -- plumbing --------------------------------------------------------------------------

    def _path(self) -> str:
        return unquote(self.path.partition("?")[0].partition("#")[0])

    def _read_form(self) -> dict[str, list[str]] | None:
        try:
            length = int(self.headers.get("Content-Length", "0"))
        except ValueError:
            length = 0
        if length > _MAX_BODY:
            self.close_connection = True
            return None
        raw = self.rfile.read(max(length, 0)).decode("utf-8", "replace")
        return parse_qs(raw)

    def _redirect(self, status: HTTPStatus, location: str, cookie: str | None = None) -> None:
        self.send_response(status)
        self.send_header("Location", location)
        if cookie:
            self.send_header("Set-Cookie", cookie)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def _send(
        self, status: HTTPStatus, content_type: str, body: bytes, with_body: bool = True
    ) -> None:
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", "no-cache")
        self.send_header("X-Content-Type-Options", "nosniff")
        self.end_headers()
        if with_body:
            self.wfile.write(body)


def _login_page(page: bytes, next_path: str, error: bool) -> bytes:
    """The login page with the ``next`` target filled in and, after a failure, an error."""
    text = page.decode("utf-8")
    field = f'name="next" value="{html.escape(_safe_next(next_path))}"'
    text = text.replace(_NEXT_FIELD, field)
    if error:
        text = text.replace("<!--login-error-->", _ERROR_HTML)
    return text.encode("utf-8")


class DemoPortal:
    """The demo portal served on a free port of ``host`` from a daemon thread.

    >>> with DemoPortal() as portal:
    ...     urls = portal.page_urls()
    """

    def __init__(self, host: str = "127.0.0.1", port: int = 0) -> None:
        self._address = (host, port)
        self._server: _Server | None = None
        self._thread: threading.Thread | None = None

    @property
    def url(self) -> str:
        """The base URL, e.g. ``http://127.0.0.1:43123/`` (only while running)."""
        if self._server is None:
            raise RuntimeError("the demo portal is not running")
        host, port = self._server.server_address[:2]
        return f"http://{host!s}:{port}/"

    def start(self) -> DemoPortal:
        if self._server is None:
            server = _Server(self._address, bundled("demo") / "portal")
            thread = threading.Thread(
                target=server.serve_forever,
                kwargs={"poll_interval": 0.1},
                name="demo-portal",
                daemon=True,
            )
            thread.start()
            self._server, self._thread = server, thread
        return self

    def stop(self) -> None:
        server, thread = self._server, self._thread
        self._server = self._thread = None
        if server is not None:
            server.shutdown()
            server.server_close()
        if thread is not None:
            thread.join(timeout=5)

    def __enter__(self) -> DemoPortal:
        return self.start()

    def __exit__(self, *exc_info: object) -> None:
        self.stop()

    def page_urls(self) -> list[str]:
        """Absolute URLs of every public page (not behind the login), in expected.yaml order."""
        base = self.url
        return [
            base + page["path"].lstrip("/")
            for page in load_expected()["pages"]
            if not page["requires_login"]
        ]
