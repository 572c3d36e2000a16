"""A crawl of a site full of traps, through the command line, in real Chromium.

The start page links to an endless calendar, a page of 6,000 links, javascript:, data:,
vbscript:, mailto: and file: links and a redirect to javascript:; robots.txt is binary junk
and sitemap.xml an XML entity bomb. The crawl must end by itself within --max-pages, keep
its frontier within the limit, scan the innocent page as usual, record the redirect with its
reason, follow no script link, and refuse the sitemap with a warning.
"""

from __future__ import annotations

from collections import Counter

import pytest

from audit.store import open_store
from tests.hostile.conftest import a11y

pytestmark = [pytest.mark.browser, pytest.mark.timeout(300)]
MAX_PAGES = 12


@pytest.fixture(scope="module")
def crawled(hostile, tmp_path_factory, chromium):
    db = tmp_path_factory.mktemp("crawl") / "crawl.db"
    result = a11y("crawl", hostile.url("crawl-start.html"), "--db", str(db), "--max-pages",
                  str(MAX_PAGES), "--depth", "100", "--concurrency", "2", "--timeout", "10",
                  "--checks", "bypass")
    with open_store(db) as store:
        pages = {page.url: page for page in store.iter_pages(1)}
        frontier = store.frontier_counts(1)
    return result, pages, frontier


def test_the_crawl_ends_within_its_limit(crawled):
    result, pages, frontier = crawled
    assert result.exit_code == 0, result.output
    assert len(pages) == MAX_PAGES
    assert sum(frontier.values()) == MAX_PAGES  # the 6,000 links were never queued


def test_the_innocent_page_is_scanned_as_usual(crawled, hostile):
    _, pages, _ = crawled
    innocent = pages[hostile.url("innocent.html")]
    assert innocent.error is None
    assert Counter(f.rule for f in innocent.violations) == {"image-alt": 1}


def test_a_redirect_to_javascript_is_recorded_with_its_reason(crawled, hostile):
    _, pages, _ = crawled
    assert pages[hostile.url("js-redirect")].error == (
        "the browser stopped loading the page and showed nothing: the server answered with no "
        "content or redirected to an address that is not a web page (such as javascript:)")


def test_no_script_link_was_followed(crawled, hostile):
    _, pages, _ = crawled
    assert all(url.startswith(hostile.origin) for url in pages)
    assert set(hostile.beacons()) & {"crawl-javascript", "crawl-data", "js-redirect"} == set()


def test_the_sitemap_bomb_is_refused_with_a_warning(crawled, hostile):
    result, _, _ = crawled
    assert (f"警告：{hostile.url('sitemap.xml')} 已被拒绝：它声明了 DTD 或实体，而站点地图从不需要"
            "这些（可能是实体扩展攻击：DTDForbidden(name='lolz', system_id=None, public_id=None)）"
            "；已跳过") in result.output.splitlines()
