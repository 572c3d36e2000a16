"""The CI gate in words for a CI log: what a stored scan carries is shown as plain text."""

from __future__ import annotations

from audit.report.gate import evaluate_gate
from audit.report.gate_text import summary_lines
from audit.report.i18n import Messages
from audit.terminal import plain
from tests.report.ci_factory import finding, make_run, page_with


def test_a_rule_id_from_a_stored_scan_reaches_the_log_as_plain_text():
    run = make_run(page_with("https://a.gov.cn/", finding(rule="image-alt\x1b]0;pwned\x07")))
    lines = summary_lines(run, evaluate_gate(run), Messages("en"), plain=plain)
    assert lines[2] == "  critical image-alt?]0;pwned?      #logo  https://a.gov.cn/"
