from __future__ import annotations

import pytest

from audit.webscan.fingerprint import element_anchor, fingerprint, normalise_selector, page_key


@pytest.mark.parametrize(("selector", "expected"), [
    ("#logo", "#logo"),
    ("ul > li:nth-child(3) > a", "ul > li > a"),
    ("div:nth-of-type(12) > img", "div > img"),
    ("#item-20231 > a", " > a"),
    ("#el-8f3a9c2d1b > button", " > button"),
    ("#\\:r1\\: > input", " > input"),
    ("#main-nav > a", "#main-nav > a"),
    ("#card >>> img", "#card >>> img"),
])
def test_selector_loses_volatile_parts(selector, expected):
    assert normalise_selector(selector) == expected


def test_anchor_keeps_stable_attributes_only():
    html = '<img data-id="99" src="/a/logo.png" class="x" alt="">'
    assert element_anchor(html) == "img src=/a/logo.png alt="


def test_page_key_sorts_query_and_drops_host_and_fragment():
    assert page_key("https://a.gov.cn/art.php?b=2&id=5#top") == "/art.php?b=2&id=5"
    assert page_key("https://a.gov.cn/art.php?id=5&b=2") == "/art.php?b=2&id=5"
    assert page_key("https://a.gov.cn") == "/"


def test_same_barrier_survives_regenerated_ids_and_reordering():
    first = fingerprint("image-alt", "https://a.gov.cn/news?id=1",
                        "#slide-1001 > li:nth-child(2) > img", '<img src="/b1.png">')
    later = fingerprint("image-alt", "http://www.a.gov.cn/news?id=1",
                        "#slide-2087 > li:nth-child(5) > img", '<img src="/b1.png">')
    assert first == later
    assert len(first) == 20


def test_different_elements_rules_and_pages_differ():
    base = fingerprint("image-alt", "https://a.gov.cn/", "li > img", '<img src="/1.png">')
    assert base != fingerprint("image-alt", "https://a.gov.cn/", "li > img", '<img src="/2.png">')
    assert base != fingerprint("role-img-alt", "https://a.gov.cn/", "li > img",
                               '<img src="/1.png">')
    assert base != fingerprint("image-alt", "https://a.gov.cn/x", "li > img",
                               '<img src="/1.png">')
