"""Site-level checks: duplicated titles across a scan (2.4.2) and the accessibility entry of a
site, judged on pages in memory, on a stored crawl (real Chromium, SQLite) and from the CLI."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from audit.store import open_store
from audit.webscan.checks import CHECK_NAMES, SitePage, judge_site
from audit.webscan.checks.site import analyse_entries, analyse_titles
from audit.webscan.scanner import ScanOptions
from audit.webscan.site_crawl import CrawlSettings
from tests.cli.conftest import run_cli
from tests.support.site import FixtureSite

SITES = Path(__file__).parent / "sites"
SITE_ONLY = ("accessibility-entry", "page-titles")


def page(url: str, title: str | None, *, final: str | None = None, error: str | None = None,
         entries: list | None = None, viewport: str = "desktop") -> SitePage:
    raw = None if entries is None else {"accessibility-entry": {"entries": entries}}
    return SitePage(url, viewport, final, title, error, lambda name: (raw or {}).get(name))


def summary(found) -> set[tuple[str, str, str, str]]:
    return {(item.url, item.viewport, item.finding.rule, str(item.finding.outcome))
            for item in found}


# -- the analysers, on pages as the scanner or the store give them ------------------------

def test_pages_sharing_a_title_each_get_a_needs_review_finding():
    found = analyse_titles([page("http://s/a", " News  - Site"), page("http://s/b", "news - site"),
                            page("http://s/c", "Contact - Site")])
    assert summary(found) == {("http://s/a", "desktop", "page-title-duplicate", "needs-review"),
                              ("http://s/b", "desktop", "page-title-duplicate", "needs-review")}
    first = found[0].finding
    assert first.wcag == ("2.4.2",) and first.level == "A" and first.source == "site"
    assert first.selector == "head > title" and first.html == "<title>News - Site</title>"
    assert first.message == ('The title "News - Site" is shared by 2 pages of this scan (also '
                             'http://s/b); check that the title says what this page is about')


def test_titles_of_one_page_reached_twice_errors_and_viewports_are_not_duplicates():
    found = analyse_titles([
        page("http://s/old", "Home", final="http://s/"), page("http://s/", "Home"),
        page("http://s/x", "Broken", error="HTTP 500"), page("http://s/y", "Broken"),
        page("http://s/m", "Only", viewport="mobile"), page("http://s/m", "Only"),
        page("http://s/empty", "  "), page("http://s/none", None)])
    assert found == []


def test_a_long_group_names_three_others_and_says_there_are_more():
    found = analyse_titles([page(f"http://s/{n}", "List") for n in range(6)])
    assert len(found) == 6
    assert found[0].finding.message == (
        'The title "List" is shared by 6 pages of this scan (also http://s/1, http://s/2, '
        'http://s/3, ...); check that the title says what this page is about')


def test_no_entry_on_any_page_of_a_host_is_one_violation_on_its_home_page():
    found = analyse_entries([page("http://s/news", "N", entries=[]),
                             page("http://s/index.html", "H", entries=[]),
                             page("http://other/", "O", entries=[{"kind": "toolbar"}])])
    assert summary(found) == {("http://s/index.html", "desktop", "accessibility-entry-missing",
                               "violation")}
    finding = found[0].finding
    assert (finding.wcag, finding.level, finding.selector) == ((), None, "html")
    assert finding.message == (
        "No accessibility statement, accessibility toolbar (无障碍), elderly-friendly mode "
        "(适老化 / 关怀版) or accessibility feedback route is linked from the home page of s "
        "or from the 1 other page(s) scanned there")


def test_an_entry_anywhere_or_no_home_page_or_no_check_output_says_nothing():
    with_entry = [page("http://s/", "H", entries=[]),
                  page("http://s/deep", "D", entries=[{"kind": "statement"}])]
    without_home = [page("http://s/a", "A", entries=[]), page("http://s/b", "B", entries=[])]
    not_run = [page("http://s/", "H")]
    broken_home = [page("http://s/", "H", error="HTTP 500", entries=[])]
    for pages in (with_entry, without_home, not_run, broken_home):
        assert analyse_entries(pages) == []


def test_judge_site_runs_only_the_named_checks():
    pages = [page("http://s/", "Same", entries=[]), page("http://s/b", "Same", entries=[])]
    assert {f.finding.rule for f in judge_site(pages, CHECK_NAMES, "wcag22aa")} == {
        "page-title-duplicate", "accessibility-entry-missing"}
    assert {f.finding.rule for f in judge_site(pages, ("page-titles",), "wcag22aa")} == {
        "page-title-duplicate"}
    assert judge_site(pages, ("keyboard", "reflow"), "wcag22aa") == []


# -- in the browser ----------------------------------------------------------------------

@pytest.fixture(scope="module")
def with_entry(chromium):
    with FixtureSite(SITES / "with-entry") as site:
        yield site


@pytest.fixture(scope="module")
def no_entry(chromium):
    with FixtureSite(SITES / "no-entry") as site:
        yield site


def site_findings(run) -> set[tuple[str, str, str]]:
    return {(p.url.rsplit("/", 1)[1], f.rule, str(f.outcome)) for p in run.pages
            for f in p.findings if f.source == "site"}


@pytest.fixture(scope="module")
def entry_site_run(with_entry, scanners):
    """The scan of the site with an entry (only the site-level checks run: no other check
    judges the site)."""
    urls = [with_entry.url(path) for path in ("index.html", "a.html", "b.html", "c.html")]
    return scanners["playwright"].scan(urls, concurrency=2, checks=SITE_ONLY)


@pytest.mark.parametrize("engine", ["playwright", "selenium"])
def test_the_entries_of_a_page_are_found_whatever_control_carries_them(with_entry, scanners,
                                                                       entry_site_run, engine):
    """(Playwright's home page is that of the site's scan.)"""
    run = entry_site_run if engine == "playwright" else scanners[engine].scan(
        [with_entry.url("index.html")], concurrency=1, checks=SITE_ONLY)
    home = next(p for p in run.pages if p.url.endswith("/index.html"))
    entries = home.raw["checks"]["accessibility-entry"]["entries"]
    assert [(e["selector"], e["kind"], e["shown"]) for e in entries] == [
        ("#wza", "toolbar", True), ("#care", "elderly", True),
        ("#statement", "statement", False), ("#feedback", "feedback", True)]
    assert {found for found in site_findings(run) if found[0] == "index.html"} == set()


def test_a_scan_of_a_site_with_an_entry_reports_only_its_shared_titles(entry_site_run):
    assert site_findings(entry_site_run) == {("a.html", "page-title-duplicate", "needs-review"),
                                             ("b.html", "page-title-duplicate", "needs-review")}


def test_a_stored_crawl_keeps_its_site_findings_and_a_second_judgement_replaces_them(
        no_entry, tmp_path, shared_crawl):
    from audit.webscan.sitepass import judge_stored_scan

    with open_store(tmp_path / "site.db") as store:
        settings = CrawlSettings(start_urls=(no_entry.url("index.html"),), sitemaps=False)
        scan_id = shared_crawl(store, settings, ScanOptions(concurrency=2))
        assert judge_stored_scan(store, scan_id) == 3  # judged again: replaced, not added
        run = store.load_run(scan_id)
    assert site_findings(run) == {("index.html", "accessibility-entry-missing", "violation"),
                                  ("index.html", "page-title-duplicate", "needs-review"),
                                  ("news.html", "page-title-duplicate", "needs-review")}
    home = next(p for p in run.pages if p.url.endswith("index.html"))
    positions = [f.source for f in home.findings]
    assert positions[-2:] == ["site", "site"]  # after the page's own findings


def test_the_scan_command_stores_the_site_findings_it_prints(no_entry, tmp_path):
    db = tmp_path / "cli.db"
    urls = [no_entry.url("index.html"), no_entry.url("news.html")]
    result = run_cli("scan", *urls, "--db", str(db), "--checks", ",".join(SITE_ONLY),
                     "--format", "json")
    assert result.returncode == 0, result.stderr
    printed = json.loads(result.stdout)
    rules = sorted(f["rule"] for p in printed["pages"] for f in p["findings"]
                   if f["source"] == "site")
    assert rules == ["accessibility-entry-missing", "page-title-duplicate",
                     "page-title-duplicate"]
    with open_store(db) as store:
        stored = store.load_run(store.scans()[0].id)
    assert sorted(f.rule for p in stored.pages for f in p.findings
                  if f.source == "site") == rules

