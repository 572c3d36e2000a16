from __future__ import annotations

import pytest

from audit.errors import InvalidURLError, UsageError
from audit.webscan.crawl.filetypes import LinkKind, extension, link_kind
from audit.webscan.crawl.scope import Action, Decision, Scope

SITE = "https://www.example.gov.cn"


@pytest.fixture
def scope():
    return Scope.build([f"{SITE}/", f"{SITE}/zwgk/"], include=["/zwgk/*", "/政务公开/*"],
                       exclude=["*/print/*", "*?preview=*"], max_depth=2, max_pages=10)


@pytest.mark.parametrize(("url", "depth", "expected"), [
    (f"{SITE}/", 0, Decision(Action.SCAN, "a start URL")),
    (f"{SITE}/zwgk/", 9, Decision(Action.SCAN, "a start URL")),
    (f"{SITE}/zwgk/tzgg/1.html", 2, Decision(Action.SCAN, "in scope")),
    ("http://example.gov.cn/zwgk/a.html", 1, Decision(Action.SCAN, "in scope")),
    (f"{SITE}/%E6%94%BF%E5%8A%A1%E5%85%AC%E5%BC%80/a.html", 1, Decision(Action.SCAN, "in scope")),
    (f"{SITE}/zwgk/tzgg/1.html", 3,
     Decision(Action.SKIP, "deeper than the maximum depth 2")),
    (f"{SITE}/news/1.html", 1, Decision(Action.SKIP, "matches no include pattern")),
    (f"{SITE}/zwgk/print/1.html", 1, Decision(Action.SKIP, "excluded by '*/print/*'")),
    (f"{SITE}/zwgk/a.html?id=1&preview=1", 1, Decision(Action.SKIP, "excluded by '*?preview=*'")),
    (f"{SITE}/uploads/2024/report.pdf", 7, Decision(Action.DOCUMENT, "a document (.pdf)")),
    (f"{SITE}/uploads/form.WPS", 1, Decision(Action.DOCUMENT, "a document (.wps)")),
    (f"{SITE}/uploads/table.et", 1, Decision(Action.DOCUMENT, "a document (.et)")),
    (f"{SITE}/zwgk/print/form.docx", 1, Decision(Action.SKIP, "excluded by '*/print/*'")),
    ("https://other.gov.cn/report.pdf", 1, Decision(Action.SKIP, "outside the site")),
    ("https://zwfw.example.gov.cn/zwgk/", 1, Decision(Action.SKIP, "outside the site")),
    (f"{SITE}/zwgk/logo.png", 1, Decision(Action.SKIP, "not a web page (.png)")),
    ("mailto:office@example.gov.cn", 1, Decision(Action.SKIP, "not a web link")),
])
def test_decisions(scope, url, depth, expected):
    assert scope.decide(url, depth) == expected


def test_depth_is_ignored_when_not_given(scope):
    assert scope.decide(f"{SITE}/zwgk/a/b/c.html").action is Action.SCAN


def test_no_include_means_the_whole_site():
    scope = Scope.build([f"{SITE}/zwgk/"], max_depth=1)
    assert scope.decide(f"{SITE}/news/", 1) == Decision(Action.SCAN, "in scope")
    assert scope.decide(f"{SITE}/news/", 2).action is Action.SKIP


def test_start_urls_are_canonical_and_unique():
    scope = Scope.build([f"{SITE}/?utm_source=x#top", f"{SITE}:443/", "HTTP://Example.gov.cn/"])
    assert scope.start_urls == (f"{SITE}/", "http://example.gov.cn/")
    assert scope.sites == frozenset({"example.gov.cn"})


def test_room_is_the_page_budget_left(scope):
    assert scope.room(3) == 7
    assert scope.room(12) == 0
    assert Scope.build([SITE]).room(10_000) is None


@pytest.mark.parametrize(("kwargs", "message"), [
    ({"start_urls": []}, "a crawl needs at least one start URL"),
    ({"start_urls": [SITE], "max_depth": -1}, "--max-depth must be 0 or more, not -1"),
    ({"start_urls": [SITE], "max_pages": 0}, "--max-pages must be 1 or more, not 0"),
])
def test_impossible_scopes(kwargs, message):
    with pytest.raises(UsageError) as err:
        Scope.build(**kwargs)
    assert str(err.value) == message


def test_a_start_url_must_be_a_web_page():
    with pytest.raises(InvalidURLError):
        Scope.build(["ftp://example.gov.cn/"])


@pytest.mark.parametrize(("url", "kind"), [
    ("https://a.cn/f.pdf", LinkKind.DOCUMENT), ("https://a.cn/f.PDF?x=1", LinkKind.DOCUMENT),
    ("https://a.cn/%E8%A1%A8.xlsx", LinkKind.DOCUMENT), ("https://a.cn/f.ofd", LinkKind.DOCUMENT),
    ("https://a.cn/f.dps", LinkKind.DOCUMENT), ("https://a.cn/f.rar", LinkKind.DOCUMENT),
    ("https://a.cn/f.jpg", LinkKind.OTHER), ("https://a.cn/f.mp4", LinkKind.OTHER),
    ("https://a.cn/f.html", LinkKind.PAGE), ("https://a.cn/f.jsp", LinkKind.PAGE),
    ("https://a.cn/dir.pdf/", LinkKind.PAGE), ("https://a.cn/download?f=a.pdf", LinkKind.PAGE),
])
def test_link_kinds(url, kind):
    assert link_kind(url) is kind


def test_extension_ignores_path_parameters():
    assert extension("https://a.cn/f.doc;jsessionid=1") == ".doc"
