"""Third-party trackers are refused while scanning (scripts and beacons on deny-listed hosts),
never the site's own resources or fonts; the page record counts them, the findings stay."""

from __future__ import annotations

from dataclasses import replace

import pytest

from audit.webscan.blocking import default_blocked_hosts, host_pattern, refused
from audit.webscan.scanner import ScanOptions, scan
from tests.webscan.crawl.server import CrawlSite

TRACKER_JS = b"window.tracked = (window.tracked || 0) + 1;"


@pytest.mark.parametrize(("url", "matched"), [
    ("https://hm.baidu.com/hm.js?abc", True),
    ("https://s4.cnzz.com/z_stat.php?id=1", True),
    ("http://hm.baidu.com:8080/hm.gif", True),
    ("https://www.baidu.com/s?wd=hm.baidu.com", False),
    ("https://evilcnzz.com/z.js", False),
    ("https://www.gov.cn/js/cnzz.com.js", False),
])
def test_the_pattern_matches_deny_listed_hosts_and_their_subdomains(url, matched):
    assert bool(host_pattern(default_blocked_hosts()).search(url)) is matched


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


def test_a_tracker_on_another_port_is_refused_with_the_same_findings(chromium, tracked_site):
    site, tracker = tracked_site
    options = ScanOptions(concurrency=1, checks=(), timeout_s=15)
    [loaded] = scan([site.url("/page.html")], replace(options, blocked_hosts=())).pages
    hits = tracker.hits("/hm.js")
    [blocked] = scan([site.url("/page.html")],
                     replace(options, blocked_hosts=("localhost", "127.0.0.1"))).pages
    assert (loaded.error, blocked.error) == (None, None)
    assert (hits, tracker.hits("/hm.js")) == (1, 1)  # not requested again
    assert tracker.hits("/font.woff2") == 2  # fonts always load
    assert site.hits("/own.js") == 2  # the site's own scripts too, deny-listed host or not
    assert (loaded.blocked_requests, blocked.blocked_requests) == (0, 1)
    assert sorted(blocked.findings, key=lambda f: f.fingerprint) == \
        sorted(loaded.findings, key=lambda f: f.fingerprint)
    assert {f.rule for f in blocked.findings} == {"image-alt", "color-contrast"}
