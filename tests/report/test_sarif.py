"""SARIF: valid against the SARIF 2.1.0 schema and what GitHub code scanning requires."""

from __future__ import annotations

from dataclasses import replace

import pytest

from audit.model import Outcome, Severity, Viewport
from audit.report._common import artifact_path
from audit.report.baseline import Baseline, BaselineEntry
from audit.report.gate import evaluate_gate
from audit.report.i18n import Messages
from audit.report.sarif import sarif_log
from tests.report.ci_factory import (
    PORTAL,
    barriers_page,
    barriers_run,
    error_page,
    finding,
    hostile_run,
    make_run,
    page_with,
)
from tests.report.sarif_check import assert_github_accepts, assert_valid_sarif, is_relative_ref

EN = Messages("en")


def test_barriers_run_is_valid_sarif_that_github_accepts():
    run = make_run(barriers_page(), error_page())
    log = sarif_log(run, evaluate_gate(run), EN)
    assert_valid_sarif(log)
    assert_github_accepts(log)
    results = log["runs"][0]["results"]
    assert [r["ruleId"] for r in results] == [
        "button-name", "color-contrast", "image-alt", "image-alt", "label", "link-name"]
    assert [r["level"] for r in results] == ["error"] * 6


def test_result_points_at_a_pseudo_path_and_names_the_real_url():
    log = sarif_log(barriers_run(), None, EN)
    result = next(r for r in log["runs"][0]["results"] if r["ruleId"] == "color-contrast")
    assert result["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] == \
        "www.example.gov.cn/zwgk/index.html"
    assert result["message"]["text"].startswith("Elements must meet minimum color contrast")
    assert result["message"]["text"].endswith(f"(element p on {PORTAL})")
    assert result["properties"]["url"] == PORTAL
    assert result["properties"]["selector"] == "p"
    assert result["properties"]["wcag"] == ["1.4.3"]
    fingerprint = result["properties"]["fingerprint"]
    assert result["partialFingerprints"] == {"a11yAudit/v1": fingerprint,
                                             "primaryLocationLineHash": f"{fingerprint}:1"}


def test_rules_carry_help_uri_wcag_tags_and_criterion_titles():
    log = sarif_log(barriers_run(), None, EN)
    rules = {rule["id"]: rule for rule in log["runs"][0]["tool"]["driver"]["rules"]}
    assert sorted(rules) == ["button-name", "color-contrast", "image-alt", "label", "link-name"]
    contrast = rules["color-contrast"]
    assert contrast["helpUri"].startswith("https://dequeuniversity.com/rules/axe/4.12/")
    assert contrast["shortDescription"]["text"] == \
        "Elements must meet minimum color contrast ratio thresholds"
    assert "WCAG 1.4.3 Contrast (Minimum) (AA)" in contrast["help"]["text"]
    assert contrast["properties"]["tags"][:3] == ["accessibility", "wcag-1.4.3", "cat.color"]
    assert "wcag143" in contrast["properties"]["tags"]
    assert rules["link-name"]["properties"]["tags"][:3] == [
        "accessibility", "wcag-2.4.4", "wcag-4.1.2"]


def test_failures_only_no_needs_review_and_no_accepted_findings():
    accepted = finding(fingerprint="a" * 20)
    run = make_run(page_with(
        "https://a.gov.cn/", accepted,
        finding(rule="bypass", outcome=Outcome.NEEDS_REVIEW, fingerprint="b" * 20),
        finding(rule="region", impact=Severity.MODERATE, fingerprint="c" * 20)))
    baseline = Baseline((BaselineEntry("a" * 20, "image-alt", "https://a.gov.cn/", "known"),))
    log = sarif_log(run, evaluate_gate(run, baseline=baseline), EN)
    assert_valid_sarif(log)
    results = log["runs"][0]["results"]
    assert [(r["ruleId"], r["level"]) for r in results] == [("region", "warning")]
    assert [r["id"] for r in log["runs"][0]["tool"]["driver"]["rules"]] == ["region"]
    results = sarif_log(run, None, EN)["runs"][0]["results"]
    assert [r["ruleId"] for r in results] == ["image-alt", "region"]


def test_repeated_fingerprints_get_distinct_line_hashes():
    run = make_run(page_with("https://a.gov.cn/", finding(), finding()))
    hashes = [r["partialFingerprints"]["primaryLocationLineHash"]
              for r in sarif_log(run, None, EN)["runs"][0]["results"]]
    assert hashes == ["f" * 20 + ":1", "f" * 20 + ":2"]


def test_no_results_and_page_errors_are_still_valid():
    run = make_run(error_page())
    log = sarif_log(run, None, EN)
    assert_valid_sarif(log)
    assert_github_accepts(log)
    sarif_run = log["runs"][0]
    assert sarif_run["results"] == [] and sarif_run["tool"]["driver"]["rules"] == []
    assert sarif_run["invocations"][0]["executionSuccessful"] is False
    assert sarif_run["invocations"][0]["toolExecutionNotifications"][0]["message"]["text"] == \
        "https://www.example.gov.cn/ztzl/ was not scanned: the server answered HTTP 503"
    assert sarif_run["invocations"][0]["startTimeUtc"] == "2025-06-30T02:00:00Z"
    assert sarif_run["automationDetails"]["id"] == "a11y-audit/www.example.gov.cn/"


def test_hostile_page_text_stays_valid_sarif():
    log = sarif_log(hostile_run(), None, EN)
    assert_valid_sarif(log)
    assert_github_accepts(log)
    assert "<script>" in log["runs"][0]["results"][0]["properties"]["html"]  # data, kept as is


@pytest.mark.parametrize(("url", "path"), [
    ("https://www.example.gov.cn/zwgk/index.html", "www.example.gov.cn/zwgk/index.html"),
    ("https://www.example.gov.cn/", "www.example.gov.cn/index"),
    ("https://www.example.gov.cn", "www.example.gov.cn/index"),
    ("https://www.example.gov.cn/zwgk/", "www.example.gov.cn/zwgk/index"),
    ("http://WWW.Example.gov.cn:8080/a//b.jsp?id=7&cat=2#top",
     "www.example.gov.cn_8080/a/b.jsp__cat=2&id=7"),
    ("https://www.example.gov.cn/b.jsp?cat=2&id=7", "www.example.gov.cn/b.jsp__cat=2&id=7"),
    ("https://www.example.gov.cn/?q=a%20b", "www.example.gov.cn/index__q=a+b"),
    ("https://www.example.gov.cn/政务公开/通知.html",
     "www.example.gov.cn/%E6%94%BF%E5%8A%A1%E5%85%AC%E5%BC%80/%E9%80%9A%E7%9F%A5.html"),
    ("https://例子.政府.cn/", "xn--fsqu00a.xn--mxtq1m.cn/index"),
    ("https://www.example.gov.cn/a/%2E%2E/./b", "www.example.gov.cn/a/__/_/b"),
    ('https://www.example.gov.cn/a b/c"d<e>', "www.example.gov.cn/a%20b/c%22d%3Ce%3E"),
    ("http://[::1]:8080/x", "--1_8080/x"),
    ("https://a\x01b.example/x", "a%01b.example/x"),  # a control character in a link's host
])
def test_artifact_path(url, path):
    assert artifact_path(url) == path
    assert is_relative_ref(path)


def test_long_queries_are_shortened_with_a_hash_and_stay_distinct():
    base = "https://www.example.gov.cn/list?" + "&".join(f"k{i}=v{i}" for i in range(40))
    first, second = artifact_path(base), artifact_path(base + "&z=1")
    assert first != second
    assert len(first.rsplit("/", 1)[1]) == 100
    assert is_relative_ref(first)


def test_a_page_at_two_viewports_keeps_each_viewport_s_alerts_apart():
    desktop = page_with("https://a.gov.cn/", finding())
    mobile = replace(page_with("https://a.gov.cn/", finding()), viewport=Viewport.MOBILE)
    for pages in ((desktop, mobile), (mobile, desktop)):
        results = sarif_log(make_run(*pages), None, EN)["runs"][0]["results"]
        by_viewport = {r["properties"]["viewport"]: r for r in results}
        assert by_viewport["desktop"]["partialFingerprints"]["primaryLocationLineHash"] == \
            "f" * 20 + ":1"
        assert by_viewport["mobile"]["partialFingerprints"]["primaryLocationLineHash"] == \
            "f" * 20 + "-mobile:1"
        assert by_viewport["mobile"]["message"]["text"].endswith(
            "(element #logo on https://a.gov.cn/, mobile)")
        assert by_viewport["desktop"]["message"]["text"].endswith(
            "(element #logo on https://a.gov.cn/)")


@pytest.mark.parametrize("link", ["javascript:alert(1)", "see the docs", "//cdn.example/x",
                                  "https://exa mple.gov.cn/"])
def test_a_help_link_that_is_no_web_address_is_left_out(link):
    run = make_run(page_with("https://a.gov.cn/", finding(help_url=link)))
    log = sarif_log(run, None, EN)
    assert_valid_sarif(log)
    rule = log["runs"][0]["tool"]["driver"]["rules"][0]
    assert "helpUri" not in rule
    assert link not in rule["help"]["text"] and link not in rule["help"]["markdown"]


def test_recorded_rule_words_and_help_link_add_no_markdown_to_the_rule_help():
    # the help text and help link of a rule come from the scan's record (a stored or imported
    # scan file): GitHub renders help.markdown, which must show them as text, one link only
    url = "https://x.example/a)![p](https://evil.example/p.png"
    page = page_with(PORTAL, finding(rule="custom-rule", help_url=url))
    page.raw = {"violations": [{"id": "custom-rule", "helpUrl": url, "tags": [],
                                "help": "Fix **me** ![p](https://evil.example/p.png) <img>"}]}
    log = sarif_log(make_run(page), None, EN)
    assert_valid_sarif(log)
    assert log["runs"][0]["tool"]["driver"]["rules"][0]["help"]["markdown"] == (
        "**Fix &#42;&#42;me&#42;&#42; &#33;&#91;p&#93;&#40;https&#58;//evil.example/p.png&#41; "
        "&#60;img&#62;**\n\nWCAG 1.1.1 Non-text Content (A)\n\n"
        "[how to fix](https://x.example/a%29!%5Bp%5D%28https://evil.example/p.png)")


def test_page_text_makes_no_embedded_link_in_a_plain_text_message():
    # SARIF reads "[text](target)" in a plain-text message as a link (SARIF 2.1.0 3.11.6):
    # brackets from a page are escaped with a backslash, as is a backslash before one
    bad = finding(rule="custom-rule", selector='a[href="x"]',
                  message="Fix it: [click](https://evil.example/) \\[x]")
    run = make_run(page_with("https://a.gov.cn/?q=[y](https://evil.example/)", bad),
                   error_page("https://a.gov.cn/[z](https://evil.example/)"))
    log = sarif_log(run, None, EN)
    assert_valid_sarif(log)
    assert log["runs"][0]["results"][0]["message"]["text"] == (
        r'Fix it: \[click\](https://evil.example/) \\\[x\] (element a\[href="x"\] on '
        r"https://a.gov.cn/?q=\[y\](https://evil.example/))")
    notice = log["runs"][0]["invocations"][0]["toolExecutionNotifications"][0]
    assert notice["message"]["text"] == (
        r"https://a.gov.cn/\[z\](https://evil.example/) was not scanned: the server answered "
        "HTTP 503")
