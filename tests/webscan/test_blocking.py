"""Third-party trackers are refused while scanning (scripts and beacons on deny-listed hosts),
never the site's own resources or fonts; the page record counts them, the findings stay."""

from __future__ import annotations

from fnmatch import fnmatchcase

import pytest

from audit.webscan.blocking import Refusals, default_blocked_hosts, refused, url_patterns
from audit.webscan.engines import ENGINES
from audit.webscan.scanner import ScanOptions, scan
from tests.webscan.crawl.server import CrawlSite

TRACKER_JS = b"window.tracked = (window.tracked || 0) + 1;"
# Scans in the process's browser of each engine (``scanners``): each scan has fresh tabs, and a
# fresh tab is a fresh cache (a Playwright context, a chromedriver session). The tests whose
# browser is launched with arguments of its own, or whose page is stuck in a script, launch
# their own.
ONE_TAB = {"concurrency": 1, "checks": (), "timeout_s": 15}


@pytest.mark.parametrize(("url", "matched"), [
    ("https://hm.baidu.com/hm.js?abc", True),
    ("https://s4.cnzz.com/z_stat.php?id=1", True),
    ("http://hm.baidu.com:8080/hm.gif", True),
    ("https://www.baidu.com/s?wd=hm.baidu.com", False),
    ("https://evilcnzz.com/z.js", False),
    ("https://www.gov.cn/js/cnzz.com.js", False),
])
def test_the_patterns_match_deny_listed_hosts_and_their_subdomains(url, matched):
    """The browser's wildcards (``*`` any run of characters) are fnmatch's without classes."""
    patterns = url_patterns(default_blocked_hosts())
    assert "[" not in "".join(patterns)
    assert any(fnmatchcase(url, pattern) for pattern in patterns) is matched


@pytest.mark.parametrize(("url", "kind", "page", "expected"), [
    ("https://s4.cnzz.com/z.js", "script", "https://www.gov.cn/", True),
    ("https://hm.baidu.com/hm.gif", "ping", "https://www.gov.cn/", True),
    ("https://s4.cnzz.com/font.woff2", "font", "https://www.gov.cn/", False),
    ("https://s4.cnzz.com/a.css", "stylesheet", "https://www.gov.cn/", False),
    ("https://s4.cnzz.com/z.js", "script", "https://www.cnzz.com/about", False),  # its own
    ("https://www.gov.cn/z.js", "script", "https://www.gov.cn/", False),
])
def test_only_trackers_scripts_and_beacons_are_refused(url, kind, page, expected):
    assert refused(url, kind, page, default_blocked_hosts()) is expected


def test_a_tab_counts_what_it_refused_against_the_page_it_shows_until_reset():
    shown = ["https://www.gov.cn/"]
    refusals = Refusals(("cnzz.com",), lambda: shown[0])
    decisions = [refusals("https://s4.cnzz.com/z.js", "script"),
                 refusals("https://s4.cnzz.com/a.css", "stylesheet")]
    shown[0] = "https://www.cnzz.com/"  # the tracker's own site: its scripts are its own
    decisions.append(refusals("https://s4.cnzz.com/z.js", "script"))
    assert (decisions, refusals.count) == ([True, False, False], 1)
    refusals.reset()
    assert refusals.count == 0


@pytest.fixture
def tracked_site():
    """The site on 127.0.0.1 and a tracker (with a font) on localhost, another port."""
    with CrawlSite() as site, CrawlSite() as tracker:
        tracker.answer("/hm.js", 200, TRACKER_JS, {"Content-Type": "text/javascript"})
        tracker.answer("/font.woff2", 200, b"wOF2", {"Content-Type": "font/woff2"})
        site.answer("/own.js", 200, TRACKER_JS, {"Content-Type": "text/javascript"})
        other = f"http://localhost:{tracker.port}"
        site.answer("/page.html", 200, (
            '<!doctype html><html lang="en"><head><title>Tracked</title><style>'
            f'@font-face {{ font-family: Gov; src: url("{other}/font.woff2") }}'
            'body { font-family: Gov, sans-serif }</style>'
            f'<script src="{other}/hm.js"></script><script src="/own.js"></script></head>'
            '<body><main><h1>Page</h1><img src="data:,"><p style="color:#aaa">faint</p>'
            '</main></body></html>').encode())
        yield site, tracker


@pytest.mark.parametrize("engine", ENGINES)
def test_a_tracker_on_another_port_is_refused_with_the_same_findings(scanners, tracked_site,
                                                                      engine):
    site, tracker = tracked_site
    [loaded] = scanners[engine].scan([site.url("/page.html")], **ONE_TAB,
                                     blocked_hosts=()).pages
    hits = tracker.hits("/hm.js")
    [blocked] = scanners[engine].scan([site.url("/page.html")], **ONE_TAB,
                                      blocked_hosts=("localhost", "127.0.0.1")).pages
    assert (loaded.error, blocked.error) == (None, None)
    assert (hits, tracker.hits("/hm.js")) == (1, 1)  # not requested again
    assert tracker.hits("/font.woff2") == 2  # fonts always load
    assert site.hits("/own.js") == 2  # the site's own scripts too, deny-listed host or not
    assert (loaded.blocked_requests, blocked.blocked_requests) == (0, 1)
    assert sorted(blocked.findings, key=lambda f: f.fingerprint) == \
        sorted(loaded.findings, key=lambda f: f.fingerprint)
    assert {f.rule for f in blocked.findings} == {"image-alt", "color-contrast"}


@pytest.mark.parametrize("engine", ENGINES)
def test_pages_of_a_site_share_its_cached_stylesheets_and_scripts_while_trackers_are_refused(
        scanners, engine):
    """Refusing trackers leaves the browser's cache on: a stylesheet and a script every page
    of a site shares (cacheable an hour) are fetched once in a tab, not once a page."""
    cached = {"Cache-Control": "max-age=3600"}
    with CrawlSite() as site, CrawlSite() as tracker:
        tracker.answer("/hm.js", 200, TRACKER_JS, {"Content-Type": "text/javascript"})
        site.answer("/shared.css", 200, b"main { color: #222 }",
                    {"Content-Type": "text/css", **cached})
        site.answer("/shared.js", 200, TRACKER_JS, {"Content-Type": "text/javascript", **cached})
        for n in range(4):
            site.answer(f"/{n}.html", 200, (
                f'<!doctype html><html lang="en"><head><title>Page {n}</title>'
                '<link rel="stylesheet" href="/shared.css"><script src="/shared.js"></script>'
                f'<script src="http://localhost:{tracker.port}/hm.js"></script></head>'
                f'<body><main><h1>Page {n}</h1><img src="data:,"></main></body></html>').encode())
        pages = scanners[engine].scan([site.url(f"/{n}.html") for n in range(4)], **ONE_TAB,
                                      blocked_hosts=("localhost",)).pages
    assert [(p.error, p.blocked_requests) for p in pages] == [(None, 1)] * 4
    assert [{f.rule for f in p.findings} for p in pages] == [{"image-alt"}] * 4
    assert (site.hits("/shared.css"), site.hits("/shared.js"), tracker.hits("/hm.js")) == (1, 1, 0)


@pytest.mark.parametrize("engine", ENGINES)
def test_trackers_of_frames_of_other_sites_and_of_workers_are_refused_too(scanners, engine):
    """A frame of another site runs in a process of its own, a worker in a thread of its
    own: their tracker scripts are refused (and counted) like the page's."""
    with CrawlSite() as site, CrawlSite() as other:
        other.answer("/hm.js", 200, TRACKER_JS, {"Content-Type": "text/javascript"})
        other.answer("/frame.html", 200, b'<!doctype html><html lang="en"><head><title>Map'
                     b'</title><script src="/hm.js"></script></head><body><p>map</p></body>'
                     b'</html>')
        site.answer("/worker.js", 200, f'importScripts("http://localhost:{other.port}/hm.js")'
                    .encode(), {"Content-Type": "text/javascript"})
        site.answer("/page.html", 200, (
            '<!doctype html><html lang="en"><head><title>Framed</title></head><body><main>'
            f'<h1>Page</h1><iframe title="Map" src="http://localhost:{other.port}/frame.html">'
            '</iframe><script>new Worker("/worker.js")</script></main></body></html>').encode())
        [page] = scanners[engine].scan([site.url("/page.html")], **ONE_TAB,
                                       blocked_hosts=("localhost",)).pages
    assert (page.error, page.blocked_requests) == (None, 2)
    assert (other.hits("/frame.html"), site.hits("/worker.js"), other.hits("/hm.js")) == (1, 1, 0)


def tracked_page(title: str, tracker: str) -> bytes:
    return (f'<!doctype html><html lang="en"><head><title>{title}</title>'
            f'<script src="{tracker}/hm.js"></script></head><body><main><h1>{title}</h1>'
            '<img src="data:,"></main></body></html>').encode()


@pytest.mark.parametrize("engine", ENGINES)
def test_trackers_are_refused_on_pages_of_two_sites_in_one_tab(chromium, engine):
    """127.0.0.1 and localhost are two sites, so the tab goes from one process to another
    between them: the gate holds on (the tracker a third host, tracker.test)."""
    with CrawlSite() as site, CrawlSite() as tracker:
        tracker.answer("/hm.js", 200, TRACKER_JS, {"Content-Type": "text/javascript"})
        other = f"http://tracker.test:{tracker.port}"
        for n in range(3):
            site.answer(f"/{n}.html", 200, tracked_page(f"Page {n}", other))
        urls = [site.url("/0.html"), f"http://localhost:{site.port}/1.html", site.url("/2.html")]
        options = ScanOptions(engine=engine, concurrency=1, checks=(), timeout_s=15,
                              blocked_hosts=("tracker.test",),
                              browser_args=("--host-resolver-rules=MAP tracker.test 127.0.0.1",))
        pages = scan(urls, options).pages
    assert [(p.error, p.blocked_requests) for p in pages] == [(None, 1)] * 3
    assert [{f.rule for f in p.findings} for p in pages] == [{"image-alt"}] * 3
    assert (site.hits("/1.html"), tracker.hits("/hm.js")) == (1, 0)


@pytest.mark.parametrize("engine", ENGINES)
def test_the_tab_that_replaces_a_broken_one_refuses_trackers_too(chromium, engine):
    """A page stuck in a script costs its tab; the next page, in a new tab, is gated too."""
    with CrawlSite() as site, CrawlSite() as tracker:
        tracker.answer("/hm.js", 200, TRACKER_JS, {"Content-Type": "text/javascript"})
        other = f"http://localhost:{tracker.port}"
        site.answer("/before.html", 200, tracked_page("Before", other))
        site.answer("/stuck.html", 200, tracked_page("Stuck", other).replace(
            b"</body>", b'<script>addEventListener("load", () => setTimeout(() => { for (;;) {} '
                        b'}, 50))</script></body>'))
        site.answer("/after.html", 200, tracked_page("After", other))
        options = ScanOptions(engine=engine, concurrency=1, checks=(), timeout_s=5,
                              blocked_hosts=("localhost",))
        before, stuck, after = scan([site.url(f"/{name}.html")
                                     for name in ("before", "stuck", "after")], options).pages
    assert stuck.error is not None and "stuck in a script" in stuck.error
    assert [(p.error, p.blocked_requests) for p in (before, after)] == [(None, 1)] * 2
    assert tracker.hits("/hm.js") == 0
