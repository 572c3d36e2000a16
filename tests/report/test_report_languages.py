"""Every output of a real scan in the language asked for: with --lang zh the HTML and PDF report,
the Markdown, the text output and SARIF carry none of axe-core's English rule help or per-element
(failure summary) messages, nor our own checks' English; with --lang en they carry axe-core's.

One scan of a page with 22 different failing axe-core rules (pages/many-barriers.html) in real
Chromium with the bundled axe-core, stored in a real SQLite file.
"""

from __future__ import annotations

import html
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from rich.console import Console

from audit.model import ScanRun
from audit.report.assemble import build_report
from audit.report.exports import markdown_report
from audit.report.html import render_html
from audit.report.i18n import Messages
from audit.report.markdown import markdown_summary, md
from audit.report.report_pdf import report_pdf
from audit.report.sarif import sarif_log
from audit.report.scan_text import render_text
from audit.store import open_store
from tests.report.report_factory import options
from tests.support.own_scan import SharedScanner
from tests.support.pdf_text import pdf_text
from tests.support.site import FixtureSite

pytestmark = pytest.mark.browser

PAGES = Path(__file__).with_name("pages")
FAILING = {"aria-required-attr", "aria-roles", "aria-valid-attr", "button-name",
           "color-contrast", "definition-list", "dlitem", "document-title", "frame-title",
           "html-has-lang", "image-alt", "input-image-alt", "label", "link-name", "list",
           "listitem", "marquee", "meta-viewport", "object-alt", "role-img-alt", "select-name",
           "svg-img-alt"}
_HEADINGS = ("Fix any of the following:", "Fix all of the following:")


@pytest.fixture(scope="module")
def scanned(tmp_path_factory, own_scanner: SharedScanner) -> tuple[ScanRun, Path]:
    """The page scanned (axe-core and one check of ours) in the process's own scanner: one
    Chromium launch less."""
    db = tmp_path_factory.mktemp("languages") / "audit.db"
    with FixtureSite(PAGES) as site:
        run = own_scanner.scan([site.url("many-barriers.html")], concurrency=1,
                               checks=("autoplay",))
    with open_store(db) as store:
        store.save_run(run, target="示范区门户")
    return run, db


@pytest.fixture(scope="module")
def axe_english(scanned) -> dict[str, tuple[str, list[str]]]:
    """Per failing rule: axe-core's help and the failure-summary lines of its element."""
    run, _ = scanned
    found = {}
    for rule in run.pages[0].raw["violations"]:
        [node] = rule["nodes"]
        lines = [line.strip() for line in node["failureSummary"].splitlines()]
        found[rule["id"]] = (rule["help"], [line for line in lines
                                            if line and line not in _HEADINGS])
    return found


@pytest.fixture(scope="module")
def outputs(scanned, pdf_printer) -> dict[str, dict[str, str]]:
    run, db = scanned
    made: dict[str, dict[str, str]] = {}
    with open_store(db) as store:
        for lang in ("zh-CN", "en"):
            msg = Messages(lang)
            report = build_report(store, options(lang))
            page = render_html(report)
            console = Console(record=True, width=400)
            render_text(run, console, msg)
            made[lang] = {
                "html": html.unescape(page),
                "pdf": pdf_text(report_pdf(page, lang, printer=pdf_printer)),
                "markdown": markdown_report(report, msg) + markdown_summary(run, None, msg),
                "text": console.export_text(),
                "sarif": "\n".join(_strings(sarif_log(run, None, msg))),
            }
    return made


def test_the_page_fails_22_different_axe_rules(axe_english):
    assert set(axe_english) == FAILING


@pytest.mark.parametrize("kind", ["html", "pdf", "markdown", "text", "sarif"])
def test_chinese_outputs_carry_no_english_of_axe_core_or_our_checks(outputs, axe_english,
                                                                    scanned, kind):
    text = _flat(outputs["zh-CN"][kind])
    english = [help_text for help_text, _ in axe_english.values()]
    english += [line for _, lines in axe_english.values() for line in lines]
    english += [f.message for f in scanned[0].pages[0].findings if f.source != "axe"]
    assert len(english) > 60
    assert [string for string in english if _flat(string) in text
            or _flat(md(string)) in text] == []
    assert "图片缺少替代文本" in text and "文字对比度不足" in text


@pytest.mark.parametrize("kind", ["html", "pdf", "text", "sarif"])
def test_english_outputs_carry_axe_cores_help(outputs, axe_english, kind):
    text = _flat(outputs["en"][kind])
    assert [help_text for help_text, _ in axe_english.values()
            if _flat(help_text) not in text] == []


def test_english_markdown_carries_axe_cores_help_made_inert(outputs, axe_english):
    text = outputs["en"]["markdown"]
    assert [help_text for help_text, _ in axe_english.values() if md(help_text) not in text] == []


@pytest.mark.parametrize("kind", ["html", "sarif"])
def test_english_outputs_carry_axe_cores_reasons_per_element(outputs, axe_english, kind):
    text = _flat(outputs["en"][kind])
    lines = [line for _, found in axe_english.values() for line in found]
    assert [line for line in lines if _flat(line) not in text] == []


def test_chinese_reasons_per_element_come_from_axe_cores_facts(outputs):
    text = outputs["zh-CN"]["html"]
    assert "修正以下任意一项即可：元素没有 alt 属性；aria-label 属性不存在或为空" in text
    assert ("元素的颜色对比度为 2.16，不足（前景色 #b0b0b0，背景色 #ffffff，字号 12.0pt (16px)，"
            "字重 常规），应达到 4.5:1") in text
    assert "ARIA 属性名称无效：aria-describedbyy" in text
    assert "“{" not in text and "{values}" not in text



def _strings(value: Any) -> Iterator[str]:
    """Every string in a JSON document, as a reader of it sees them."""
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for item in value.values():
            yield from _strings(item)
    elif isinstance(value, list):
        for item in value:
            yield from _strings(item)


def _flat(text: str) -> str:
    """Text without the line breaks a PDF or a table adds."""
    return "".join(text.split())
