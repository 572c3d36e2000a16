"""Template-aware crawling gives every page exactly the findings of a full scan: the portal
fixture crawled with templates on and off, page by page, on a real server and browser. Then
``show`` and the report put the problems of shared templates first, most pages first, in both
languages. One module for both: the crawls (conftest.py) are made once per test process, and
a file's tests stay in one process."""

from __future__ import annotations

import dataclasses

from click.testing import CliRunner

from audit.cli import scans
from audit.report.assemble import ReportOptions, build_report
from audit.report.html import render_html
from audit.store import open_store
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
    assert set(reused) <= {f"a{n}.html" for n in range(1, 7)} | {"labelled.html", "near.html"}
    assert "header" not in actions["overlay.html"]  # something drawn over it: page content
    assert actions["bare.html"] == {}
    assert actions["modal.html"] == {}  # an open dialog makes the rest inert: page content


def test_target_size_is_replayed_only_where_nothing_of_the_page_comes_close(crawls):
    """A target's spacing is judged with the targets around it: the quick links' verdicts are
    replayed on pages where nothing outside the region comes within reach, and judged again
    on near.html, where a link of the page sits just under them and makes one of them fail
    (equal findings with templates on and off: the first test)."""
    def quick(name):
        return next(t for t in crawls["on"][name].raw["templates"] if t["kind"] == "region")

    assert {quick(f"a{n}.html")["isolated"] for n in range(1, 7)} == {True}
    assert {quick(f"a{n}.html")["action"] for n in range(3, 7)} == {"reuse"}
    assert (quick("near.html")["action"], quick("near.html")["isolated"]) == ("reuse", False)
    kinds = {t["key"]: t["kind"] for t in crawls["on"]["near.html"].raw["templates"]}
    found = sorted((f.selector, kinds.get(f.template)) for f in crawls["on"]["near.html"].findings
                   if f.rule == "target-size")
    assert found == [('.quick > a[href$="a1.html"]', "region"), ("button", "header")]


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


def test_template_groups_count_the_pages_of_each_region(crawls):
    with open_store(crawls["db"]) as store:
        on = store.template_groups(crawls["ids"]["on"])
        off = store.template_groups(crawls["ids"]["off"])
    assert off == []
    top = [(g.kind, g.label, g.rule, g.outcome, g.impact, g.pages, g.findings) for g in on[:2]]
    assert top == [("footer", "div#foot.foot", "color-contrast", "violation", "serious", 16, 64),
                   ("navigation", "ul.menu", "color-contrast", "violation", "serious", 10, 160)]
    assert [g.pages for g in on] == sorted((g.pages for g in on), reverse=True)


def test_show_names_the_template_to_fix(crawls):
    runner = CliRunner()
    args = [str(crawls["ids"]["on"]), "--db", crawls["db"]]
    english = runner.invoke(scans.show_command, [*args, "--lang", "en"]).stdout
    chinese = runner.invoke(scans.show_command, [*args, "--lang", "zh"]).stdout
    assert ("  serious  color-contrast: this one problem appears in the footer template of 16 "
            "pages (div#foot.foot) — fix it once in the CMS template") in english.splitlines()
    assert ("  严重  color-contrast：这一个问题出现在 16 个页面的页脚模板中（div#foot.foot）"
            "— 修改一次 CMS 模板即可修复") in chinese.splitlines()
    plain = runner.invoke(scans.show_command, [str(crawls["ids"]["off"]), "--db",
                                               crawls["db"], "--lang", "en"]).stdout
    assert "shared templates" not in plain


def test_the_remediation_plan_puts_templates_first_by_pages(crawls):
    with open_store(crawls["db"]) as store:
        report = build_report(store, ReportOptions(scan_ids=(crawls["ids"]["on"],),
                                                   lang="zh-CN"))
        html = render_html(report)
    [plan] = report.remediation
    templates = [(i.title, i.template_kind, i.pages, i.count) for i in plan.items
                 if i.kind == "template"]
    assert templates[:2] == [("color-contrast", "footer", 16, 64),
                             ("color-contrast", "navigation", 10, 160)]
    assert plan.items[:len(templates)] == [i for i in plan.items if i.kind == "template"]
    assert [pages for _, _, pages, _ in templates] == sorted(
        (pages for _, _, pages, _ in templates), reverse=True)
    assert plan.by_severity == report.web[0].violations_by_severity  # counted once
    assert "这一个问题出现在 16 个页面的页脚模板中 — 修改一次 CMS 模板即可修复。" in html
