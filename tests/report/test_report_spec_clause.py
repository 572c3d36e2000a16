"""Findings of another specification (``--profile elderly``) in the reports: the clause, never a
WCAG criterion, and no count in the per-criterion table."""

from __future__ import annotations

import json
import re

import jsonschema
import pytest

from audit.report.assemble import build_report
from audit.report.exports import report_document, report_schema
from audit.report.html import render_html
from audit.report.i18n import Messages
from audit.report.wording import RuleWords
from audit.store import open_store
from audit.webscan.checks.elderly import analyse
from tests.report.report_factory import PORTAL, finding, options, page, run

RAW = {"mobile": True, "windows": [{"kind": "popup", "close": True, "selector": "#welcome",
                                    "html": "<div id=\"welcome\">"}]}


@pytest.fixture
def report(tmp_path):
    popup, = analyse(RAW, f"{PORTAL}/")
    contrast = finding("color-contrast", ".nav a", wcag=("1.4.3",))
    with open_store(tmp_path / "audit.db") as store:
        store.save_run(run("2025-06-30", page(f"{PORTAL}/", popup, contrast)), target="portal")
        yield {lang: build_report(store, options(lang)) for lang in ("zh-CN", "en")}


def test_the_rule_group_carries_the_clause_and_no_criterion(report):
    section = report["en"].web[0]
    group = next(g for g in section.violations if g.rule == "elderly-popup")
    assert (group.wcag, group.level, group.source) == ([], None, "elderly")
    assert group.clause is not None
    assert (group.clause.spec_id, group.clause.clause, group.clause.confirmed) == (
        "miit-web-elderly", "2.4.1", False)
    assert next(g for g in section.violations if g.rule == "color-contrast").clause is None
    assert [(row.number, row.violations) for row in section.criteria if row.violations] == [
        ("1.4.3", 1)]


@pytest.mark.parametrize(("lang", "shown"), [
    ("en", "MIIT general design specification for elderly-friendly websites 2.4.1 "
           "(clause unconfirmed)"),
    ("zh-CN", "互联网网站适老化通用设计规范 2.4.1（条款未核实）"),
])
def test_the_html_shows_the_clause_instead_of_wcag(report, lang, shown):
    html = render_html(report[lang])
    group = re.search(r'<div class="rule" id="[^"]+">\s*<h5>[^<]*\(<code>elderly-popup</code>'
                      r'\)</h5>.*?<dl class="facts">\s*<dt>[^<]+</dt>\s*<dd>(.*?)</dd>', html, re.S)
    assert group is not None
    assert shown in group[1]
    assert "WCAG" not in group[1]


def test_ci_formats_and_json_name_the_clause(report):
    popup, = analyse(RAW, f"{PORTAL}/")
    assert RuleWords(Messages("en")).references(popup) == (
        "MIIT general design specification for elderly-friendly websites 2.4.1 "
        "(clause unconfirmed); GB/T 37668-2019 3.3.3.7 Pop-up interference (correspondence "
        "unconfirmed)")
    document = json.loads(json.dumps(report_document(report["en"])))
    jsonschema.Draft202012Validator(report_schema()).validate(document)
    group = next(g for g in document["web"][0]["violations"] if g["rule"] == "elderly-popup")
    assert group["clause"]["reference"] == "工信厅信管函〔2021〕67号 附件1"


def test_text_and_markdown_tables_name_the_clause_where_wcag_criteria_go():
    from rich.console import Console

    from audit.model import ScanRun
    from audit.report.markdown import markdown_summary
    from audit.report.scan_text import render_text

    popup, = analyse(RAW, f"{PORTAL}/")
    contrast = finding("color-contrast", ".nav a", wcag=("1.4.3", "1.4.6"))
    words = {lang: RuleWords(Messages(lang)) for lang in ("en", "zh-CN")}
    assert words["en"].short_references(popup) == "miit-web-elderly 2.4.1 (unconfirmed)"
    assert words["zh-CN"].short_references(popup) == "miit-web-elderly 2.4.1（未核实）"
    assert words["en"].short_references(contrast) == "1.4.3, 1.4.6"
    assert words["en"].short_references(finding("region", "main", wcag=())) == "—"
    scanned: ScanRun = run("2025-06-30", page(f"{PORTAL}/", popup))
    assert "| serious | elderly-popup | miit-web-elderly 2.4.1 &#40;unconfirmed&#41; |" in (
        markdown_summary(scanned, None, Messages("en")))
    console = Console(record=True, width=200)
    render_text(scanned, console, Messages("en"))
    assert "miit-web-elderly 2.4.1 (unconfirmed)" in console.export_text()
