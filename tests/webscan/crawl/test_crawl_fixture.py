"""The building blocks together on the fixture site, in real Chromium: a reference crawl loop
(breadth first, one tab) of the kind the scanner runs, and the exact pages and documents.

The site has a sitemap index with two children (one gzipped), a robots.txt with a Disallow
and a Sitemap line, link loops, a redirect chain, a 404, PDF/WPS/XLSX links, tracking and
session parameters, a login-protected area and links to other sites.
"""

from __future__ import annotations

import asyncio
from collections import deque
from dataclasses import dataclass, field

import pytest
from playwright.async_api import Browser, async_playwright

from audit.webscan.browser import find_browser, launch_flags
from audit.webscan.crawl import (
    LINKS_FUNCTION,
    MAX_LINKS,
    FrontierItem,
    HostLimiter,
    RobotsCache,
    Scope,
    default_sitemaps,
    extract,
    normalise,
    origins,
    plan_links,
    plan_seeds,
    read_sitemaps,
)
from tests.webscan.crawl.conftest import SITE
from tests.webscan.crawl.server import CrawlSite

pytestmark = pytest.mark.browser


@dataclass
class Crawl:
    scanned: dict[str, tuple[int, str, int]] = field(default_factory=dict)  # status, final, depth
    documents: dict[str, str | None] = field(default_factory=dict)          # url -> found on
    blocked: set[str] = field(default_factory=set)
    dropped: int = 0


async def crawl(browser: Browser, scope: Scope) -> Crawl:
    """The crawl of ``scope`` in a page of its own (and a browser context of its own)."""
    limiter = HostLimiter(per_host=2)
    robots = RobotsCache(limiter=limiter)
    await robots.load_all(scope.start_urls)
    sitemap_urls = default_sitemaps(scope.start_urls, robots)
    sitemaps = await read_sitemaps(sitemap_urls, limiter=limiter, quiet_if_missing=sitemap_urls)
    assert sitemaps.warnings == []
    result = Crawl()
    seeds = plan_seeds(scope.start_urls, scope, robots,
                       [(page.url, page.sitemap) for page in sitemaps.pages],
                       room=scope.room(0))
    queue: deque[FrontierItem] = deque(seeds.frontier)
    seen = {item.url for item in queue}
    known = len(seen)
    _absorb(result, seeds)
    page = await browser.new_page()
    while queue:
        item = queue.popleft()
        async with limiter.slot(item.url):
            response = await page.goto(item.url, wait_until="load")
        status = response.status if response else 0
        limiter.report(item.url, status)
        final = normalise(page.url) or page.url
        result.scanned[item.url] = (status, final, item.depth)
        seen.add(final)
        if status >= 400:
            continue
        raw = await page.evaluate(LINKS_FUNCTION, MAX_LINKS)
        await robots.load_all(origins(raw, page.url, scope))
        found = extract(raw, page.url, scope, robots)
        step = plan_links(found, item.url, item.depth, scope, seen=seen,
                          room=scope.room(known))
        queue.extend(step.frontier)
        seen.update(new.url for new in step.frontier)
        known += len(step.frontier)
        _absorb(result, step)
    await page.context.close()
    return result


def _absorb(result: Crawl, step) -> None:
    for document in step.documents:
        result.documents.setdefault(document.url, document.found_on)
    result.blocked.update(step.blocked)
    result.dropped += step.dropped


# The crawls of this module, by name: their scopes on the fixture site (given its URLs).
SCOPES = {
    "exact": lambda u: Scope.build([u("/")], exclude=["*/print/*"], max_depth=3),
    "seeds": lambda u: Scope.build([u("/")], max_depth=0),
    "capped": lambda u: Scope.build([u("/")], max_pages=3),
    "section": lambda u: Scope.build([u("/")], include=["/zwgk/*"], exclude=["*/print/*"]),
}


@pytest.fixture(scope="module")
def crawled(chromium):
    """The fixture site (with redirects and a login wall) crawled once per scope of
    ``SCOPES``, one after the other in one browser: (site, {name: (crawl, the paths the
    server was asked for in that crawl)})."""
    with CrawlSite(SITE) as site:
        site.answer("/old", 301, headers={"Location": "/old2"})
        site.answer("/old2", 302, headers={"Location": "/news/1.html"})
        site.answer("/member/profile.html", 302,
                    headers={"Location": "/login.html?next=/member/profile.html"})

        async def crawls() -> dict[str, tuple[Crawl, list[str]]]:
            found = {}
            async with async_playwright() as playwright:
                browser = await playwright.chromium.launch(
                    executable_path=str(find_browser().path), headless=True,
                    args=[*launch_flags(), "--no-sandbox"])
                for name, scope in SCOPES.items():
                    site.requests.clear()
                    result = await crawl(browser, scope(site.url))
                    found[name] = (result, list(site.requests))
                await browser.close()
            return found

        yield site, asyncio.run(crawls())


def _hits(requests: list[str], path: str) -> int:
    return sum(1 for request in requests if request.split("?")[0] == path)


def test_the_exact_pages_scanned_and_documents_recorded(crawled):
    site, (result, requests) = crawled[0], crawled[1]["exact"]
    u = site.url
    assert result.scanned == {
        # depth 0: the start URL, then the sitemaps' pages (robots.txt's Sitemap line first)
        u("/"): (200, u("/"), 0),
        u("/orphan.html"): (200, u("/orphan.html"), 0),
        u("/about.html"): (200, u("/about.html"), 0),
        u("/zwgk/index.html"): (200, u("/zwgk/index.html"), 0),
        u("/news/1.html"): (200, u("/news/1.html"), 0),
        u("/news/2.html"): (200, u("/news/2.html"), 0),
        # depth 1: links found on those
        u("/old"): (200, u("/news/1.html"), 1),
        u("/missing.html"): (404, u("/missing.html"), 1),
        u("/member/profile.html"): (200, u("/login.html?next=/member/profile.html"), 1),
        u("/index.html"): (200, u("/index.html"), 1),
        u("/zwgk/detail.html?id=7"): (200, u("/zwgk/detail.html?id=7"), 1),
    }
    assert result.documents == {
        u("/docs/report.pdf"): u("/sitemaps/pages.xml"),
        u("/docs/data.xlsx"): u("/orphan.html"),
        u("/docs/form.wps"): u("/zwgk/index.html"),
    }
    assert result.blocked == {u("/private/secret.html")}
    requested = {path.split("?")[0] for path in requests}
    assert not requested & {"/private/secret.html", "/zwgk/print/1.html", "/docs/report.pdf",
                            "/docs/form.wps", "/docs/data.xlsx", "/elsewhere.html"}
    assert _hits(requests, "/robots.txt") == 1
    assert _hits(requests, "/news/1.html") == 2  # once as itself, once at the end of /old's chain


def test_depth_and_page_caps(crawled):
    site, found = crawled
    only_seeds, capped = found["seeds"][0], found["capped"][0]
    assert set(only_seeds.scanned) == {site.url(p) for p in (
        "/", "/orphan.html", "/about.html", "/zwgk/index.html", "/news/1.html", "/news/2.html")}
    assert list(capped.scanned) == [site.url("/"), site.url("/orphan.html"),
                                    site.url("/about.html")]
    # 3 seeds, then 4 links of / and 1 of /about.html: counted each time one is met
    assert capped.dropped == 8


def test_include_narrows_the_crawl_to_a_section(crawled):
    site, found = crawled
    result = found["section"][0]
    assert list(result.scanned) == [site.url("/"), site.url("/zwgk/index.html"),
                                    site.url("/zwgk/detail.html?id=7")]
    assert result.documents == {site.url("/docs/report.pdf"): site.url("/sitemaps/pages.xml"),
                                site.url("/docs/form.wps"): site.url("/zwgk/index.html")}
