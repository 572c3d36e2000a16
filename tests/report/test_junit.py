"""JUnit XML, read back with junitparser: suites per page, cases per rule, hostile text."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from dataclasses import replace

from junitparser import Error, Failure, JUnitXml, Skipped

from audit.model import Outcome, Severity, Viewport
from audit.report.baseline import Baseline, BaselineEntry
from audit.report.gate import evaluate_gate
from audit.report.i18n import Messages
from audit.report.junit import junit_xml, xml_text
from tests.report.ci_factory import (
    HOSTILE_HTML,
    PORTAL,
    barriers_page,
    error_page,
    finding,
    hostile_run,
    make_run,
    page_with,
)

EN = Messages("en")


def parse(data: bytes, tmp_path) -> JUnitXml:
    path = tmp_path / "junit.xml"
    path.write_bytes(data)
    return JUnitXml.fromfile(str(path))


def cases(suite):
    return {case.name: case for case in suite}


def test_a_suite_per_page_and_a_case_per_rule(tmp_path):
    page = barriers_page()
    run = make_run(page, error_page())
    xml = parse(junit_xml(run, None, EN), tmp_path)
    portal, down = list(xml)
    assert portal.name == PORTAL and down.name == "https://www.example.gov.cn/ztzl/"
    rules = set(page.passed_rules) | {f.rule for f in page.findings}
    assert (portal.tests, portal.failures, portal.errors, portal.skipped) == (len(rules), 5, 0, 0)
    assert (xml.tests, xml.failures, xml.errors) == (portal.tests + 1, 5, 1)
    by_name = cases(portal)
    assert by_name["html-has-lang"].is_passed
    image = by_name["image-alt"]
    assert image.classname == "a11y.www_example_gov_cn_zwgk_index_html"
    assert image._elem.get("file") == "www.example.gov.cn/zwgk/index.html"
    failure = image.result[0]
    assert isinstance(failure, Failure)
    assert failure.type == "critical"
    assert failure.message == "2 element(s): Images must have alternative text"
    assert "[critical] #logo" in failure.text and "[critical] .banner" in failure.text
    assert '<img src="/img/logo.png" id="logo">' in failure.text
    assert "WCAG 1.1.1 Non-text Content (A)" in failure.text
    assert f"page: {PORTAL}" in failure.text
    error = cases(down)["page can be scanned"].result[0]
    assert isinstance(error, Error) and error.message == "the server answered HTTP 503"


def test_names_survive_jenkins_splitting_class_names_at_dots(tmp_path):
    run = make_run(barriers_page(), barriers_page("https://www.example.gov.cn/zwgk/index_html"),
                   barriers_page("https://www.example.gov.cn:8443/a.b/c?d=e.f"))
    xml = parse(junit_xml(run, None, EN), tmp_path)
    classnames = [next(iter(suite)).classname for suite in xml]
    assert classnames == ["a11y.www_example_gov_cn_zwgk_index_html",
                          "a11y.www_example_gov_cn_zwgk_index_html_2",
                          "a11y.www_example_gov_cn_8443_a_b_c_d_e_f"]
    for suite in xml:
        keys = [(case.classname, case.name) for case in suite]
        assert len(keys) == len(set(keys))
        assert all(case.classname.rsplit(".", 1)[0] == "a11y" for case in suite)


def test_needs_review_and_accepted_violations_are_skipped_not_failed(tmp_path):
    run = make_run(page_with(
        "https://a.gov.cn/", finding(fingerprint="a" * 20),
        finding(rule="bypass", outcome=Outcome.NEEDS_REVIEW, fingerprint="b" * 20),
        finding(rule="region", impact=Severity.MINOR, fingerprint="c" * 20)))
    baseline = Baseline((BaselineEntry("a" * 20, "image-alt", "https://a.gov.cn/",
                                       "vendor widget, replaced in Q3"),))
    suite = next(iter(parse(junit_xml(run, evaluate_gate(run, baseline=baseline), EN), tmp_path)))
    by_name = cases(suite)
    accepted, review = by_name["image-alt"].result[0], by_name["bypass"].result[0]
    assert isinstance(accepted, Skipped)
    assert accepted.message == "accepted by the baseline: vendor widget, replaced in Q3"
    assert isinstance(review, Skipped) and review.message.startswith("needs review: 1 element")
    assert isinstance(by_name["region"].result[0], Failure)
    assert (suite.failures, suite.skipped) == (1, 2)


def test_hostile_text_is_escaped_and_forbidden_characters_replaced(tmp_path):
    data = junit_xml(hostile_run(), None, EN)
    root = ET.fromstring(data)  # a strict XML 1.0 parser accepts it
    assert root.find(".//injected") is None
    failure = next(iter(next(iter(parse(data, tmp_path))))).result[0]
    assert "]]></failure><injected/>" in failure.text
    assert "<script>alert(1)</script>" in failure.text
    for bad in ("\x00", "\x1b", "\x07", "\x01", "\ufffe", "\ud800"):
        assert bad not in failure.text
    assert xml_text(HOSTILE_HTML).count("\ufffd") == 5
    title = root.find(".//property[@name='title']").get("value")
    assert title == "<title>\ufffd</title>"


def test_scan_fields_of_a_stored_scan_cannot_break_the_xml():
    # the standard and the start time come from the store, the host from a page's link
    run = replace(make_run(page_with("https://a\x01b.example/x", finding())),
                  standard="wcag22aa\x02", started_at="2025-06-30\x0bT02:00:00+00:00")
    root = ET.fromstring(junit_xml(run, None, EN))  # a strict XML 1.0 parser accepts it
    assert root.get("name") == "a11y-audit wcag22aa\ufffd"
    suite = root.find("testsuite")
    assert suite.get("timestamp") == "2025-06-30\ufffdT02:00:0"
    assert {case.get("file") for case in suite.iter("testcase")} == {"a%01b.example/x"}


def test_a_page_at_two_viewports_is_two_suites_named_by_viewport(tmp_path):
    desktop = barriers_page()
    mobile = replace(barriers_page(), viewport=Viewport.MOBILE)
    other = barriers_page("https://www.example.gov.cn/zwgk/index_html")
    for lang, words in (("en", (" (desktop)", " (mobile)")), ("zh-CN", ("（桌面）", "（移动端）"))):
        xml = parse(junit_xml(make_run(desktop, mobile, other), None, Messages(lang)), tmp_path)
        names = [suite.name for suite in xml]
        assert names == [PORTAL + words[0], PORTAL + words[1],
                         "https://www.example.gov.cn/zwgk/index_html"]
        classnames = [next(iter(suite)).classname for suite in xml]
        assert classnames == ["a11y.www_example_gov_cn_zwgk_index_html",
                              "a11y.www_example_gov_cn_zwgk_index_html_mobile",
                              "a11y.www_example_gov_cn_zwgk_index_html_2"]
    # the phone's suite keeps its name whatever order the pages come in
    xml = parse(junit_xml(make_run(mobile, other, desktop), None, EN), tmp_path)
    assert [next(iter(suite)).classname for suite in xml] == [
        "a11y.www_example_gov_cn_zwgk_index_html_mobile",
        "a11y.www_example_gov_cn_zwgk_index_html",
        "a11y.www_example_gov_cn_zwgk_index_html_2"]
