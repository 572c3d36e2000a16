"""The real crawler (scanner + store) on the fixture site: the exact pages scanned and
documents recorded, the page cap, both viewports, and resuming after SIGKILL."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import time
from contextlib import closing
from dataclasses import replace
from pathlib import Path
from urllib.parse import quote

import pytest

from audit.errors import UsageError
from audit.model import ScanRun, Viewport
from audit.store import open_store
from audit.store.records import FrontierState
from audit.webscan.scanner import ScanOptions
from audit.webscan.site_crawl import (
    CrawlSettings,
    crawl,
    crawl_scope,
    enqueue_capped,
    stored_settings,
)
from tests.cli.conftest import run_cli

FAST = ScanOptions(concurrency=2, checks=(), timeout_s=15)
ONE = replace(FAST, concurrency=1)  # pages in frontier order: which one comes first is known
CHAIN = 12  # pages of the crawl that is killed and resumed
SLOW_S = 0.3  # how long the server takes to answer each page of that crawl: a slow site
PAGE = ("<!doctype html><html lang='en'><head><meta charset='utf-8'><title>{title}</title>"
        "</head><body><main><h1>{title}</h1>{body}</main></body></html>")


@pytest.fixture(autouse=True)
def _english(monkeypatch):
    """These tests read the English words of the output (the Chinese ones: test_lang_cli.py)."""
    monkeypatch.setenv("A11Y_AUDIT_LANG", "en")


@pytest.fixture
def login_and_redirects(site):
    site.answer("/old", 301, headers={"Location": "/old2"})
    site.answer("/old2", 302, headers={"Location": "/news/1.html"})
    site.answer("/member/profile.html", 302,
                headers={"Location": "/login.html?next=/member/profile.html"})
    return site


def test_only_a_crawl_can_be_resumed(tmp_path):
    run = ScanRun(engine="playwright", standard="wcag22aa", tool_version="0")
    with open_store(tmp_path / "a.db") as store:
        listed = store.begin_scan(run, options={"urls": 2})
        with pytest.raises(UsageError) as caught:
            stored_settings(store, listed)
        assert str(caught.value) == f"scan {listed} is not a crawl; only a crawl can be resumed"
        settings = CrawlSettings(start_urls=("https://gov.example.cn/",), max_pages=7)
        crawled = store.begin_scan(run, options={"crawl": settings.to_json()})
        assert stored_settings(store, crawled) == settings


def test_crawl_stores_the_exact_pages_and_documents(shared_crawl, login_and_redirects, tmp_path):
    site, u = login_and_redirects, login_and_redirects.url
    with open_store(tmp_path / "a.db") as store:
        settings = CrawlSettings(start_urls=(u("/"),), exclude=("*/print/*",), depth=3,
                                 documents=False)
        scan_id = shared_crawl(store, settings, ONE, target="fixture")
        run = store.load_run(scan_id)
        pages = {page.url: (page.status, page.final_url, page.error) for page in run.pages}
        documents = {d.url: d.found_on for d in store.documents(scan_id)}
        summary = store.scan(scan_id)
    assert pages == {
        u("/"): (200, u("/"), None),
        u("/orphan.html"): (200, u("/orphan.html"), None),
        u("/about.html"): (200, u("/about.html"), None),
        u("/zwgk/index.html"): (200, u("/zwgk/index.html"), None),
        u("/news/1.html"): (200, u("/news/1.html"), None),
        u("/news/2.html"): (200, u("/news/2.html"), None),
        u("/missing.html"): (404, u("/missing.html"), "the server answered HTTP 404"),
        u("/login.html"): (200, u("/login.html?next=/member/profile.html"), None),
        u("/index.html"): (200, u("/index.html"), None),
        u("/zwgk/detail.html?id=7"): (200, u("/zwgk/detail.html?id=7"), None),
    }
    assert documents == {
        u("/docs/report.pdf"): u("/sitemaps/pages.xml"),
        u("/docs/data.xlsx"): u("/orphan.html"),
        u("/docs/form.wps"): u("/zwgk/index.html"),
    }
    assert (summary.status, summary.target, summary.pages_with_errors) == ("finished",
                                                                           "fixture", 1)
    assert summary.options["redirects"] == {  # the sitemap's page came first
        "scanned": {"count": 1, "examples": [u("/old")]},
        "login": {"count": 1, "examples": [u("/member/profile.html")]}}
    requested = {path.split("?")[0] for path in site.requests}
    assert not requested & {"/private/secret.html", "/zwgk/print/1.html", "/docs/report.pdf"}


@pytest.fixture
def redirect_twins(login_and_redirects):
    """/old leads (through /old2) to /news/1.html; /go leads off the site (another host)."""
    site = login_and_redirects
    site.answer("/go", 302, headers={"Location": f"http://localhost:{site.port}/about.html"})
    return site


def _redirect_crawl(site) -> CrawlSettings:
    u = site.url
    return CrawlSettings(start_urls=(u("/news/1.html"), u("/old"), u("/go")), depth=0,
                         sitemaps=False, documents=False,
                         viewports=(Viewport.DESKTOP, Viewport.MOBILE))


def test_a_redirect_to_a_page_scanned_or_off_the_site_is_no_page(shared_crawl, redirect_twins,
                                                                  tmp_path):
    """/news/1.html is scanned first; /old then ends there and /go on another site: neither is
    stored as a page (in either viewport), the scan remembers each once, and says so."""
    u = redirect_twins.url
    db = tmp_path / "a.db"
    with open_store(db) as store:
        scan_id = shared_crawl(store, _redirect_crawl(redirect_twins), ONE)
        pages = sorted((page.url, str(page.viewport), page.final_url)
                       for page in store.load_run(scan_id).pages)
        options = store.scan(scan_id).options
        counts = store.frontier_counts(scan_id)
    assert pages == [(u("/news/1.html"), "desktop", u("/news/1.html")),
                     (u("/news/1.html"), "mobile", u("/news/1.html"))]
    assert options["redirects"] == {"scanned": {"count": 1, "examples": [u("/old")]},
                                    "left_site": {"count": 1, "examples": [u("/go")]}}
    assert (counts[FrontierState.DONE], counts[FrontierState.QUEUED]) == (6, 0)
    shown = run_cli("show", str(scan_id), "--db", str(db))
    assert ("1 address(es) redirected to a page already scanned (counted once), "
            "1 address(es) redirected off the site (not scanned as its pages)\n") in shown.stdout
    zh = run_cli("show", str(scan_id), "--db", str(db), env={"A11Y_AUDIT_LANG": "zh-CN"})
    assert ("1 个地址重定向到已检测的页面（只计一次），"
            "1 个地址重定向到站点之外（不作为本站页面检测）\n") in zh.stdout


def test_a_redirect_to_a_page_not_scanned_yet_is_stored_under_its_first_url(
        shared_crawl, redirect_twins, tmp_path):
    """/old comes first: it is the page (with its final URL), /news/1.html is done with it."""
    _old_stored_with_news(shared_crawl, redirect_twins, ONE, tmp_path / "a.db")
    assert redirect_twins.hits("/news/1.html") == 1


def _old_stored_with_news(shared_crawl, site, options: ScanOptions, db: Path) -> None:
    """Crawl /old (which ends at /news/1.html) and /news/1.html: one page, /old's."""
    u = site.url
    settings = replace(_redirect_crawl(site), viewports=(Viewport.DESKTOP,),
                       start_urls=(u("/old"), u("/news/1.html")))
    with open_store(db) as store:
        scan_id = shared_crawl(store, settings, options)
        pages = [(page.url, page.final_url) for page in store.load_run(scan_id).pages]
        summary = store.scan(scan_id)
        counts = store.frontier_counts(scan_id)
    assert pages == [(u("/old"), u("/news/1.html"))]
    assert "redirects" not in summary.options
    assert (counts[FrontierState.DONE], counts[FrontierState.QUEUED]) == (2, 0)


def test_a_resumed_crawl_counts_a_page_scanned_before_it_once(shared_crawl, redirect_twins,
                                                             tmp_path):
    """The pages stored before a resume count: /old, queued for the resumed crawl, leads to
    /news/1.html scanned before it, and is no page of its own."""
    u = redirect_twins.url
    settings = replace(_redirect_crawl(redirect_twins), start_urls=(u("/news/1.html"),))
    with open_store(tmp_path / "a.db") as store:
        scan_id = shared_crawl(store, settings, ONE)
        enqueue_capped(store, scan_id, crawl_scope(settings), settings.viewports,
                       [(u("/old"), 1, u("/"))], known=1)
        assert shared_crawl(store, settings, ONE, resume=scan_id) == scan_id
        urls = {page.url for page in store.load_run(scan_id).pages}
        options = store.scan(scan_id).options
    assert urls == {u("/news/1.html")}
    assert options["redirects"] == {"scanned": {"count": 1, "examples": [u("/old")]}}


def test_a_redirect_decided_in_the_second_viewport_is_counted(shared_crawl, redirect_twins,
                                                             tmp_path):
    """Desktop stores /old (/news/1.html not scanned yet there); mobile has scanned
    /news/1.html before /old, so /old is no page of its own there: counted once."""
    u = redirect_twins.url
    settings = replace(_redirect_crawl(redirect_twins), start_urls=(u("/old"),))
    run = ScanRun(engine="playwright", standard="wcag22aa", tool_version="0")
    with open_store(tmp_path / "a.db") as store:
        scan_id = store.begin_scan(run, options={"crawl": settings.to_json()})
        store.enqueue(scan_id, [(u("/old"), "desktop", 0, None),
                                (u("/news/1.html"), "mobile", 0, None),
                                (u("/old"), "mobile", 0, None),
                                (u("/news/1.html"), "desktop", 0, None)])
        assert shared_crawl(store, settings, ONE, resume=scan_id) == scan_id
        pages = sorted((page.url, str(page.viewport), page.final_url)
                       for page in store.load_run(scan_id).pages)
        options = store.scan(scan_id).options
    assert pages == [(u("/news/1.html"), "mobile", u("/news/1.html")),
                     (u("/old"), "desktop", u("/news/1.html"))]
    assert options["redirects"] == {"scanned": {"count": 1, "examples": [u("/old")]}}


def test_two_workers_reaching_one_page_at_once_store_it_once(shared_crawl, redirect_twins,
                                                             tmp_path):
    """One worker follows /old to /news/1.html while the other opens /news/1.html itself; the
    second is answered only once the first has stored /old (ending at /news/1.html): it finds
    that page when it saves, and stores no second one."""
    site, u, db = redirect_twins, redirect_twins.url, tmp_path / "a.db"
    site.answer("/old", 302, headers={"Location": "/news/1.html",
                                      "Set-Cookie": "via=old; Path=/"})

    def after_old_is_stored(headers) -> None:
        if "via=old" in (headers.get("Cookie") or ""):
            return  # the browser that followed /old
        for _ in range(1200):
            with closing(sqlite3.connect(db)) as connection:
                if connection.execute("SELECT 1 FROM pages WHERE url = ?",
                                      (u("/old"),)).fetchone():
                    return
            time.sleep(0.05)

    site.hold("/news/1.html", after_old_is_stored)
    _old_stored_with_news(shared_crawl, site, FAST, db)
    assert site.hits("/news/1.html") == 2  # both were scanned


@pytest.fixture
def login_wall(redirect_twins):
    """Five protected addresses that redirect to the login page naming themselves (in five
    ways), one whose ``next`` names another address, and one sent to another host's sign-on."""
    site = redirect_twins
    here = quote(site.url("/a4?id=7"), safe="")
    walls = {"/a1": "/login.html?next=/a1",
             "/a2": "/login.html?returnUrl=" + quote(site.url("/a2"), safe=""),
             "/a3": "/login.html?ReturnUrl=%2Fa3",
             "/a4": "/login.html?service=" + quote(here, safe=""),  # encoded twice
             "/a5": "/login.html?from=/a5",
             "/b": "/login.html?next=/zwgk/index.html",
             "/sso": (f"http://localhost:{site.port}/cas/login?service="
                      + quote(site.url("/sso"), safe=""))}
    for path, location in walls.items():
        site.answer(path, 302, headers={"Location": location})
    site.answer("/cas/login", 200, PAGE.format(title="CAS", body="").encode())
    return site


def test_a_login_page_is_scanned_once_and_the_addresses_behind_it_counted(
        shared_crawl, login_wall, tmp_path):
    u, db = login_wall.url, tmp_path / "a.db"
    protected = [u("/a1"), u("/a2"), u("/a3"), u("/a4?id=7"), u("/a5")]
    settings = replace(_redirect_crawl(login_wall),
                       start_urls=(*protected, u("/b"), u("/old"), u("/sso")))
    with open_store(db) as store:
        scan_id = shared_crawl(store, settings, ONE)
        pages = sorted((page.url, str(page.viewport), page.final_url)
                       for page in store.load_run(scan_id).pages)
        options = store.scan(scan_id).options
        counts = store.frontier_counts(scan_id)
    assert pages == [(u(path), viewport, u(final)) for path, final in (
        ("/b", "/login.html?next=/zwgk/index.html"),
        ("/login.html", "/login.html?next=/a1"),
        ("/old", "/news/1.html")) for viewport in ("desktop", "mobile")]
    assert options["redirects"] == {
        "login": {"count": 5, "examples": protected},
        "login_off_site": {"count": 1, "examples": [u("/sso")]}}
    # 8 addresses, the login page, /b's and /old's ends: in both viewports, all done
    assert (counts[FrontierState.DONE], counts[FrontierState.QUEUED]) == (22, 0)
    shown = run_cli("show", str(scan_id), "--db", str(db))
    assert ("5 address(es) need a login (they redirected to the login page, scanned once); "
            "give a login flow to scan them (login: steps of a target in the config file, "
            "a11y-audit run), 1 address(es) need a login on another site (they redirected to "
            "its login page, not scanned); give a login flow to scan them (login: steps of a "
            "target in the config file, a11y-audit run)\n") in shown.stdout
    zh = run_cli("show", str(scan_id), "--db", str(db), env={"A11Y_AUDIT_LANG": "zh-CN"})
    assert "5 个地址需要登录（均重定向到登录页，登录页只检测一次）" in zh.stdout


def test_crawls_in_a_started_browser_find_the_same_and_leave_it_open(shared_crawl, site,
                                                                   tmp_path):
    """Two crawls in one started session (the tests' shared browser): each stores its pages
    as a crawl alone, in a browser of its own, does, and the browser is still there for the
    next one (the second crawl, then a third)."""
    settings = CrawlSettings(start_urls=(site.url("/"),), depth=1, max_pages=3, documents=False)
    with open_store(tmp_path / "a.db") as store, open_store(tmp_path / "own.db") as own:
        ids = [shared_crawl(store, settings, FAST) for _ in range(2)]
        alone_id = crawl(own, settings, FAST)
        first, second = (store.load_run(scan_id) for scan_id in ids)
        alone = own.load_run(alone_id)
        one_more = replace(settings, max_pages=1)
        assert [p.url for p in store.load_run(shared_crawl(store, one_more, FAST)).pages] == [
            site.url("/")]
    assert ids == [1, 2]
    assert first.browser_version == second.browser_version == alone.browser_version
    assert first.browser_version
    assert _pages(first) == _pages(second) == _pages(alone)
    assert len(first.pages) == 3


def _pages(run: ScanRun) -> list[tuple[str, int | None, list[tuple[str, str]]]]:
    return sorted((page.url, page.status, sorted((f.rule, f.selector) for f in page.findings))
                  for page in run.pages)


def test_page_cap_and_both_viewports(shared_crawl, login_and_redirects, tmp_path):
    u = login_and_redirects.url
    settings = CrawlSettings(start_urls=(u("/"),), max_pages=3, documents=False,
                             viewports=(Viewport.DESKTOP, Viewport.MOBILE))
    with open_store(tmp_path / "b.db") as store:
        run = store.load_run(shared_crawl(store, settings, FAST))
    assert sorted((p.url, str(p.viewport)) for p in run.pages) == sorted(
        (u(path), viewport) for path in ("/", "/orphan.html", "/about.html")
        for viewport in ("desktop", "mobile"))


def test_resume_after_sigkill_stores_every_page_exactly_once(chromium, subprocesses, bare,
                                                             tmp_path):
    # a chain of pages, each slow enough (its server, not a script spinning a core) that the
    # kill lands mid-crawl.
    for n in range(CHAIN):
        nxt = f'<a href="/p{n + 1}.html">next</a>' if n < CHAIN - 1 else ""
        bare.answer(f"/p{n}.html", 200, (f'<!doctype html><html lang="en"><title>p{n}</title>'
                                         f'<main><h1>p{n}</h1><img src="/i.png">{nxt}</main>'
                                         '</html>').encode(),
                    headers={"Content-Type": "text/html; charset=utf-8"})
        bare.hold(f"/p{n}.html", lambda headers: time.sleep(SLOW_S))
    db = tmp_path / "kill.db"
    args = [sys.executable, "-m", "audit", "crawl", bare.url("/p0.html"), "--db", str(db),
            "--no-checks", "--no-sitemaps", "--depth", "50", "--concurrency", "1"]
    first = subprocess.Popen(args, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and _stored(db) < 3:
        time.sleep(0.2)
    os.kill(first.pid, signal.SIGKILL)
    first.wait(10)
    stored_before = _stored(db)
    assert 3 <= stored_before < CHAIN
    # the resumed crawl in-process: the process that matters is the one killed
    resumed = run_cli("crawl", "--resume", "1", "--db", str(db))
    assert resumed.returncode == 0, resumed.stderr
    with open_store(db) as store:
        run = store.load_run(1)
        summary = store.scan(1)
    urls = [page.url for page in run.pages]
    assert sorted(urls) == sorted(bare.url(f"/p{n}.html") for n in range(CHAIN))
    assert len(urls) == len(set(urls)) == CHAIN
    assert summary.status == "finished"
    assert summary.violations == CHAIN  # one image-alt per page, none duplicated
    assert f"scan 1: {CHAIN} page(s), 0 not scanned" in resumed.stdout


def _stored(db: Path) -> int:
    if not db.exists():
        return 0
    try:
        with open_store(db) as store:
            return store.scan(1).pages if store.scan_exists(1) else 0
    except Exception:  # noqa: BLE001 - the crawler may be creating the file right now
        return 0


def test_a_worker_with_nothing_to_claim_waits_for_a_page_to_end(shared_crawl, bare, tmp_path):
    """A page worker that finds the frontier empty while another page is scanned waits until
    that page ends (it may queue links) instead of claiming every 0.2 s, each claim a write
    transaction (15 of them while this busy page settles)."""
    bare.answer("/", body=PAGE.format(title="Home", body="<a href='/busy.html'>Busy</a>").encode())
    bare.answer("/busy.html", body=PAGE.format(title="Busy", body=(
        "<p id='n'>0</p><script>let n = 0; const tick = setInterval(() => {"
        "document.getElementById('n').textContent = ++n; if (n === 60) clearInterval(tick);"
        "}, 50);</script>")).encode())
    with open_store(tmp_path / "idle.db") as store:
        claims: list[int] = []
        claim = store.claim

        def counted(scan_id, limit):
            claimed = claim(scan_id, limit)
            claims.append(len(claimed))
            return claimed

        store.claim = counted  # type: ignore[method-assign]
        settings = CrawlSettings(start_urls=(bare.url("/"),), max_pages=5, depth=2,
                                 sitemaps=False)
        scan_id = shared_crawl(store, settings, FAST)
        assert sorted(page.url for page in store.iter_pages(scan_id)) == [
            bare.url("/"), bare.url("/busy.html")]
    # each worker: one claim at the start and one after each page ends, then two to be sure
    # nothing is left: two that got a page, the others empty
    assert sorted(claims, reverse=True)[:2] == [1, 1]
    assert len(claims) == 6


def test_a_viewport_named_twice_is_crawled_once_and_the_page_cap_holds(tmp_path):
    """``--viewport desktop --viewport desktop`` counted each URL as half a page: the cap
    of 2 let a crawl of the fixture site scan 6."""
    settings = CrawlSettings(start_urls=("https://gov.example.cn/",), max_pages=2,
                             viewports=(Viewport.DESKTOP, Viewport.MOBILE, Viewport.DESKTOP))
    assert settings.viewports == (Viewport.DESKTOP, Viewport.MOBILE)
    run = ScanRun(engine="playwright", standard="wcag22aa", tool_version="0")
    with open_store(tmp_path / "a.db") as store:
        scan_id = store.begin_scan(run, options={"crawl": settings.to_json()})
        links = [(f"https://gov.example.cn/{n}", 1, None) for n in range(5)]
        added = enqueue_capped(store, scan_id, crawl_scope(settings), settings.viewports, links,
                               0)
        assert added == 2
        assert sum(store.frontier_counts(scan_id).values()) == 4
        assert stored_settings(store, scan_id).viewports == (Viewport.DESKTOP, Viewport.MOBILE)
