from __future__ import annotations

from audit.webscan.crawl.links import LinkSet, extract
from audit.webscan.crawl.plan import DocumentLink, FrontierItem, Plan, plan_links, plan_seeds
from audit.webscan.crawl.robots import RobotsRules
from audit.webscan.crawl.scope import Scope

SITE = "https://www.example.gov.cn"


class Robots:
    def __init__(self, text: str) -> None:
        self.rules = RobotsRules.parse(SITE, text)

    def allowed(self, url: str) -> bool:
        assert url.startswith(f"{SITE}/"), f"asked about another origin: {url}"
        return self.rules.allowed(url)


ROBOTS = Robots("User-agent: *\nDisallow: /private/\n")


def test_extract_sorts_links_into_pages_documents_and_blocked():
    scope = Scope.build([f"{SITE}/"], exclude=["*/print/*"])
    raw = [f"{SITE}/a.html", "b.html#x", f"{SITE}/b.html", "/a.html?utm_source=x",
           "/docs/r.pdf", "/docs/r.pdf#page=2", "/private/x.html", "/print/a.html",
           "https://other.cn/", "mailto:a@b.cn", "/logo.png", f"{SITE}/list/", 42, None,
           "/list/index.html"]
    found = extract(raw, f"{SITE}/list/", scope, ROBOTS)
    assert found == LinkSet(pages=(f"{SITE}/a.html", f"{SITE}/list/b.html", f"{SITE}/b.html",
                                   f"{SITE}/list/index.html"),
                            documents=(f"{SITE}/docs/r.pdf",),
                            blocked=(f"{SITE}/private/x.html",))


def test_a_link_robots_txt_disallows_as_written_is_blocked_in_its_canonical_order_too():
    """The canonical form sorts the query (``?q=1&page=2`` -> ``?page=2&q=1``): a rule written
    for the link as the site writes it must still keep the crawler out."""
    scope = Scope.build([f"{SITE}/"])
    robots = Robots("User-agent: *\nDisallow: /search?q=\nDisallow: /*?date=\n")
    raw = [f"{SITE}/search?q=%E7%A8%8E&page=2", f"{SITE}/calendar?date=2026-12&view=month",
           f"{SITE}/calendar?view=month", "HTTPS://WWW.Example.gov.cn:443/search?page=3&q=x"]
    found = extract(raw, f"{SITE}/", scope, robots)
    assert found == LinkSet(pages=(f"{SITE}/calendar?view=month", f"{SITE}/search?page=3&q=x"),
                            blocked=(f"{SITE}/search?page=2&q=%E7%A8%8E",
                                     f"{SITE}/calendar?date=2026-12&view=month"))


def test_a_link_only_a_browser_reads_is_asked_about_in_its_canonical_form():
    """A backslash before the host's end is a slash to a browser (and to ``normalise``);
    read as written, urllib finds a bad IPv6 host in it and raised; so did robots.txt's
    parser on a lone surrogate a script left in a link."""
    scope = Scope.build([f"{SITE}/"])
    found = extract(["https://www.example.gov.cn\\[x]/", "/y\ud800"], f"{SITE}/", scope, ROBOTS)
    assert found == LinkSet(pages=(f"{SITE}/%5Bx%5D/", f"{SITE}/y%ED%A0%80"))


def test_extract_without_robots_allows_everything():
    scope = Scope.build([f"{SITE}/"])
    assert extract(["/private/x.html"], f"{SITE}/", scope).pages == (f"{SITE}/private/x.html",)


def test_plan_links_goes_one_level_deeper_and_skips_what_is_known():
    scope = Scope.build([f"{SITE}/"], max_depth=2)
    links = LinkSet(pages=(f"{SITE}/a", f"{SITE}/b", f"{SITE}/c"),
                    documents=(f"{SITE}/r.pdf",), blocked=(f"{SITE}/private/",))
    plan = plan_links(links, f"{SITE}/x", 1, scope, seen={f"{SITE}/b"})
    assert plan == Plan(
        frontier=(FrontierItem(f"{SITE}/a", 2, f"{SITE}/x"), FrontierItem(f"{SITE}/c", 2,
                                                                        f"{SITE}/x")),
        documents=(DocumentLink(f"{SITE}/r.pdf", f"{SITE}/x"),),
        blocked=(f"{SITE}/private/",))
    deeper = plan_links(links, f"{SITE}/x", 2, scope)
    assert deeper.frontier == ()
    assert deeper.documents == (DocumentLink(f"{SITE}/r.pdf", f"{SITE}/x"),)


def test_plan_links_keeps_to_the_page_budget():
    scope = Scope.build([f"{SITE}/"], max_pages=5)
    links = LinkSet(pages=tuple(f"{SITE}/{n}" for n in range(4)))
    plan = plan_links(links, f"{SITE}/", 0, scope, room=scope.room(3))
    assert [item.url for item in plan.frontier] == [f"{SITE}/0", f"{SITE}/1"]
    assert plan.dropped == 2


def test_plan_seeds_takes_start_urls_then_sitemap_pages():
    scope = Scope.build([f"{SITE}/", f"{SITE}/private/start.html"], include=["/zwgk/*"])
    sitemap = f"{SITE}/sitemap.xml"
    plan = plan_seeds(scope.start_urls, scope, ROBOTS, sitemap_pages=[
        (f"{SITE}/zwgk/a.html", sitemap), (f"{SITE}/", sitemap), (f"{SITE}/news/1.html", sitemap),
        (f"{SITE}/private/zwgk/x.html", sitemap), (f"{SITE}/zwgk/r.pdf", sitemap),
        ("https://other.cn/zwgk/a.html", sitemap)])
    assert plan == Plan(
        frontier=(FrontierItem(f"{SITE}/", 0, None), FrontierItem(f"{SITE}/zwgk/a.html", 0,
                                                                 sitemap)),
        documents=(DocumentLink(f"{SITE}/zwgk/r.pdf", sitemap),),
        blocked=(f"{SITE}/private/start.html",))
