"""A page whose axe-core run fails or times out still gives the crawler its links: they are
read once the page has loaded and settled, before axe-core runs, so the part of the site
behind such a page is not lost. The page itself keeps its error."""

from __future__ import annotations

import threading

import pytest

from audit.store import open_store
from audit.webscan.scanner import ScanOptions
from audit.webscan.site_crawl import CrawlSettings, crawl

pytestmark = pytest.mark.browser

# axe-core's budget. The stalling page never lets axe-core finish (its getComputedStyle, which
# axe-core calls and reading links does not, never returns: it waits on a request the server
# holds until the test ends, stuck without spinning a core for both runs), so any budget
# proves it; the budget is one the other pages' runs keep on a busy machine (with 2 s,
# against a stall of 200 ms a call, CI failed this file at load 20-50).
AXE_S = 10
OPTIONS = ScanOptions(concurrency=2, checks=(), timeout_s=15, axe_timeout_s=AXE_S, settle_s=0)
PAGE = "<!doctype html><html lang='en'><head><meta charset='utf-8'><title>{title}</title>" \
       "</head><body><main><h1>{title}</h1>{body}</main></body></html>"
STALL = ("<script>window.getComputedStyle = () => { const request = new XMLHttpRequest();"
         " request.open('GET', '/never', false); request.send(); };</script>")
NO_PROMISES = ("<script>window.Promise = function () { throw new Error('no promises'); };"
               "</script>")
TIMEOUT = (f"the page's scripts did not answer within {AXE_S} s "
           "(the page may be stuck in a script)")
STALLED = (f"axe-core did not finish: {TIMEOUT}; run again without target-size, it did not "
           f"finish either: {TIMEOUT}")
FAILED = "axe-core did not finish: a script failed in the page: no promises"


def html(title: str, body: str = "") -> bytes:
    return PAGE.format(title=title, body=body).encode()


@pytest.fixture
def never(bare):
    """The server holds every request of /never until the test ends."""
    ended = threading.Event()
    bare.hold("/never", lambda headers: ended.wait(300))
    yield
    ended.set()


def test_pages_behind_a_page_whose_axe_run_fails_or_stalls_are_crawled(chromium, bare, never,
                                                                        tmp_path):
    u = bare.url
    bare.answer("/", body=html("Home", "<a href='/fails.html'>Fails</a> "
                                       "<a href='/stalls.html'>Stalls</a>"))
    bare.answer("/fails.html", body=html("Fails", "<a href='/behind-fails.html'>On</a>"
                                                  + NO_PROMISES))
    bare.answer("/stalls.html", body=html("Stalls", "<a href='/behind-stalls.html'>On</a>"
                                                    + STALL))
    bare.answer("/behind-fails.html", body=html("Behind fails"))
    bare.answer("/behind-stalls.html", body=html("Behind stalls"))
    with open_store(tmp_path / "a.db") as store:
        scan_id = crawl(store, CrawlSettings(start_urls=(u("/"),), documents=False), OPTIONS)
        pages = {page.url: page.error for page in store.load_run(scan_id).pages}
    assert pages == {
        u("/"): None,
        u("/fails.html"): FAILED,
        u("/stalls.html"): STALLED,
        u("/behind-fails.html"): None,
        u("/behind-stalls.html"): None,
    }
