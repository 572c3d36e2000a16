"""``show`` puts the problems of shared templates first, most pages first, in both languages.
The stored scans are the template portal's crawls (conftest.py)."""

from __future__ import annotations

from click.testing import CliRunner

from audit.cli import scans
from audit.report.assemble import ReportOptions, build_report
from audit.report.html import render_html
from audit.store import open_store


def test_template_groups_count_the_pages_of_each_region(crawls):
    with open_store(crawls["db"]) as store:
        on = store.template_groups(crawls["ids"]["on"])
        off = store.template_groups(crawls["ids"]["off"])
    assert off == []
    top = [(g.kind, g.label, g.rule, g.outcome, g.impact, g.pages, g.findings) for g in on[:2]]
    assert top == [("footer", "div#foot.foot", "color-contrast", "violation", "serious", 15, 60),
                   ("navigation", "ul.menu", "color-contrast", "violation", "serious", 9, 144)]
    assert [g.pages for g in on] == sorted((g.pages for g in on), reverse=True)


def test_show_names_the_template_to_fix(crawls):
    runner = CliRunner()
    args = [str(crawls["ids"]["on"]), "--db", crawls["db"]]
    english = runner.invoke(scans.show_command, [*args, "--lang", "en"]).stdout
    chinese = runner.invoke(scans.show_command, [*args, "--lang", "zh"]).stdout
    assert ("  serious  color-contrast: this one problem appears in the footer template of 15 "
            "pages (div#foot.foot) — fix it once in the CMS template") in english.splitlines()
    assert ("  严重  color-contrast：这一个问题出现在 15 个页面的页脚模板中（div#foot.foot）"
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
    assert templates[:2] == [("color-contrast", "footer", 15, 60),
                             ("color-contrast", "navigation", 9, 144)]
    assert plan.items[:len(templates)] == [i for i in plan.items if i.kind == "template"]
    assert [pages for _, _, pages, _ in templates] == sorted(
        (pages for _, _, pages, _ in templates), reverse=True)
    assert plan.by_severity == report.web[0].violations_by_severity  # counted once
    assert "这一个问题出现在 15 个页面的页脚模板中 — 修改一次 CMS 模板即可修复。" in html
