"""The one hostile fixture server of tests/hostile: pages and answers that misbehave on purpose.

The crawl tests' server (``CrawlSite``) serving ``pages/``, plus ``ANSWERS`` that no file can
give (status codes, redirects to other schemes, downloads, an oversized title, a page of
links, robots.txt junk, an XML entity bomb). ``/beacon?id=NAME`` is what hostile content
calls if it ever runs as script where it must not (in a report, the field app, a terminal):
``beacons()`` lists the names that called.
"""

from __future__ import annotations

import time
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

from tests.support.site import PNG
from tests.webscan.crawl.server import Answer, CrawlSite

PAGES = Path(__file__).parent / "pages"


def _html(title: str, body: str = "") -> bytes:
    return (f'<!doctype html><html lang="en"><head><meta charset="utf-8"><title>{title}</title>'
            f"</head><body><main><h1>Page</h1>{body}</main></body></html>").encode()


# "billion laughs" for XML: a sitemap whose entities expand to a gigabyte
XML_BOMB = (b'<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">' + b"".join(
    f'<!ENTITY lol{n} "{("&lol" + (str(n - 1) if n > 1 else "") + ";") * 10}">'.encode()
    for n in range(1, 10)) + b']><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
    b"<url><loc>&lol9;</loc></url></urlset>")

ANSWERS: dict[str, Answer] = {
    "/js-redirect": Answer(302, headers={"Location": "javascript:fetch('/beacon?id=js-redirect')"}),
    "/file-redirect": Answer(302, headers={"Location": "file:///etc/passwd"}),
    "/data-redirect": Answer(302, headers={
        "Location": "data:text/html,<script>fetch('/beacon?id=data-redirect')</script>"}),
    "/no-content": Answer(204),
    "/download": Answer(200, b"name,value\r\n=1+1,2\r\n", {
        "Content-Type": "text/csv", "Content-Disposition": "attachment; filename=data.csv"}),
    "/html-attachment": Answer(200, _html("Attached"), {
        "Content-Disposition": "attachment; filename=page.html"}),
    "/basic-auth": Answer(401, _html("Log in"), {"WWW-Authenticate": 'Basic realm="intranet"'}),
    "/huge-title": Answer(body=_html("很长的标题" * 40_000, '<img src="/img/t.png">')),
    # more distinct same-site links than a page is read for (audit.webscan.crawl.MAX_LINKS);
    # hidden, because axe-core's target-size takes minutes on 6,000 visible links in a row
    # and the crawler reads links whether they are shown or not
    "/link-farm": Answer(body=_html("Link farm", '<div hidden>' + "".join(
        f'<a href="/farm/{n}">{n}</a>' for n in range(6_000)) + "</div>")),
    "/robots.txt": Answer(200, bytes(range(256)) * 64, {"Content-Type": "text/plain"}),
    "/sitemap.xml": Answer(200, XML_BOMB, {"Content-Type": "application/xml"}),
    "/beacon": Answer(204),
    **{f"/img/{name}.png": Answer(body=PNG, headers={"Content-Type": "image/png"})
       for name in "abcdet"},
}


class HostileSite(CrawlSite):
    """Serves ``pages/`` and ``ANSWERS`` on a free port of 127.0.0.1, recording requests."""

    def __init__(self) -> None:
        super().__init__(PAGES)
        for path, answer in ANSWERS.items():
            self.answer(path, answer.status, answer.body, answer.headers)

    def beacons(self) -> list[str]:
        """The ids hostile content sent to /beacon: empty unless something ran as script."""
        found = [urlsplit(request) for request in list(self.requests)]
        return [parse_qs(r.query).get("id", [""])[0] for r in found if r.path == "/beacon"]

    def wait_for_beacon(self, name: str, timeout_s: float = 10) -> None:
        """Wait until ``name`` called the beacon (AssertionError when it never does)."""
        deadline = time.monotonic() + timeout_s
        while name not in self.beacons():
            assert time.monotonic() < deadline, f"no beacon {name!r}"
            time.sleep(0.05)
