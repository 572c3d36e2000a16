from __future__ import annotations

import asyncio
import gzip

import pytest

from audit.report.i18n import Messages
from audit.report.notes import error_text
from audit.webscan.crawl.politeness import HostLimiter
from audit.webscan.crawl.robots import RobotsCache
from audit.webscan.crawl.sitemaps import (
    SitemapError,
    SitemapKind,
    SitemapPage,
    default_sitemaps,
    parse_sitemap,
    read_sitemaps,
)

URLSET = b"""<?xml version="1.0" encoding="UTF-8"?>
<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
  <url><loc>https://a.cn/x?b=1&amp;a=2</loc></url>
  <url><loc>https://a.cn/x?a=2&amp;b=1#frag</loc></url>
  <url><loc>https://a.cn/%e6%94%bf</loc></url>
  <url><loc>mailto:a@a.cn</loc></url>
  <url><lastmod>2025-01-01</lastmod></url>
</urlset>"""

BILLION_LAUGHS = b"""<?xml version="1.0"?>
<!DOCTYPE lolz [
 <!ENTITY lol "lol">
 <!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
 <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
 <!ENTITY lol9 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
]>
<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
  <url><loc>https://a.cn/&lol9;</loc></url>
</urlset>"""

EXTERNAL_ENTITY = b"""<?xml version="1.0"?>
<!DOCTYPE urlset [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>
<urlset><url><loc>https://a.cn/&xxe;</loc></url></urlset>"""


def test_parse_a_urlset():
    parsed = parse_sitemap(URLSET)
    assert parsed.kind is SitemapKind.URLSET
    assert parsed.locs == ("https://a.cn/x?a=2&b=1", "https://a.cn/%E6%94%BF")


def test_parse_an_index_without_namespace_and_gzipped():
    index = b"<sitemapindex><sitemap><loc>https://a.cn/s1.xml</loc></sitemap>" \
            b"<sitemap><loc> https://a.cn/s2.xml.gz </loc></sitemap></sitemapindex>"
    parsed = parse_sitemap(gzip.compress(index))
    assert parsed.kind is SitemapKind.INDEX
    assert parsed.locs == ("https://a.cn/s1.xml", "https://a.cn/s2.xml.gz")


def test_parse_a_text_sitemap():
    text = "\ufeffhttps://a.cn/1\n\nhttps://a.cn/2?utm_source=x\nnot a url\n".encode()
    assert parse_sitemap(text).locs == ("https://a.cn/1", "https://a.cn/2")


@pytest.mark.parametrize(("data", "message"), [
    (BILLION_LAUGHS, "s.xml was refused: it declares a DTD or entities, which a sitemap never "
                     "needs (possible entity-expansion attack: "),
    (EXTERNAL_ENTITY, "s.xml was refused: it declares a DTD or entities"),
    (b"<urlset><url><loc>https://a.cn/</loc></url>", "s.xml is not well-formed XML ("),
    (b"<html><body>Not found</body></html>", "s.xml is not a sitemap (its root element is "
                                             "<html>)"),
    (b"\x1f\x8b\x08garbage", "s.xml is not valid gzip ("),
])
def test_bad_sitemaps_raise_a_sitemap_error(data, message):
    with pytest.raises(SitemapError) as err:
        parse_sitemap(data, "s.xml")
    assert str(err.value).startswith(message)


def test_a_gzip_bomb_is_refused(monkeypatch):
    monkeypatch.setattr("audit.webscan.crawl.sitemaps.MAX_SITEMAP_BYTES", 1000)
    with pytest.raises(SitemapError, match="unpacks to more than 1000 bytes"):
        parse_sitemap(gzip.compress(b"<urlset>" + b" " * 5000 + b"</urlset>"), "s.xml.gz")


def test_the_fixture_sites_sitemaps(site):
    async def discover() -> tuple[list[str], object]:
        robots = RobotsCache()
        await robots.load(site.url("/"))
        sitemaps = default_sitemaps([site.url("/")], robots)
        return sitemaps, await read_sitemaps(sitemaps, quiet_if_missing=sitemaps[:1])

    sitemaps, result = asyncio.run(discover())
    assert sitemaps == [site.url("/sitemap.xml"), site.url("/sitemap-extra.xml")]
    pages, news = site.url("/sitemaps/pages.xml"), site.url("/sitemaps/news.xml.gz")
    assert result.pages == [
        SitemapPage(site.url("/orphan.html"), site.url("/sitemap-extra.xml")),
        SitemapPage(site.url("/"), pages),
        SitemapPage(site.url("/about.html"), pages),
        SitemapPage(site.url("/zwgk/index.html"), pages),
        SitemapPage(site.url("/private/secret.html"), pages),
        SitemapPage(site.url("/docs/report.pdf"), pages),
        SitemapPage(site.url("/news/1.html"), news),
        SitemapPage(site.url("/news/2.html"), news),
    ]
    assert result.read == [site.url("/sitemap.xml"), site.url("/sitemap-extra.xml"), pages, news]
    assert result.warnings == []


def test_a_malformed_or_missing_child_is_skipped_with_a_warning(bare):
    index = (f"<sitemapindex><sitemap><loc>{bare.url('/bad.xml')}</loc></sitemap>"
             f"<sitemap><loc>{bare.url('/gone.xml')}</loc></sitemap>"
             f"<sitemap><loc>{bare.url('/attack.xml')}</loc></sitemap>"
             f"<sitemap><loc>{bare.url('/good.xml')}</loc></sitemap></sitemapindex>")
    bare.answer("/sitemap.xml", 200, index.encode())
    bare.answer("/bad.xml", 200, b"<urlset><url><loc>https://a.cn/</loc></url>")
    bare.answer("/attack.xml", 200, BILLION_LAUGHS)
    bare.answer("/good.xml", 200, f"<urlset><url><loc>{bare.url('/ok')}</loc></url>"
                                  "</urlset>".encode())
    result = asyncio.run(read_sitemaps([bare.url("/sitemap.xml")]))
    assert result.urls == [bare.url("/ok")]
    assert result.read == [bare.url("/sitemap.xml"), bare.url("/good.xml")]
    assert len(result.warnings) == 3
    assert result.warnings[0].startswith(f"{bare.url('/bad.xml')} is not well-formed XML (")
    assert result.warnings[1] == f"{bare.url('/gone.xml')}: the server answered HTTP 404; skipped"
    assert result.warnings[2].startswith(f"{bare.url('/attack.xml')} was refused: it declares")


def test_a_missing_default_sitemap_is_no_warning(bare):
    result = asyncio.run(read_sitemaps([bare.url("/sitemap.xml")],
                                       quiet_if_missing=[bare.url("/sitemap.xml")]))
    assert (result.pages, result.read, result.warnings) == ([], [], [])


def test_index_loops_and_limits_are_bounded(bare):
    loop = f"<sitemapindex><sitemap><loc>{bare.url('/a.xml')}</loc></sitemap></sitemapindex>"
    bare.answer("/a.xml", 200, loop.encode())
    result = asyncio.run(read_sitemaps([bare.url("/a.xml")]))
    assert result.read == [bare.url("/a.xml")]
    assert bare.hits("/a.xml") == 1

    for n in range(5):
        nxt = bare.url(f"/n{n + 1}.xml")
        bare.answer(f"/n{n}.xml", 200,
                    f"<sitemapindex><sitemap><loc>{nxt}</loc></sitemap></sitemapindex>".encode())
    deep = asyncio.run(read_sitemaps([bare.url("/n0.xml")], max_depth=2))
    assert deep.read == [bare.url("/n0.xml"), bare.url("/n1.xml"), bare.url("/n2.xml")]
    assert deep.warnings == [f"{bare.url('/n2.xml')}: sitemap index nested deeper than 2 "
                             "levels; its children were not read"]


def test_files_that_fail_count_against_the_file_cap(bare):
    """A stale index listing thousands of deleted sitemaps was fetched to the last one before
    the crawl began: only the files read counted against ``max_files``."""
    index = "".join(f"<sitemap><loc>{bare.url(f'/gone{n}.xml')}</loc></sitemap>"
                    for n in range(30))
    bare.answer("/sitemap.xml", 200, f"<sitemapindex>{index}</sitemapindex>".encode())
    result = asyncio.run(read_sitemaps([bare.url("/sitemap.xml")], max_files=5))
    assert [path for path in bare.requests if path.startswith("/gone")] == [
        f"/gone{n}.xml" for n in range(4)]
    assert result.read == [bare.url("/sitemap.xml")]
    assert result.warnings[-1] == ("stopped reading sitemaps at 5 files or 50000 URLs; "
                                   "26 sitemap(s) not read")


def test_url_cap(bare):
    body = "".join(f"<url><loc>{bare.url(f'/p{n}')}</loc></url>" for n in range(10))
    bare.answer("/s.xml", 200, f"<urlset>{body}</urlset>".encode())
    bare.answer("/t.xml", 200, f"<urlset>{body}</urlset>".encode())
    result = asyncio.run(read_sitemaps([bare.url("/s.xml"), bare.url("/t.xml")], max_urls=4))
    assert result.urls == [bare.url(f"/p{n}") for n in range(4)]
    assert result.warnings == ["stopped reading sitemaps at 100 files or 4 URLs; "
                               "1 sitemap(s) not read"]


def test_429_on_a_sitemap_backs_the_host_off(bare):
    bare.answer("/s.xml", 429, b"", {"Retry-After": "30"})
    limiter = HostLimiter(clock=lambda: 1000.0)  # stopped: the back-off is read as set
    result = asyncio.run(read_sitemaps([bare.url("/s.xml")], limiter=limiter))
    assert result.warnings == [f"{bare.url('/s.xml')}: the server answered HTTP 429; skipped"]
    assert limiter.backing_off(bare.url("/")) == 30


def test_every_warning_reads_in_chinese(bare, monkeypatch):
    """What went wrong reading the sitemaps is stored in English and shown in the reader's
    language (``page_error`` words, like a page's error): none is left in English."""
    monkeypatch.setattr("audit.webscan.crawl.sitemaps.MAX_SITEMAP_BYTES", 1000)
    answers = {"/bad.xml": b"<urlset><url><loc>https://a.cn/</loc></url>",
               "/attack.xml": BILLION_LAUGHS, "/html.xml": b"<html><body>Not found</body></html>",
               "/zip.xml": b"\x1f\x8b\x08garbage", "/big.xml": b"<urlset>" + b" " * 2000,
               "/bomb.xml": gzip.compress(b"<urlset>" + b" " * 5000 + b"</urlset>"),
               "/deep.xml": f"<sitemapindex><sitemap><loc>{bare.url('/deeper.xml')}</loc>"
                            "</sitemap></sitemapindex>".encode()}
    for path, body in answers.items():
        bare.answer(path, 200, body)
    index = "".join(f"<sitemap><loc>{bare.url(path)}</loc></sitemap>"
                    for path in ["/gone.xml", *answers, "/later.xml"])
    bare.answer("/sitemap.xml", 200, f"<sitemapindex>{index}</sitemapindex>".encode())
    closed = "http://127.0.0.1:1/sitemap.xml"  # nothing listens on port 1: refused
    result = asyncio.run(read_sitemaps([bare.url("/sitemap.xml"), closed], max_depth=1,
                                       max_files=10))
    assert len(result.warnings) == 10
    zh = Messages("zh-CN")
    assert [w for w in result.warnings if error_text(w, zh) == w] == []
    worded = [error_text(w, zh) for w in result.warnings]
    assert f"{bare.url('/gone.xml')}：服务器返回 HTTP 404；已跳过" in worded
    assert f"{bare.url('/deep.xml')}：站点地图索引嵌套超过 1 层；其下级站点地图未读取" in worded
    assert worded[0].startswith(f"{closed}：无法获取 {closed}：")
    assert worded[-1] == ("站点地图读取达到上限（10 个文件或 50000 个网址）后停止；"
                          "1 个站点地图未读取")
