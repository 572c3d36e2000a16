"""An incremental round's changed pages start from what the base round learnt about its
template regions: a changed page whose template the base round confirmed replays it (no
region learnt again) and gets the findings of a full scan, attributed to the template as in
a full round; a region changed in the round is learnt anew; another axe-core build or other
run options discard what was learnt (the pages are still carried forward)."""

from __future__ import annotations

import sqlite3
from collections import Counter
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

import pytest

from audit.store import open_store
from audit.webscan.axe import default_axe_path, load_axe
from audit.webscan.scanner import ScanOptions, run_options
from audit.webscan.site_crawl import CrawlSettings, crawl
from audit.webscan.templates import learning_digest
from tests.webscan.crawl.server import CrawlSite
from tests.webscan.templates.portal import PAGES, render, write_portal

OPTION_VALUES = {"concurrency": 2, "checks": (), "timeout_s": 15, "settle_s": 0.1}
OPTIONS = ScanOptions(**OPTION_VALUES)  # the rounds; the full scans: the shared scanner, these set


@pytest.fixture(scope="module")
def portal(shared_crawl, tmp_path_factory):
    """The portal served, and its first incremental round made once: (site, folder, database
    of the first round, its scan id). Each test starts from a copy of the database."""
    folder = tmp_path_factory.mktemp("portal")
    write_portal(folder)
    with CrawlSite(folder) as site:
        db = folder.parent / f"{folder.name}-first.db"
        yield site, folder, db, _round(db, site, crawler=shared_crawl)


@pytest.fixture
def base(portal, tmp_path):
    """(site, a function that changes a page for this test, database, first scan id)."""
    site, folder, db, first = portal
    copy = tmp_path / "rounds.db"
    with sqlite3.connect(db) as source, sqlite3.connect(copy) as target:
        source.backup(target)
    originals: dict[Path, bytes] = {}

    def change(name: str, **varies: object) -> None:
        file = folder / name
        originals.setdefault(file, file.read_bytes())
        file.write_text(render(name, {**PAGES[name], **varies}), encoding="utf-8")

    yield site, change, copy, first
    for file, data in originals.items():
        file.write_bytes(data)


def _round(db: Path, site: CrawlSite, options: ScanOptions = OPTIONS,
           crawler: Callable[..., int] = crawl) -> int:
    settings = CrawlSettings(start_urls=(site.url("/index.html"),), sitemaps=False,
                             documents=False, exclude=("*/zwgk/*",), incremental=True)
    with open_store(db) as store:
        return crawler(store, settings, options, target="portal")


def _scanned(db: Path, scan_id: int) -> dict[str, tuple[Counter[tuple[str, str]], object]]:
    """The pages of the round checked in full: name -> (regions by kind and action, page)."""
    with open_store(db) as store:
        found = {}
        for page in store.load_run(scan_id).pages:
            if page.carried_from is None:
                raw = store.raw_artifact(scan_id, page.url, page.viewport)
                actions = Counter((t["kind"], t["action"]) for t in raw["templates"])
                found[page.url.rsplit("/", 1)[1]] = (actions, page)
        return found


def _facts(page) -> tuple[object, ...]:
    """What a full scan of the page must give too: findings, passed and inapplicable rules."""
    findings = sorted((f.rule, f.outcome, f.impact, f.selector, f.html, f.fingerprint)
                      for f in page.findings)
    return findings, sorted(page.passed_rules), sorted(page.inapplicable_rules)


@pytest.fixture(scope="module")
def full_scan(portal, scanners) -> Callable[[str], tuple[object, ...]]:
    """The facts of a full scan of a portal page as it is now (outside any round), made in
    the process's browser; a page as it was already scanned is not scanned again."""
    site, folder, *_ = portal
    made: dict[tuple[str, bytes], tuple[object, ...]] = {}

    def facts(name: str) -> tuple[object, ...]:
        key = (name, (folder / name).read_bytes())
        if key not in made:
            [page] = scanners["playwright"].scan([site.url(name)], **OPTION_VALUES).pages
            made[key] = _facts(page)
        return made[key]

    return facts


def _kept(db: Path, scan_id: int, options: ScanOptions = OPTIONS) -> int | None:
    """How many regions the round kept for the next (None: it kept nothing under options)."""
    digest = learning_digest(load_axe(options.axe_script), run_options(options))
    with open_store(db) as store:
        learnt = store.template_learning(scan_id, digest)
    return None if learnt is None else len(learnt["regions"])


REPLAYED = Counter({("header", "reuse"): 1, ("navigation", "covered"): 1,
                    ("region", "reuse"): 1, ("footer", "reuse"): 1})
LEARNT = Counter({("header", "learn"): 1, ("navigation", "learn"): 1,
                  ("region", "learn"): 1, ("footer", "learn"): 1})


def test_a_changed_page_replays_the_template_the_base_round_confirmed(base, full_scan,
                                                                      shared_crawl):
    site, change, db, first = base
    regions = _kept(db, first)
    # banner, its menu, quick links, footer; banner and menu with a marked item (s1, s2)
    assert regions == 6
    change("a3.html", content='<img src="/new.png">')  # new content, the same template
    second = _round(db, site, crawler=shared_crawl)
    [(name, (actions, page))] = _scanned(db, second).items()
    assert (name, actions) == ("a3.html", REPLAYED)  # nothing learnt again
    assert sorted(f.selector for f in page.findings
                  if f.rule == "image-alt" and f.template is None) == [
        "img:nth-child(3)", 'img[src$="new.png"]']  # the page's own, the new one
    assert _facts(page) == full_scan("a3.html")
    with open_store(db) as store:  # its template findings are the template's, as before
        assert store.template_groups(second) == store.template_groups(first)
    assert (_kept(db, first), _kept(db, second)) == (None, regions)  # handed on


def test_a_template_region_changed_in_the_round_is_learnt_anew(base, full_scan, shared_crawl):
    site, change, db, first = base
    change("a4.html", link=("a5.html", "/zwgk/a5.html"))  # one menu link changed
    change("a3.html", content='<img src="/new.png">')
    second = _round(db, site, crawler=shared_crawl)
    scanned = _scanned(db, second)
    assert {name: actions for name, (actions, _) in scanned.items()} == {
        "a3.html": REPLAYED,
        "a4.html": Counter({("header", "learn"): 1, ("navigation", "learn"): 1,
                            ("region", "reuse"): 1, ("footer", "reuse"): 1})}
    assert _facts(scanned["a4.html"][1]) == full_scan("a4.html")
    assert _kept(db, second) == 6  # a4's banner, seen on one page only: not kept


@pytest.mark.parametrize("changed", ["axe-core", "run options"])
def test_another_axe_core_build_or_other_run_options_discard_what_was_learnt(
        base, full_scan, changed, tmp_path, shared_crawl):
    site, change, db, first = base
    if changed == "axe-core":  # the same version, built again: the pages are carried still
        rebuilt = tmp_path / "axe.min.js"
        rebuilt.write_text(default_axe_path().read_text(encoding="utf-8") + "\n// rebuilt\n",
                           encoding="utf-8")
        options = replace(OPTIONS, axe_script=rebuilt)
    else:  # a shorter wait for frames (the load time limit): the pages are carried still
        options = replace(OPTIONS, timeout_s=5)
    assert _kept(db, first, options) is None
    change("a3.html", content='<img src="/new.png">')
    second = _round(db, site, options, crawler=shared_crawl)
    [(name, (actions, page))] = _scanned(db, second).items()
    assert (name, actions) == ("a3.html", LEARNT)
    assert _facts(page) == full_scan("a3.html")
