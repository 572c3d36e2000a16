"""Incremental rounds on a real HTTP server whose pages change between rounds: unchanged
pages are carried forward (not rendered, same findings, date of their last check), changed,
new and too old pages are scanned, removed ones disappear; other options force a full round;
a server that ignores conditional requests and a changed stylesheet are handled."""

from __future__ import annotations

import hashlib
import sqlite3
import threading
from collections import Counter
from collections.abc import Callable
from dataclasses import replace
from http.server import BaseHTTPRequestHandler
from pathlib import Path

import pytest

from audit.demo.server import QuietServer
from audit.errors import UsageError
from audit.store import open_store
from audit.webscan.scanner import ScanOptions
from audit.webscan.site_crawl import CrawlSettings, crawl

FAST = ScanOptions(concurrency=2, checks=(), timeout_s=15, settle_s=0.1)
OURS = "a11y-audit/"  # how the freshness requests introduce themselves (the browser does not)


def _page(title: str, body: str) -> str:
    return (f'<!doctype html><html lang="en"><head><title>{title}</title>'
            f'<link rel="stylesheet" href="/site.css"></head>'
            f'<body><main><h1>{title}</h1>{body}</main></body></html>')


def _site() -> dict[str, str]:
    links = "".join(f'<a href="/{name}.html">{name}</a> ' for name in ("a", "b", "c", "d"))
    return {
        "/": _page("home", links),
        "/a.html": _page("a", '<img src="/x.png">'),  # image-alt: a finding to carry
        "/b.html": _page("b", "<p>b</p>"),
        "/c.html": _page("c", '<input type="text">'),  # label
        "/d.html": _page("d", "<p>d</p>"),
        "/site.css": "body { color: #111; background: #fff; }",
    }


class Site:
    """Pages by path, served with an ETag and Last-Modified; ``conditional`` False makes it
    ignore If-None-Match / If-Modified-Since (it always answers 200 with the body)."""

    def __init__(self, pages: dict[str, str], conditional: bool = True) -> None:
        self.pages = dict(pages)
        self.conditional = conditional
        self.rendered: Counter[str] = Counter()  # browser requests by path
        self.not_modified: Counter[str] = Counter()  # 304 answers by path
        self._server = QuietServer(("127.0.0.1", 0), _handler(self))
        self.origin = f"http://127.0.0.1:{self._server.server_address[1]}"
        threading.Thread(target=self._server.serve_forever, args=(0.05,), daemon=True).start()

    def url(self, path: str) -> str:
        return self.origin + path

    def close(self) -> None:
        self._server.shutdown()
        self._server.server_close()


def _handler(site: Site) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def log_message(self, *args: object) -> None:
            pass

        def do_GET(self) -> None:  # noqa: N802 - http.server's naming
            path = self.path.split("?")[0]
            if not self.headers.get("User-Agent", "").startswith(OURS):
                site.rendered[path] += 1
            body = site.pages.get(path)
            if body is None:
                self.send_response(404)
                self.send_header("Content-Length", "0")
                self.end_headers()
                return
            etag = '"' + hashlib.sha256(body.encode()).hexdigest()[:16] + '"'
            if site.conditional and self.headers.get("If-None-Match") == etag:
                site.not_modified[path] += 1
                self.send_response(304)
                self.end_headers()
                return
            data = body.encode()
            kind = "text/css" if path.endswith(".css") else "text/html; charset=utf-8"
            self.send_response(200)
            self.send_header("Content-Type", kind)
            self.send_header("ETag", etag)
            self.send_header("Last-Modified", "Tue, 01 Dec 2026 10:00:00 GMT")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

    return Handler


@pytest.fixture(scope="module")
def served(shared_crawl, tmp_path_factory):
    """One server for the module and its first round, made once: (site, database of the first
    round, its scan id, the paths the browser asked for in it, but for the favicon it asks for
    by itself). Each test starts from a copy."""
    running = Site(_site())
    db = tmp_path_factory.mktemp("incremental") / "first.db"
    first = _round(db, running, crawler=shared_crawl)
    yield running, db, first, sorted(set(running.rendered) - {"/favicon.ico"})
    running.close()


@pytest.fixture
def site(served):
    """The module's server, its pages as they were, nothing counted yet."""
    running = served[0]
    running.pages, running.conditional = _site(), True
    running.rendered.clear()
    running.not_modified.clear()
    return running


@pytest.fixture
def first_round(served, site, tmp_path) -> tuple[Path, int]:
    """A copy of the module's first round (a full round of ``_site()``): (database, scan id)."""
    _, db, first, _ = served
    copy = tmp_path / "rounds.db"
    with sqlite3.connect(db) as source, sqlite3.connect(copy) as target:
        source.backup(target)
    return copy, first


def _round(db: Path, site: Site, options: ScanOptions = FAST,
           crawler: Callable[..., int] = crawl, **settings: object) -> int:
    values = {"start_urls": (site.url("/"),), "sitemaps": False, "documents": False,
              "incremental": True, **settings}
    with open_store(db) as store:
        return crawler(store, CrawlSettings(**values), options, target="fixture")


def _pages(db: Path, scan_id: int) -> dict[str, object]:
    with open_store(db) as store:
        return {page.url: page for page in store.load_run(scan_id).pages}


def _findings(page) -> list[tuple[str, str, str]]:
    return [(f.rule, f.selector, f.fingerprint) for f in page.findings]


def test_unchanged_pages_are_carried_changed_new_and_removed_ones_follow_the_site(
        served, site, first_round, shared_crawl):
    db, first = first_round
    before = _pages(db, first)
    assert served[3] == ["/", "/a.html", "/b.html", "/c.html", "/d.html", "/site.css",
                         "/x.png"]  # the first round rendered every page
    assert [rule for rule, _, _ in _findings(before[site.url("/a.html")])] == ["image-alt"]
    # between the rounds: b changes, d is removed (and no longer linked), e is new
    site.pages["/b.html"] = _page("b", "<p>b, changed</p>")
    del site.pages["/d.html"]
    site.pages["/"] = site.pages["/"].replace("/d.html", "/e.html")
    site.pages["/e.html"] = _page("e", '<img src="/y.png">')
    site.rendered.clear()
    second = _round(db, site, crawler=shared_crawl)
    after = _pages(db, second)
    u = site.url
    assert sorted(after) == sorted(u(p) for p in ("/", "/a.html", "/b.html", "/c.html",
                                                  "/e.html"))
    assert {path for path in site.rendered if path.endswith(".html") or path == "/"} == {
        "/", "/b.html", "/e.html"}
    carried = {url for url, page in after.items() if page.carried_from == first}
    assert carried == {u("/a.html"), u("/c.html")}
    for url in carried:  # the same findings, with when they were last verified
        assert _findings(after[url]) == _findings(before[url])
        assert after[url].verified_at == before[url].verified_at
        assert after[url].title == before[url].title
    assert [rule for rule, _, _ in _findings(after[u("/e.html")])] == ["image-alt"]
    # the unchanged pages' HTML was asked for conditionally, and answered 304
    assert (site.not_modified["/a.html"], site.not_modified["/c.html"]) == (1, 1)
    with open_store(db) as store:
        summary = store.scan(second)
        assert (summary.pages, summary.pages_carried, summary.pages_verified) == (5, 2, 3)
        assert summary.options["incremental"] == {"base": first, "why_none": None,
                                                  "previous": first}
    site.rendered.clear()  # pages last checked in full longer ago than --max-age: scanned
    third = _round(db, site, crawler=shared_crawl, max_age_days=0)
    assert all(page.carried_from is None for page in _pages(db, third).values())
    assert {"/", "/a.html", "/b.html", "/c.html", "/e.html"} <= set(site.rendered)


def test_other_options_force_a_full_round(site, first_round, shared_crawl):
    db, first = first_round
    second = _round(db, site, replace(FAST, best_practice=True), crawler=shared_crawl)
    assert all(page.carried_from is None for page in _pages(db, second).values())
    assert {"/", "/a.html", "/b.html", "/c.html", "/d.html"} <= set(site.rendered)
    with open_store(db) as store:
        assert store.scan(second).options["incremental"] == {
            "base": None, "why_none": "options", "previous": first}



def test_an_interrupted_incremental_round_resumes_as_one(site, first_round, shared_crawl):
    db, first = first_round

    class Killed(Exception):
        pass

    def interrupt(progress, page):
        if page is not None:
            raise Killed  # the crawl dies after its first page was stored

    settings = CrawlSettings(start_urls=(site.url("/"),), sitemaps=False, documents=False,
                             incremental=True)
    with open_store(db) as store, pytest.raises(Killed):
        shared_crawl(store, settings, FAST, target="fixture", on_progress=interrupt)
    with open_store(db) as store:
        [second] = [s.id for s in store.scans() if s.id != first]
        store.finish_scan(second, finished_at="2026-12-03T00:00:00+00:00", status="interrupted")
        assert 1 <= store.scan(second).pages < 5  # the other worker may have stored one
        shared_crawl(store, settings, FAST, resume=second)
        summary = store.scan(second)
    pages = _pages(db, second)
    assert (summary.status, summary.pages, summary.pages_carried) == ("finished", 5, 5)
    assert {page.carried_from for page in pages.values()} == {first}
    assert not site.rendered


def test_a_server_ignoring_conditional_requests_and_a_changed_stylesheet(site, first_round,
                                                                        shared_crawl):
    db, first = first_round
    site.conditional = False  # from now on: the same ETag, and the body every time
    second = _round(db, site, crawler=shared_crawl)  # nothing changed: the content hashes say so
    assert sum(page.carried_from == first for page in _pages(db, second).values()) == 5
    assert not site.not_modified and not site.rendered
    # a colour in the stylesheet every page loads: every page is scanned again
    site.pages["/site.css"] = "body { color: #bbb; background: #fff; }"
    third = _round(db, site, crawler=shared_crawl)
    pages = _pages(db, third)
    assert all(page.carried_from is None for page in pages.values())
    assert "color-contrast" in {f.rule for f in pages[site.url("/b.html")].findings}


def test_pages_carried_forward_wait_for_no_browser(site, first_round, shared_crawl):
    """The browser launches beside the round: with one that cannot start, a round in which
    nothing changed still completes (every page carried, no browser version recorded), and
    a round with a changed page stops with the launch's error."""
    db, first = first_round
    no_browser = replace(FAST, remote_url="http://127.0.0.1:9/")  # playwright refuses it
    second = _round(db, site, no_browser)
    with open_store(db) as store:
        summary = store.scan(second)
    assert (summary.status, summary.pages, summary.pages_carried) == ("finished", 5, 5)
    assert summary.browser_version is None
    assert {page.carried_from for page in _pages(db, second).values()} == {first}
    site.pages["/b.html"] = _page("b", "<p>b, changed</p>")
    with pytest.raises(UsageError, match="--remote works with --engine selenium only"):
        _round(db, site, no_browser)
    third = _round(db, site, crawler=shared_crawl)  # a browser: its version is recorded
    with open_store(db) as store:
        assert store.scan(third).browser_version == store.scan(first).browser_version
        assert store.scan(first).browser_version


def test_a_max_age_of_zero_checks_every_page_even_within_the_second_they_were_checked(
        site, first_round, shared_crawl, monkeypatch):
    """Times are kept to the second: a round started within the second the last one checked
    its pages in (a fast machine) found them 0 s old, not older than a max age of 0, and
    carried one forward."""
    db, first = first_round
    checked = {page.verified_at for page in _pages(db, first).values()}
    monkeypatch.setattr("audit.webscan.incremental.utc_now", lambda: max(checked))
    again = _round(db, site, crawler=shared_crawl, max_age_days=0)
    assert [url for url, page in _pages(db, again).items() if page.carried_from] == []
    assert {"/", "/a.html", "/b.html", "/c.html", "/d.html"} <= set(site.rendered)
