"""The link collector in real Chromium, through Playwright's async API."""

from __future__ import annotations

import asyncio

import pytest
from playwright.async_api import async_playwright

from audit.webscan.browser import find_browser, launch_flags
from audit.webscan.crawl.links import LINKS_FUNCTION, MAX_LINKS, LinkSet, extract, origins
from audit.webscan.crawl.robots import RobotsCache
from audit.webscan.crawl.scope import Scope
from tests.webscan.crawl.conftest import SITE
from tests.webscan.crawl.server import CrawlSite

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def links_site():
    with CrawlSite(SITE) as running:
        yield running


@pytest.fixture(scope="module")
def collected(chromium, links_site) -> dict[tuple[str, int], list[str]]:
    """The script's raw output for each fixture page (and limit), from one browser."""
    wanted = [("/links/page.html", MAX_LINKS), ("/links/based.html", MAX_LINKS),
              ("/links/many.html", MAX_LINKS), ("/links/many.html", 3)]

    async def run() -> dict[tuple[str, int], list[str]]:
        async with async_playwright() as playwright:
            browser = await playwright.chromium.launch(
                executable_path=str(find_browser().path), headless=True,
                args=[*launch_flags(), "--no-sandbox"])
            page = await browser.new_page()
            found = {}
            for path, limit in wanted:
                await page.goto(links_site.url(path), wait_until="load")
                found[path, limit] = await page.evaluate(LINKS_FUNCTION, limit)
            await browser.close()
            return found

    return asyncio.run(run())


def test_raw_links_after_scripts_ran(collected, links_site):
    site = links_site
    raw = collected["/links/page.html", MAX_LINKS]
    here = site.url("/links/")
    assert raw == [
        f"{here}a.html", site.url("/about.html"), site.url("/zwgk/%e6%94%bf.html"),
        site.url("/zwgk/%E6%94%BF.html"), f"{here}b.html?utm_source=wx&id=3&spm=a.b",
        f"{here}b.html?id=3", site.url("/docs/report.pdf"), f"{here}page.html",
        f"http://localhost:{site.port}/elsewhere.html", f"{here}area.html",
        f"{here}added-by-script.html", f"{here}added-on-load.html?from=menu",
        f"{here}framed.html", f"{here}shadow.html",
    ]


def test_extracted_links_of_the_fixture_page(collected, links_site):
    site = links_site
    raw = collected["/links/page.html", MAX_LINKS]
    page_url = site.url("/links/page.html")
    scope = Scope.build([site.url("/")])
    robots = RobotsCache()
    asyncio.run(robots.load_all(origins(raw, page_url, scope)))
    here = site.url("/links/")
    assert extract(raw, page_url, scope, robots) == LinkSet(
        pages=(f"{here}a.html", site.url("/about.html"), site.url("/zwgk/%E6%94%BF.html"),
               f"{here}b.html?id=3", f"{here}area.html", f"{here}added-by-script.html",
               f"{here}added-on-load.html", f"{here}framed.html", f"{here}shadow.html"),
        documents=(site.url("/docs/report.pdf"),),
    )


def test_base_href_is_honoured(collected, links_site):
    site = links_site
    raw = collected["/links/based.html", MAX_LINKS]
    assert raw == [site.url("/elsewhere/deeper/x.html"), site.url("/elsewhere/y.html"),
                   site.url("/z.html")]


def test_the_count_is_capped(collected, links_site):
    assert len(collected["/links/many.html", MAX_LINKS]) == MAX_LINKS
    assert collected["/links/many.html", 3] == [
        links_site.url(f"/links/p{n}.html") for n in range(3)]
