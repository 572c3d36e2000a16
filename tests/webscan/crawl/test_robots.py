from __future__ import annotations

import asyncio

import pytest

from audit.report.i18n import Messages
from audit.report.notes import error_text
from audit.webscan.crawl.fetch import ROBOTS_TOKEN, fetch
from audit.webscan.crawl.politeness import HostLimiter
from audit.webscan.crawl.robots import RobotsCache, RobotsRules, rules_from_answer


def test_rules_from_the_fixture_site(site):
    cache = RobotsCache()
    rules = asyncio.run(cache.load(site.url("/")))
    assert cache.allowed(site.url("/about.html"))
    assert not cache.allowed(site.url("/private/secret.html"))
    assert cache.allowed(site.url("/privateer.html"))
    assert not rules.allowed(site.url("/about.html"), "BadBot")
    assert rules.sitemaps() == [site.url("/sitemap-extra.xml")]
    assert cache.sitemaps() == [site.url("/sitemap-extra.xml")]
    assert rules.crawl_delay() is None
    assert cache.notes() == []
    assert site.user_agents[0].startswith("a11y-audit/")


def test_robots_txt_is_fetched_once_per_origin(site):
    cache = RobotsCache()

    async def many() -> None:
        await asyncio.gather(*(cache.load(site.url(f"/p{n}.html")) for n in range(5)))
        await cache.load(site.url("/again.html"))
        assert await cache.check(site.url("/x.html"))

    asyncio.run(many())
    assert site.hits("/robots.txt") == 1


def test_allowed_before_load_is_a_mistake(site):
    with pytest.raises(LookupError, match="was not loaded"):
        RobotsCache().allowed(site.url("/"))


def test_ignore_robots_allows_all_but_still_reads_sitemaps(site):
    cache = RobotsCache(ignore_robots=True)
    assert cache.allowed(site.url("/private/secret.html"))  # no load needed
    asyncio.run(cache.load(site.url("/")))
    assert cache.allowed(site.url("/private/secret.html"))
    assert cache.sitemaps() == [site.url("/sitemap-extra.xml")]


@pytest.mark.parametrize(("status", "allowed", "note"), [
    (404, True, None),
    (401, True, None),
    (403, True, None),
    (410, True, None),
    (503, False, "/robots.txt answered HTTP 503: everything disallowed (RFC 9309); "
                 "use --ignore-robots for a site you own"),
    (500, False, "/robots.txt answered HTTP 500: everything disallowed (RFC 9309); "
                 "use --ignore-robots for a site you own"),
    (429, False, "/robots.txt answered HTTP 429: everything disallowed (RFC 9309); "
                 "use --ignore-robots for a site you own"),
])
def test_what_an_error_answer_means(bare, status, allowed, note):
    bare.answer("/robots.txt", status, b"User-agent: *\nDisallow: /\n")
    cache = RobotsCache()
    rules = asyncio.run(cache.load(bare.url("/")))
    assert cache.allowed(bare.url("/page.html")) is allowed
    assert rules.note == (f"{bare.origin}{note}" if note else None)
    assert RobotsCache(ignore_robots=True).allowed(bare.url("/page.html"))


def test_no_answer_means_everything_allowed(closed_port):
    cache = RobotsCache(timeout_s=2)
    rules = asyncio.run(cache.load(f"http://127.0.0.1:{closed_port}/"))
    assert cache.allowed(f"http://127.0.0.1:{closed_port}/any")
    assert rules.note.startswith(f"http://127.0.0.1:{closed_port}/robots.txt could not be "
                                 "fetched (")
    assert rules.note.endswith("); everything allowed")


def test_a_robots_txt_behind_redirects_is_followed(bare):
    bare.answer("/robots.txt", 301, headers={"Location": "/real-robots.txt"})
    bare.answer("/real-robots.txt", 200, b"User-agent: *\nDisallow: /x/\n",
                {"Content-Type": "text/plain"})
    cache = RobotsCache()
    asyncio.run(cache.load(bare.url("/")))
    assert not cache.allowed(bare.url("/x/1"))
    assert cache.allowed(bare.url("/y/1"))


def test_crawl_delay_reaches_the_limiter(bare):
    bare.answer("/robots.txt", 200, b"User-agent: *\nCrawl-delay: 4\n")
    limiter = HostLimiter(delay_s=1)
    asyncio.run(RobotsCache(limiter=limiter).load(bare.url("/")))
    assert limiter.delay_for(bare.url("/a")) == 4
    limiter_ignoring = HostLimiter(delay_s=1)
    asyncio.run(RobotsCache(limiter=limiter_ignoring, ignore_robots=True).load(bare.url("/")))
    assert limiter_ignoring.delay_for(bare.url("/a")) == 1


def test_our_own_group_is_used():
    rules = RobotsRules.parse("https://a.cn", "User-agent: *\nDisallow:\n\n"
                              f"User-agent: {ROBOTS_TOKEN}\nDisallow: /search\n")
    assert not rules.allowed("https://a.cn/search?q=1")
    assert rules.allowed("https://a.cn/news")


def test_a_huge_file_is_cut_at_500_kib():
    body = b"User-agent: *\n" + b"# filler\n" * 60_000 + b"Disallow: /late/\n"
    rules = rules_from_answer("https://a.cn", 200, body)
    assert rules.allowed("https://a.cn/late/page")


def test_only_web_urls_are_fetched(tmp_path):
    secret = tmp_path / "secret.txt"
    secret.write_text("do not read")
    answer = asyncio.run(fetch(secret.as_uri()))
    assert (answer.status, answer.body) == (None, b"")
    assert answer.error == f"not an http(s) URL: {secret.as_uri()!r}"


def test_a_redirect_off_the_web_is_not_followed(bare):
    bare.answer("/robots.txt", 302, headers={"Location": "file:///etc/passwd"})
    answer = asyncio.run(fetch(bare.url("/robots.txt")))
    assert answer.status == 302
    assert answer.body == b""


def test_a_robots_txt_saved_with_a_byte_order_mark_still_applies():
    """Notepad on Windows saves UTF-8 with a BOM; Google ignores it, and so must we: with it
    the first line read as an unknown field, and every rule of its group was lost."""
    rules = rules_from_answer("https://a.cn", 200,
                              b"\xef\xbb\xbfUser-agent: *\r\nDisallow: /private/\r\n")
    assert not rules.allowed("https://a.cn/private/secret.html")
    assert rules.allowed("https://a.cn/public.html")


def test_what_robots_txt_stopped_reads_in_chinese(bare, closed_port):
    """The notes a crawl keeps as warnings, and a document robots.txt keeps closed, were
    shown in English in a Chinese crawl."""
    bare.answer("/robots.txt", 503, b"busy")
    cache = RobotsCache(timeout_s=2)
    asyncio.run(cache.load_all([bare.url("/"), f"http://127.0.0.1:{closed_port}/"]))
    zh = Messages("zh-CN")
    busy, unreachable = (error_text(cache.rules(url).note, zh)
                         for url in (bare.url("/"), f"http://127.0.0.1:{closed_port}/"))
    assert busy == (f"{bare.origin}/robots.txt 返回 HTTP 503：全部禁止抓取（RFC 9309）；"
                    "自己的网站可用 --ignore-robots")
    assert unreachable.startswith(f"无法获取 http://127.0.0.1:{closed_port}/robots.txt（无法获取 ")
    assert unreachable.endswith("）；全部允许抓取")
    assert error_text("document not checked: robots.txt does not allow fetching it", zh) == (
        "文档未检查：robots.txt 不允许获取该文件")
