"""The Selenium engine against a remote WebDriver end (a local chromedriver stands in as Grid)."""

from __future__ import annotations

import pytest

from audit.webscan.scanner import ScanOptions, scan
from tests.webscan.crawl.server import CrawlSite


def test_scan_through_a_remote_webdriver(site, remote_url):
    run = scan([site.url("barriers.html")],
               ScanOptions(engine="selenium", remote_url=remote_url, concurrency=1))
    assert run.engine == "selenium"
    assert run.browser_version and run.browser_version.split(".")[0].isdigit()
    assert len(run.pages[0].violations) == 6


def test_a_remote_session_refuses_no_trackers(remote_url):
    """A Grid gives no DevTools connection to hold requests with: everything loads, none is
    counted as refused."""
    with CrawlSite() as site, CrawlSite() as tracker:
        tracker.answer("/hm.js", 200, b"window.tracked = 1;", {"Content-Type": "text/javascript"})
        site.answer("/page.html", 200, (
            '<!doctype html><html lang="en"><head><title>Tracked</title><script src="http://'
            f'localhost:{tracker.port}/hm.js"></script></head><body><main><h1>Page</h1></main>'
            '</body></html>').encode())
        [page] = scan([site.url("/page.html")],
                      ScanOptions(engine="selenium", remote_url=remote_url, concurrency=1,
                                  checks=(), blocked_hosts=("localhost",))).pages
    assert (page.error, page.blocked_requests, tracker.hits("/hm.js")) == (None, 0, 1)


def test_unreachable_remote_is_an_environment_error(site):
    from audit.errors import BrowserNotFound

    with pytest.raises(BrowserNotFound, match=r"^could not start a Selenium session "
                                              r"\(http://127\.0\.0\.1:9/\)"):
        scan([site.url("barriers.html")],
             ScanOptions(engine="selenium", remote_url="http://127.0.0.1:9/", concurrency=1))
