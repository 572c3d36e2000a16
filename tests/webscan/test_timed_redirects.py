"""A page that goes on to another by itself ("3 秒后自动跳转": a timed ``<meta refresh>``, a
``setTimeout`` that sets ``location``) gives one result, every time, in both engines: from the
end of the settle wait to the end of its analysis the tab holds the page's own navigations, so
the page is analysed as it loaded, with its own findings (axe-core's ``meta-refresh`` among
them: a timed refresh fails WCAG 2.2.1) and a note naming where it tried to go. Before, the
refresh landed during axe-core or our checks at random: the page itself, its destination, or
"axe-core did not finish: the page navigated away" (Playwright 1 try in 4).

A page that leaves while the settle wait watches it is settled again where it went (its
menu, built after its own load, is analysed built); a page whose navigation follows a key our
keyboard check pressed is not said to have gone on by itself.
"""

from __future__ import annotations

import asyncio
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import pytest

from audit.model import PageResult, Viewport
from audit.report.notes import english_note
from audit.webscan.axe import load_axe
from audit.webscan.engines import ENGINES
from audit.webscan.scanner import BrowserSession, PageWorker, ScanOptions
from tests.webscan.crawl.server import CrawlSite
from tests.webscan.test_blocking import TRACKER_JS, tracked_page

pytestmark = pytest.mark.browser

TRIES = 5
GATHER_S = 1.5  # a crawl's link collection that takes its time: the timers fire meanwhile
TIMED = ("timed.html?by=refresh", "timed.html?by=script")
HELD = ("the page tried to go on to {url} by itself during the analysis; it was analysed "
        "as it loaded")
AFTER_KEYS = ("the page tried to go on to {url} during the analysis, after our keyboard check "
              "had begun to press keys (by itself or in answer to a key); it was analysed as "
              "it loaded")
WENT_ON = "the page went on to {url} by itself after loading; that page was analysed"
OWN_VIOLATIONS = {"timed.html?by=refresh": {"image-alt": 1, "meta-refresh": 1},
                  "timed.html?by=script": {"image-alt": 1}}
DESTINATION = {"timed.html?by=refresh": "timed-destination.html?from=refresh",
               "timed.html?by=script": "timed-destination.html?from=script"}


def scanned(engine: str, urls: list[str], **changes: Any) -> list[PageResult]:
    """``urls`` scanned as a crawl scans them, in two tabs side by side (``changes`` to the
    options), each page's links gathered (the crawl's ``gather``) in GATHER_S: a page's timers
    of up to a second fire while it is analysed, before our checks press any key, however
    fast the machine."""
    async def gather(_tab, _page) -> None:
        await asyncio.sleep(GATHER_S)

    async def run() -> list[PageResult]:
        options = ScanOptions(engine=engine, **{"concurrency": 2, **changes})
        session = BrowserSession(options)
        await session.start()
        queue = list(urls)
        pages: list[PageResult] = []

        async def work() -> None:
            worker = PageWorker(session, load_axe(None), options)
            try:
                while queue:
                    pages.append((await worker.scan(queue.pop(0), Viewport.DESKTOP, gather))[0])
            finally:
                await worker.close()

        try:
            await asyncio.gather(*(work() for _ in range(options.concurrency)))
        finally:
            await session.close()
        return pages
    return asyncio.run(run())


@pytest.fixture(scope="module")
def runs(chromium, site) -> dict[str, list[PageResult]]:
    """Each timed page TRIES times in each engine (the engines side by side); then the page
    that leaves while it is watched and the one whose link navigates on focus."""
    urls = [site.url(path) for _ in range(TRIES) for path in TIMED]
    urls += [site.url("settle-redirect.html"), site.url("focus-navigates.html")]
    with ThreadPoolExecutor(max_workers=len(ENGINES)) as pool:
        done = {engine: pool.submit(scanned, engine, urls) for engine in ENGINES}
        return {engine: run.result() for engine, run in done.items()}


def summary(page: PageResult) -> dict:
    return {"error": page.error, "final_url": page.final_url, "title": page.title,
            "axe": dict(Counter(f.rule for f in page.violations if f.source == "axe")),
            "notes": [english_note(note) for note in page.notes]}


@pytest.mark.parametrize("engine", ENGINES)
@pytest.mark.parametrize("path", TIMED)
def test_a_timed_redirect_gives_the_page_itself_every_time(runs, site, engine, path):
    pages = [page for page in runs[engine] if page.url == site.url(path)]
    assert len(pages) == TRIES
    expected = {"error": None, "final_url": site.url(path), "title": "即将跳转 — 示范区",
                "axe": OWN_VIOLATIONS[path],
                "notes": [HELD.format(url=site.url(DESTINATION[path]))]}
    assert [summary(page) for page in pages] == [expected] * TRIES
    # the same findings of our own checks every time, too
    assert len({tuple(f.fingerprint for f in page.findings) for page in pages}) == 1


def test_the_held_navigations_never_reached_the_server(runs, site):
    assert "/timed-destination.html" not in site.requests


@pytest.mark.parametrize("engine", ENGINES)
def test_a_page_that_leaves_while_watched_is_settled_where_it_went(runs, site, engine):
    page = next(p for p in runs[engine] if p.url == site.url("settle-redirect.html"))
    menu = site.url("late-menu.html?start=watched")
    # mid-build its items are list items outside a list (axe: listitem); settled, it is clean
    assert summary(page) == {"error": None, "final_url": menu,
                             "title": "A menu built by script after load", "axe": {},
                             "notes": [WENT_ON.format(url=menu)]}
    # ... and analysed whole: its items in their list (listitem passed; with no menu yet, the
    # rule would have had nothing to judge, and mid-build it fails)
    assert "listitem" in page.passed_rules
    # the first wait saw it leave; a later one, where it went, settled (a wait between them may
    # have watched the page being left on a busy machine, and the one that settled may have
    # begun after the menu was built: how many changes it saw depends on the machine; the
    # checks' own wait comes after them)
    waits = page.raw["settle"]
    arrived = next(wait for wait in waits if not wait["left"])
    assert (waits[0]["left"], arrived["settled"], waits.index(arrived) <= 2) == (True, True, True)


@pytest.mark.parametrize("engine", ENGINES)
def test_a_navigation_after_our_key_presses_is_not_called_the_pages_own(runs, site, engine):
    page = next(p for p in runs[engine] if p.url == site.url("focus-navigates.html"))
    assert page.error is None
    assert page.final_url == site.url("focus-navigates.html")
    assert [english_note(note) for note in page.notes] == [
        AFTER_KEYS.format(url=site.url("barriers.html?from=focus"))]


# A moment after the settle wait is over (the hold is on): a tracker's script, a frame of this
# site and one of another (in a process of its own), then a try to leave.
LATE = """<!doctype html><html lang="en"><head><title>Late</title></head><body><main>
<h1>Late</h1><img src="data:,"><script>
  const late = () => {
    const script = document.createElement("script");
    script.src = "TRACKER/hm.js";
    document.body.append(script);
    for (const [title, src] of [["Inner", "/inner.html"], ["Map", "OTHER/frame.html"]]) {
      const frame = document.createElement("iframe");
      Object.assign(frame, {title, src});
      document.body.append(frame);
    }
    setTimeout(() => { location.href = "/elsewhere.html"; }, 300);
  };
  let watched = false;
  const wait = () => {
    watched = watched || Boolean(window.__a11ySettle);
    if (watched && !window.__a11ySettle) setTimeout(late, 200); else setTimeout(wait, 5);
  };
  addEventListener("load", wait);
</script></main></body></html>"""


@pytest.mark.parametrize("engine", ENGINES)
def test_trackers_are_refused_and_frames_load_while_the_navigations_are_held(chromium, engine):
    """...and the next page in the tab, once they are let go, navigates and is gated too."""
    with CrawlSite() as site, CrawlSite() as other, CrawlSite() as tracker:
        tracker.answer("/hm.js", 200, TRACKER_JS, {"Content-Type": "text/javascript"})
        frame = b'<!doctype html><html lang="en"><head><title>F</title></head><body>f</body></html>'
        site.answer("/inner.html", 200, frame)
        other.answer("/frame.html", 200, frame)
        trackers, others = f"http://tracker.test:{tracker.port}", f"http://localhost:{other.port}"
        site.answer("/late.html", 200, LATE.replace("TRACKER", trackers)
                    .replace("OTHER", others).encode())
        site.answer("/next.html", 200, tracked_page("Next", trackers))
        late, after = scanned(engine, [site.url("/late.html"), site.url("/next.html")],
                              concurrency=1, checks=(), blocked_hosts=("tracker.test",),
                              browser_args=("--host-resolver-rules=MAP tracker.test 127.0.0.1",))
        hits = [site.hits("/inner.html"), other.hits("/frame.html"), tracker.hits("/hm.js"),
                site.hits("/elsewhere.html")]
    assert (late.error, late.blocked_requests, late.final_url) == (None, 1, site.url("/late.html"))
    assert [english_note(note) for note in late.notes] == [
        HELD.format(url=site.url("/elsewhere.html"))]
    assert hits == [1, 1, 0, 0]
    assert (after.error, after.blocked_requests, after.title) == (None, 1, "Next")
