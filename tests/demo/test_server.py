"""The demo portal server: pages, login, content types, path safety, shutdown (no browser)."""

from __future__ import annotations

import http.client
import http.cookiejar
import re
import socket
import struct
import threading
import urllib.parse
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass

import pytest

from audit.demo import DEMO_PASSWORD, DEMO_USERNAME, DemoPortal, load_expected
from audit.resources import bundled

EXPECTED = load_expected()
PAGES = EXPECTED["pages"]
PUBLIC = [p for p in PAGES if not p["requires_login"]]
PROTECTED = [p for p in PAGES if p["requires_login"]]
FORM = "application/x-www-form-urlencoded"


@dataclass
class Reply:
    status: int
    headers: http.client.HTTPMessage
    body: bytes

    @property
    def text(self) -> str:
        return self.body.decode("utf-8")


@pytest.fixture(scope="module")
def portal() -> Iterator[DemoPortal]:
    with DemoPortal() as running:
        yield running


def request(
    portal: DemoPortal,
    method: str,
    path: str,
    form: dict[str, str] | None = None,
    cookie: str | None = None,
) -> Reply:
    """One raw request: the path is sent as given and redirects are not followed."""
    parts = urllib.parse.urlsplit(portal.url)
    conn = http.client.HTTPConnection(parts.hostname or "", parts.port, timeout=10)
    headers = {"Content-Type": FORM} if form is not None else {}
    if cookie:
        headers["Cookie"] = cookie
    body = urllib.parse.urlencode(form) if form is not None else None
    try:
        conn.request(method, path, body=body, headers=headers)
        response = conn.getresponse()
        return Reply(response.status, response.headers, response.read())
    finally:
        conn.close()


def title_of(html: str) -> str:
    match = re.search(r"<title>(.*?)</title>", html, re.S)
    assert match, "page has no <title>"
    return match.group(1).strip()


def login_cookie(portal: DemoPortal) -> str:
    reply = request(
        portal, "POST", "/login.html", {"username": DEMO_USERNAME, "password": DEMO_PASSWORD}
    )
    assert reply.status == 303
    return reply.headers["Set-Cookie"].split(";", 1)[0]


@pytest.mark.parametrize("page", PUBLIC, ids=[p["path"] for p in PUBLIC])
def test_public_page_is_served_as_html(portal: DemoPortal, page: dict) -> None:
    reply = request(portal, "GET", page["path"])
    assert reply.status == 200
    assert reply.headers["Content-Type"] == "text/html; charset=utf-8"
    assert title_of(reply.text) == page["title"]


def test_page_urls_are_the_public_pages(portal: DemoPortal) -> None:
    urls = portal.page_urls()
    assert urls == [portal.url + p["path"].lstrip("/") for p in PUBLIC]
    assert portal.url.startswith("http://127.0.0.1:") and portal.url.endswith("/")
    assert not any("apply" in url for url in urls)


@pytest.mark.parametrize("page", PROTECTED, ids=[p["path"] for p in PROTECTED])
def test_protected_page_redirects_to_login(portal: DemoPortal, page: dict) -> None:
    reply = request(portal, "GET", page["path"])
    assert reply.status == 302
    assert reply.headers["Location"] == "/login.html?next=" + page["path"]


def test_login_with_demo_credentials_opens_the_form(portal: DemoPortal) -> None:
    assert (EXPECTED["login"]["username"], EXPECTED["login"]["password"]) == (
        DEMO_USERNAME,
        DEMO_PASSWORD,
    )
    jar = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
    data = urllib.parse.urlencode({"username": DEMO_USERNAME, "password": DEMO_PASSWORD}).encode()
    with opener.open(portal.url + "login.html", data=data, timeout=10) as response:
        assert response.status == 200
        assert response.url == portal.url + "apply.html"
        assert title_of(response.read().decode()) == PROTECTED[0]["title"]
    assert [c.name for c in jar] == [EXPECTED["login"]["cookie"]]
    for page in PROTECTED:
        with opener.open(portal.url + page["path"].lstrip("/"), timeout=10) as response:
            assert response.status == 200
            assert title_of(response.read().decode()) == page["title"]


def test_login_alias_honours_next_and_sets_a_session_cookie(portal: DemoPortal) -> None:
    reply = request(
        portal,
        "POST",
        "/login",
        {"username": DEMO_USERNAME, "password": DEMO_PASSWORD, "next": "/apply-done.html"},
    )
    assert reply.status == 303
    assert reply.headers["Location"] == "/apply-done.html"
    assert "HttpOnly" in reply.headers["Set-Cookie"]


def test_submitting_the_form_needs_the_session(portal: DemoPortal) -> None:
    cookie = login_cookie(portal)
    done = request(portal, "POST", "/apply.html", {"name": "张三"}, cookie=cookie)
    assert (done.status, done.headers["Location"]) == (303, "/apply-done.html")
    anonymous = request(portal, "POST", "/apply.html", {"name": "张三"})
    assert anonymous.status == 302
    assert request(portal, "GET", "/apply.html", cookie="demo_session=forged").status == 302


def test_wrong_password_shows_the_login_page_with_an_error(portal: DemoPortal) -> None:
    reply = request(portal, "POST", "/login.html", {"username": DEMO_USERNAME, "password": "wrong"})
    assert reply.status == 200 == EXPECTED["login"]["wrong_password_status"]
    assert "Set-Cookie" not in reply.headers
    assert title_of(reply.text) == "用户登录 - 示范区人民政府"
    assert '<p class="error" role="alert">用户名或密码错误' in reply.text
    assert "用户名或密码错误" not in request(portal, "GET", "/login.html").text


@pytest.mark.parametrize("target", ["//evil.example/", "/\\evil.example", "http://evil.example/"])
def test_next_cannot_leave_the_site(portal: DemoPortal, target: str) -> None:
    reply = request(
        portal,
        "POST",
        "/login.html",
        {"username": DEMO_USERNAME, "password": DEMO_PASSWORD, "next": target},
    )
    assert reply.headers["Location"] == "/apply.html"


def test_next_is_escaped_in_the_login_page(portal: DemoPortal) -> None:
    path = "/login.html?next=" + urllib.parse.quote('/x"><b>')
    reply = request(portal, "GET", path)
    assert 'value="/x&quot;&gt;&lt;b&gt;"' in reply.text
    assert '"><b>' not in reply.text


@pytest.mark.parametrize(
    ("path", "content_type"),
    [
        ("/assets/css/portal.css", "text/css; charset=utf-8"),
        ("/assets/js/carousel.js", "text/javascript; charset=utf-8"),
        ("/assets/img/emblem.svg", "image/svg+xml"),
        ("/m/", "text/html; charset=utf-8"),
    ],
)
def test_content_types(portal: DemoPortal, path: str, content_type: str) -> None:
    reply = request(portal, "GET", path)
    assert (reply.status, reply.headers["Content-Type"]) == (200, content_type)


def test_head_has_headers_but_no_body(portal: DemoPortal) -> None:
    reply = request(portal, "HEAD", "/contact.html")
    assert reply.status == 200
    assert int(reply.headers["Content-Length"]) > 0
    assert reply.body == b""


def test_unknown_path_is_404(portal: DemoPortal) -> None:
    assert request(portal, "GET", "/no-such-page.html").status == 404
    assert request(portal, "GET", "/news/").status == 404


@pytest.mark.parametrize(
    "path",
    [
        "/../pyproject.toml",
        "/%2e%2e/pyproject.toml",
        "/%2e%2e%2fpyproject.toml",
        "/assets/../../pyproject.toml",
        "/..%2f..%2fpyproject.toml",
        "/../expected.yaml",
        "/%2E%2E/%2E%2E/pyproject.toml",
        "/%00/index.html",
    ],
)
def test_traversal_is_refused(portal: DemoPortal, path: str) -> None:
    reply = request(portal, "GET", path)
    assert reply.status == 404
    assert b"[project]" not in reply.body and b"schema:" not in reply.body


def test_requests_are_not_logged(portal: DemoPortal, capfd: pytest.CaptureFixture[str]) -> None:
    request(portal, "GET", "/")
    request(portal, "GET", "/missing")
    captured = capfd.readouterr()
    assert captured.err == "" and captured.out == ""


def test_a_client_that_hangs_up_is_not_a_traceback(
        portal: DemoPortal, capfd: pytest.CaptureFixture[str],
        monkeypatch: pytest.MonkeyPatch) -> None:
    """A browser that closes its connection mid-request (a scan that gave up on a page, a tab
    closed) is routine for a web server: nothing on stderr, where it would fall between the
    command line's own lines (the demo server runs in the ``a11y-audit`` process)."""
    port = urllib.parse.urlsplit(portal.url).port
    server = portal._server
    assert server is not None
    # The end of this portal's handling of this connection (a traceback would be printed by
    # then), not "no request thread left in the process": a fixture site of another test file
    # in this worker may still hold a request thread (its /hang waits two minutes).
    ours, handled = None, threading.Event()
    handle = server.process_request_thread

    def process_request_thread(request: socket.socket, client: tuple[str, int]) -> None:
        try:
            handle(request, client)
        finally:
            if client == ours:
                handled.set()

    monkeypatch.setattr(server, "process_request_thread", process_request_thread)
    with socket.create_connection(("127.0.0.1", port), 2) as client:
        ours = client.getsockname()
        # close with a reset and no request: the server's read fails with ECONNRESET
        client.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
    assert handled.wait(30), "the portal did not finish with the connection"
    assert request(portal, "GET", "/").status == 200
    assert capfd.readouterr().err == ""


def test_stop_closes_the_port() -> None:
    portal = DemoPortal().start()
    port = urllib.parse.urlsplit(portal.url).port
    assert port
    assert request(portal, "GET", "/").status == 200
    portal.stop()
    with pytest.raises(ConnectionRefusedError), socket.create_connection(("127.0.0.1", port), 2):
        pass
    with pytest.raises(RuntimeError):
        _ = portal.url
    portal.stop()  # a second stop is harmless


def test_portal_has_no_external_urls() -> None:
    root = bundled("demo") / "portal"
    scheme = r"""\s*["']?(?:[a-z]+:)?//"""
    external = re.compile(rf"(?:src|href|action)\s*={scheme}|url\({scheme}", re.I)
    for file in root.rglob("*"):
        if file.suffix in {".html", ".css", ".js", ".svg"}:
            assert not external.search(file.read_text(encoding="utf-8")), file


def test_expected_yaml_is_consistent() -> None:
    assert EXPECTED["axe"]["tags"] == ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
    paths = [p["path"] for p in PAGES]
    assert len(paths) == len(set(paths))
    for page in PAGES:
        rules = sorted({b["rule"] for b in page["barriers"] if b["rule"]})
        assert page["axe"] == rules, page["path"]
        assert page["clean"] == (page["axe"] == []), page["path"]
        assert all(b.get("check") for b in page["barriers"] if b["rule"] is None), page["path"]
    clean = {p["path"] for p in PAGES if p["clean"]}
    assert {"/accessibility.html", "/contact.html", "/news/20240612.html"} <= clean
    checks = {b.get("check") for p in PAGES for b in p["barriers"]}
    assert {"keyboard-trap", "auto-advancing-content"} <= checks


@pytest.mark.parametrize("page", PAGES, ids=[p["path"] for p in PAGES])
def test_lang_is_declared_unless_it_is_a_barrier(page: dict) -> None:
    file = bundled("demo") / "portal" / page["path"].lstrip("/")
    if file.is_dir() or page["path"].endswith("/"):
        file = file / "index.html"
    html = file.read_text(encoding="utf-8")
    missing = "html-has-lang" in page["axe"]
    assert ('<html lang="zh-CN">' in html) is not missing
