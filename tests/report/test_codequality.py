"""GitLab Code Quality JSON, field by field."""

from __future__ import annotations

import json
from dataclasses import replace

from audit.model import Outcome, Severity, Viewport
from audit.report.baseline import Baseline, BaselineEntry
from audit.report.codequality import codequality_issues
from audit.report.gate import evaluate_gate
from audit.report.i18n import Messages
from audit.report.writers import render_report
from tests.report.ci_factory import PORTAL, barriers_run, finding, make_run, page_with

EN = Messages("en")


def test_one_issue_per_violation_field_by_field():
    run = barriers_run()
    issues = codequality_issues(run, None, EN)
    assert len(issues) == 6
    contrast = next(i for i in issues if i["check_name"] == "a11y/color-contrast")
    violation = next(f for f in run.pages[0].violations if f.rule == "color-contrast")
    assert set(contrast) == {"type", "description", "check_name", "fingerprint", "severity",
                             "location"}
    assert contrast["type"] == "issue"
    assert contrast["description"] == f"{violation.message} (element p on {PORTAL})"
    assert contrast["fingerprint"] == violation.fingerprint
    assert contrast["severity"] == "major"
    assert contrast["location"] == {"path": "www.example.gov.cn/zwgk/index.html",
                                    "lines": {"begin": 1}}
    assert {i["severity"] for i in issues} == {"critical", "major"}
    assert len({i["fingerprint"] for i in issues}) == 6


def test_severity_map_and_failures_only():
    run = make_run(page_with(
        "https://a.gov.cn/x", *(finding(impact=s, fingerprint=s.value.ljust(20, "0"))
                                for s in Severity),
        finding(outcome=Outcome.NEEDS_REVIEW, fingerprint="r" * 20)))
    assert [i["severity"] for i in codequality_issues(run, None, EN)] == [
        "critical", "major", "minor", "info"]
    baseline = Baseline((BaselineEntry("critical".ljust(20, "0"), "image-alt", "u", "known"),))
    issues = codequality_issues(run, evaluate_gate(run, baseline=baseline), EN)
    assert [i["severity"] for i in issues] == ["major", "minor", "info"]


def test_repeated_fingerprints_stay_distinct():
    run = make_run(page_with("https://a.gov.cn/", finding(), finding(), finding()))
    assert [i["fingerprint"] for i in codequality_issues(run, None, EN)] == [
        "f" * 20, "f" * 20 + "-2", "f" * 20 + "-3"]


def test_written_as_a_json_array_without_bom():
    data = render_report("codequality", barriers_run(), lang="en")
    assert data[:1] == b"["
    assert json.loads(data.decode("utf-8")) == codequality_issues(barriers_run(), None, EN)
    assert json.loads(render_report("codequality", make_run(), lang="en")) == []


def test_a_page_at_two_viewports_keeps_each_viewport_s_issues_apart():
    desktop = page_with("https://a.gov.cn/", finding())
    mobile = replace(page_with("https://a.gov.cn/", finding(), finding()),
                     viewport=Viewport.MOBILE)
    for pages in ((desktop, mobile), (mobile, desktop)):
        issues = codequality_issues(make_run(*pages), None, Messages("zh-CN"))
        assert sorted(i["fingerprint"] for i in issues) == [
            "f" * 20, "f" * 20 + "-mobile", "f" * 20 + "-mobile-2"]
        mobile_issue = next(i for i in issues if i["fingerprint"].endswith("-mobile"))
        assert mobile_issue["description"].endswith("（元素 #logo，页面 https://a.gov.cn/，移动端）")
