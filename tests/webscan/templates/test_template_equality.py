"""Template-aware crawling gives every page exactly the findings of a full scan: the portal
fixture crawled with templates on and off, page by page, on a real server and browser."""

from __future__ import annotations

import dataclasses

from tests.webscan.templates.portal import PAGES


def _findings(page):
    return sorted((dataclasses.replace(f, template=None) for f in page.findings),
                  key=lambda f: (f.rule, f.selector, f.outcome))


def test_every_page_has_the_findings_of_a_full_scan(crawls):
    on, off = crawls["on"], crawls["off"]
    assert sorted(on) == sorted(off) == sorted(PAGES)
    for name in PAGES:
        assert on[name].error is None, name
        assert _findings(on[name]) == _findings(off[name]), name
        assert set(on[name].passed_rules) == set(off[name].passed_rules), name
        assert set(on[name].inapplicable_rules) == set(off[name].inapplicable_rules), name


def test_the_shared_banner_was_replayed_not_rescanned(crawls):
    actions = {name: {t["kind"]: t["action"] for t in page.raw["templates"]}
               for name, page in crawls["on"].items()}
    reused = [name for name, kinds in actions.items() if kinds.get("header") == "reuse"]
    assert len(reused) >= 3
    assert set(reused) <= {f"a{n}.html" for n in range(1, 7)} | {"labelled.html"}
    assert "header" not in actions["overlay.html"]  # something drawn over it: page content
    assert actions["bare.html"] == {}


def test_variations_make_other_regions(crawls):
    def key(name, kind="header"):
        return next(t["key"] for t in crawls["on"][name].raw["templates"] if t["kind"] == kind)

    same = {key(f"a{n}.html") for n in range(1, 7)}
    assert len(same) == 1
    assert key("s1.html") == key("s2.html")
    assert len(same | {key(name) for name in ("s1.html", "link.html", "colour.html",
                                              "inline.html", "labelled.html")}) == 6
    assert key("a1.html", "footer") == key("nohead.html", "footer") == key("s1.html", "footer")


def test_findings_carry_the_region_they_lie_in(crawls):
    page = crawls["on"]["a4.html"]
    kinds = {t["key"]: t["kind"] for t in page.raw["templates"]}
    counted = {}
    for finding in page.findings:
        where = kinds.get(finding.template)
        counted[finding.rule, where] = counted.get((finding.rule, where), 0) + 1
    assert counted == {
        ("button-name", "header"): 1, ("label", "header"): 1, ("image-alt", "header"): 1,
        ("target-size", "header"): 1, ("color-contrast", "navigation"): 16,
        ("color-contrast", "footer"): 4, ("image-alt", None): 1}
    assert all(f.template is None for f in crawls["off"]["a4.html"].findings)
