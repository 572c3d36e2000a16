"""The scan as text on a terminal: what a stored scan carries is shown, never obeyed."""

from __future__ import annotations

from rich.console import Console

from audit.report.i18n import Messages
from audit.report.scan_text import render_text
from tests.report.ci_factory import finding, make_run, page_with


def test_a_rule_id_from_a_stored_scan_is_text_not_markup_or_terminal_codes():
    bad = finding(rule="[link=https://evil.example/]x[/link]\x1b[2J")
    console = Console(record=True, width=300)
    render_text(make_run(page_with("https://a.gov.cn/", bad)), console, Messages("en"))
    text = console.export_text()
    assert "[link=https://evil.example/]x[/link]?[2J" in text
    assert "\x1b" not in text
