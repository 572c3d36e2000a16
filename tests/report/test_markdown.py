"""The Markdown summary: verdict, totals, the violations table, and inert hostile text."""

from __future__ import annotations

import re
from dataclasses import replace

import pytest

from audit.errors import UsageError
from audit.model import Severity
from audit.report import markdown
from audit.report.gate import evaluate_gate
from audit.report.i18n import Messages
from audit.report.markdown import markdown_summary, md
from audit.report.writers import REPORT_KINDS, write_report
from tests.report.ci_factory import (
    barriers_page,
    barriers_run,
    error_page,
    finding,
    hostile_run,
    make_run,
    page_with,
)

EN = Messages("en")


def test_failed_gate_summary():
    run = make_run(barriers_page(), error_page())
    text = markdown_summary(run, evaluate_gate(run), EN)
    lines = text.splitlines()
    assert lines[0] == "## ❌ Accessibility gate failed"
    assert "**6 violation(s)** (4 critical, 2 serious, 0 moderate, 0 minor) on 1 of 2 page(s) " \
           "scanned; 0 need review." in lines
    assert "- 6 violation(s) at serious or worse, 0 allowed" in lines
    rows = [line for line in lines if line.startswith("| critical") or
            line.startswith("| serious")]
    assert len(rows) == 6
    assert rows[0].startswith("| critical | button-name | 4.1.2 |")
    assert "- https&#58;//www.example.gov.cn/ztzl/: the server answered HTTP 503" in lines
    assert "cannot on their own show conformance with any standard" in text


def test_passed_gate_and_plain_scan_headlines():
    run = barriers_run()
    assert markdown_summary(run, evaluate_gate(run, Severity.CRITICAL, max_violations=10), EN) \
        .startswith("## ✅ Accessibility gate passed\n")
    assert markdown_summary(run, None, EN).startswith("## Accessibility scan\n")


def test_hostile_text_cannot_inject_markup_mentions_or_table_cells():
    text = markdown_summary(hostile_run(), None, EN)
    row = next(line for line in text.splitlines() if line.startswith("| critical"))
    assert row.count("|") == 7  # six cells, no extra ones from the page
    for raw in ("<script>", "<b>", "]]>", "@admins", "[x](", "`code`", "**bold**", "\x00",
                "\x1b", "\ud800"):
        assert raw not in text
    assert re.search(r"(?<!&)#\d", text) is None  # no issue references, only entities
    assert re.search(r"<(?!/?code>)", text) is None  # the only tags are ours


def test_scan_fields_of_a_stored_scan_are_inert_too():
    run = replace(barriers_run(), axe_version="4.12 ![p](https://evil.example/p.png) @admins",
                  engine="playwright | <b>")
    assert ("wcag22aa · axe-core 4.12 &#33;&#91;p&#93;&#40;https&#58;//evil.example/p.png&#41; "
            "&#64;admins · playwright &#124; &#60;b&#62; · Chromium 131.0.6778.85"
            ) in markdown_summary(run, None, EN).splitlines()


def test_bidirectional_controls_from_a_page_cannot_reorder_the_summary():
    # U+202E (right-to-left override) in a selector shows everything after it on the line
    # backwards: the page's URL in the next cell included
    reversing = finding(selector="img.\u202elogo\u2066", html="<img \u2067alt=\u2069\u202a\u202b"
                                                             "\u202c\u202d>")
    text = markdown_summary(make_run(page_with("https://www.example.gov.cn/", reversing)),
                            None, EN)
    row = next(line for line in text.splitlines() if line.startswith("| critical"))
    assert "| <code>img.\ufffdlogo\ufffd</code> |" in row
    assert re.search("[\u202a-\u202e\u2066-\u2069]", text) is None
    assert md("a|b") == "a&#124;b"
    assert md("line\nbreak") == "line break"


def test_long_tables_are_cut(monkeypatch):
    monkeypatch.setattr(markdown, "ROW_LIMIT", 2)
    run = make_run(page_with("https://a.gov.cn/", *(finding(fingerprint=str(i) * 20)
                                                    for i in range(5))))
    assert "… and 3 more (see the JUnit or SARIF report)." in markdown_summary(run, None, EN)


def test_write_report_writes_every_kind(tmp_path):
    run = barriers_run()
    for kind in REPORT_KINDS:
        write_report(kind, run, tmp_path / "out" / kind, lang="en")
        assert (tmp_path / "out" / kind).stat().st_size > 100
        # lone surrogates too
        write_report(kind, hostile_run(), tmp_path / "hostile" / kind, lang="en")
    with pytest.raises(UsageError, match="unknown report kind 'html'; choose one of: junit, "
                                         "sarif, codequality, markdown, json"):
        write_report("html", run, tmp_path / "x", lang="en")
