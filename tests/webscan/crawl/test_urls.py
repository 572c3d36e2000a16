from __future__ import annotations

import pytest

from audit.webscan.crawl.urls import TRACKING_PARAMS, normalise, same_site, site_key

BASE = "http://www.example.gov.cn/zwgk/tzgg/index.html"

CASES = [
    # (link as written, base, canonical form)
    ("HTTP://WWW.Example.GOV.cn/", None, "http://www.example.gov.cn/"),
    ("http://example.gov.cn", None, "http://example.gov.cn/"),
    ("http://example.gov.cn:80/a", None, "http://example.gov.cn/a"),
    ("https://example.gov.cn:443/a", None, "https://example.gov.cn/a"),
    ("http://example.gov.cn:443/a", None, "http://example.gov.cn:443/a"),
    ("https://example.gov.cn:8443/a", None, "https://example.gov.cn:8443/a"),
    ("http://example.gov.cn/a#section-2", None, "http://example.gov.cn/a"),
    ("http://example.gov.cn/#/news/1", None, "http://example.gov.cn/"),
    ("http://example.gov.cn/?b=2&a=1&c=3", None, "http://example.gov.cn/?a=1&b=2&c=3"),
    ("http://example.gov.cn/?id=2&id=1&a=x", None, "http://example.gov.cn/?a=x&id=2&id=1"),
    ("http://example.gov.cn/p?utm_source=wx&utm_Medium=m&id=7&gclid=1&fbclid=2", None,
     "http://example.gov.cn/p?id=7"),
    ("http://example.gov.cn/p?spm=a2c4g.11186623&from=timeline&isappinstalled=0", None,
     "http://example.gov.cn/p"),
    ("http://example.gov.cn/p.jsp;jsessionid=0A1B2C3D?id=1&PHPSESSID=xyz", None,
     "http://example.gov.cn/p.jsp?id=1"),
    ("http://example.gov.cn/p;v=2", None, "http://example.gov.cn/p;v=2"),
    ("http://example.gov.cn/?&a=1&&", None, "http://example.gov.cn/?a=1"),
    ("http://example.gov.cn/?flag&a=", None, "http://example.gov.cn/?a=&flag"),
    ("http://example.gov.cn/s?q=a+b&w=%e4%b8%ad", None,
     "http://example.gov.cn/s?q=a+b&w=%E4%B8%AD"),
    ("http://example.gov.cn/政务公开/通知.html", None,
     "http://example.gov.cn/%E6%94%BF%E5%8A%A1%E5%85%AC%E5%BC%80/%E9%80%9A%E7%9F%A5.html"),
    ("http://example.gov.cn/%E6%94%BF%e5%8a%a1/", None, "http://example.gov.cn/%E6%94%BF%E5%8A%A1/"),
    ("http://example.gov.cn/s?kw=政务", None, "http://example.gov.cn/s?kw=%E6%94%BF%E5%8A%A1"),
    ("http://example.gov.cn/%7Euser/%41%2Fb", None, "http://example.gov.cn/~user/A%2Fb"),
    ("http://example.gov.cn/a b", None, "http://example.gov.cn/a%20b"),
    ("http://example.gov.cn/100%/", None, "http://example.gov.cn/100%25/"),
    ("http://政府.中国/", None, "http://xn--mxtq1m.xn--fiqs8s/"),
    ("http://Example.gov.cn./a", None, "http://example.gov.cn/a"),
    # a URL copied out of a Chinese sentence keeps its full stop; browsers read 。 and ． as dots
    ("https://www.example.gov.cn。/a", None, "https://www.example.gov.cn/a"),
    ("https://www。example．gov．cn．", None, "https://www.example.gov.cn/"),
    ("http://user:secret@example.gov.cn/a", None, "http://example.gov.cn/a"),
    ("http://[::1]:8080/a", None, "http://[::1]:8080/a"),
    ("http://example.gov.cn/a/./b/../c/", None, "http://example.gov.cn/a/c/"),
    ("http://example.gov.cn/../../a", None, "http://example.gov.cn/a"),
    ("http://example.gov.cn/a/b/..", None, "http://example.gov.cn/a/"),
    ("http://example.gov.cn\\zwgk\\a.html", None, "http://example.gov.cn/zwgk/a.html"),
    # relative links
    ("detail.html", BASE, "http://www.example.gov.cn/zwgk/tzgg/detail.html"),
    ("../../index.html", BASE, "http://www.example.gov.cn/index.html"),
    ("./", BASE, "http://www.example.gov.cn/zwgk/tzgg/"),
    ("/about", BASE, "http://www.example.gov.cn/about"),
    ("?page=2", BASE, "http://www.example.gov.cn/zwgk/tzgg/index.html?page=2"),
    ("#top", BASE, "http://www.example.gov.cn/zwgk/tzgg/index.html"),
    ("//cdn.example.gov.cn/x.pdf", BASE, "http://cdn.example.gov.cn/x.pdf"),
    ("  \n detail.html\t ", BASE, "http://www.example.gov.cn/zwgk/tzgg/detail.html"),
    ("https://other.example/", BASE, "https://other.example/"),
]


@pytest.mark.parametrize(("link", "base", "expected"), CASES)
def test_normalise(link, base, expected):
    assert normalise(link, base) == expected


@pytest.mark.parametrize("link", [
    "mailto:office@example.gov.cn", "tel:+86-10-12345678", "javascript:void(0)",
    "JavaScript:alert(1)", "data:text/html,<p>x</p>", "ftp://example.gov.cn/a",
    "file:///etc/passwd", "http://", "http://example.gov.cn:99999/", "", "weixin://dl/chat",
])
def test_non_web_links_are_none(link):
    assert normalise(link) is None


@pytest.mark.parametrize("link", ["mailto:a@example.gov.cn", "tel:12345", "javascript:;",
                                  "data:,x", "weixin://dl/chat"])
def test_non_web_links_stay_none_with_a_base(link):
    assert normalise(link, BASE) is None


def test_normalising_twice_changes_nothing():
    for link, base, _ in CASES:
        once = normalise(link, base)
        assert normalise(once) == once


def test_tracking_list_is_data():
    assert "utm_*" in TRACKING_PARAMS
    assert "spm" in TRACKING_PARAMS


def test_www_is_the_same_site_other_subdomains_and_ports_are_not():
    starts = ["https://www.example.gov.cn/"]
    assert same_site("http://example.gov.cn/a", starts)
    assert same_site("https://WWW.example.gov.cn:443/b", starts)
    assert not same_site("https://zwfw.example.gov.cn/", starts)
    assert not same_site("https://www.example.gov.cn:8443/", starts)
    assert not same_site("mailto:a@example.gov.cn", starts)
    assert site_key("https://www.example.gov.cn/x") == "example.gov.cn"
    assert site_key("http://127.0.0.1:8000/") == "127.0.0.1:8000"
