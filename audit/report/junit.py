"""JUnit XML for GitLab, Jenkins and GitHub test-report actions.

A ``testsuite`` per page and a ``testcase`` per rule that ran on it: a ``failure`` when the rule
found violations (each element's impact, selector, message and snippet in the text), ``skipped``
when it only needs review or a baseline accepted all its violations, no child when it passed.
A page that could not be scanned is one testcase with an ``error``. A URL scanned at two
viewports is two suites, each named with its viewport. Class names are
``a11y.<page slug>``: Jenkins splits class names at the last dot, so the slug has none.
Everything from the page is escaped, and characters XML 1.0 forbids are replaced.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from typing import NamedTuple
from urllib.parse import urlsplit

from audit.model import Finding, PageResult, ScanRun, Viewport
from audit.report._common import RuleInfo, artifact_path, reported, rule_infos
from audit.report.gate import GateResult
from audit.report.i18n import Messages
from audit.report.notes import error_text
from audit.report.wording import RuleWords

# Everything outside XML 1.0's Char production (control characters, lone surrogates, FFFE/F).
_NOT_XML = re.compile("[^\t\n\r\u0020-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")
_SLUG = re.compile(r"[^A-Za-z0-9]+")
_COUNTS = ("tests", "failures", "errors", "skipped")


def junit_xml(run: ScanRun, gate: GateResult | None, msg: Messages) -> bytes:
    infos = rule_infos(run)
    words = RuleWords(msg)
    root = ET.Element("testsuites", name=xml_text(f"a11y-audit {run.standard}"))
    used: set[str] = set()
    several = _at_several_viewports(run)
    for page in run.pages:
        named = page.url in several
        name = msg.t("ci.suite_viewport", url=page.url,
                     viewport=msg.t(f"viewport.{page.viewport}")) if named else page.url
        root.append(_suite(page, run, infos, gate, _Where(_classname(page, named, used), name,
                                                          artifact_path(page.url)), words))
    _sum_counts(root, root.findall("testsuite"))
    ET.indent(root)
    return ET.tostring(root, encoding="utf-8", xml_declaration=True) + b"\n"


class _Where(NamedTuple):
    classname: str
    suite: str  # the page's testsuite name
    file: str


def xml_text(text: str | None) -> str:
    """``text`` with every character XML 1.0 cannot carry replaced by U+FFFD."""
    return _NOT_XML.sub("\ufffd", text or "")


def _suite(page: PageResult, run: ScanRun, infos: dict[str, RuleInfo],
           gate: GateResult | None, where: _Where, words: RuleWords) -> ET.Element:
    seconds = sum(page.timings_ms.values()) / 1000
    suite = ET.Element("testsuite", name=xml_text(where.suite), time=f"{seconds:.3f}")
    if run.started_at:
        suite.set("timestamp", xml_text(run.started_at[:19]))
    props = ET.SubElement(suite, "properties")
    for key in ("url", "final_url", "title", "status", "viewport"):
        value = getattr(page, key)
        if value is not None:
            ET.SubElement(props, "property", name=key, value=xml_text(str(value)))
    if page.error:
        case = _case(suite, where.classname, words.msg.t("ci.page_scannable"), where.file)
        ET.SubElement(case, "error", message=xml_text(page.error), type="ScanError").text = \
            xml_text(words.msg.t("ci.page_not_scanned", url=page.url,
                                 error=error_text(page.error, words.msg)))
    else:
        for rule in _rules(page):
            _rule_case(suite, page, infos.get(rule) or RuleInfo(rule, rule, rule, "", ()),
                       gate, where, words)
    _sum_counts(suite, suite.findall("testcase"))
    return suite


def _rules(page: PageResult) -> list[str]:
    return sorted({f.rule for f in page.findings} | set(page.passed_rules))


def _rule_case(suite: ET.Element, page: PageResult, info: RuleInfo, gate: GateResult | None,
               where: _Where, words: RuleWords) -> None:
    msg = words.msg
    case = _case(suite, where.classname, info.id, where.file)
    violations = [f for f in page.violations if f.rule == info.id]
    failing = [f for f in reported(page, gate) if f.rule == info.id]
    review = [f for f in page.needs_review if f.rule == info.id]
    if failing:
        worst = min(failing, key=lambda f: f.impact.rank).impact
        failure = ET.SubElement(case, "failure", type=str(worst), message=xml_text(
            msg.t("ci.failure", count=len(failing), title=words.title(info.id, info.help))))
        failure.text = xml_text(_failure_text(page, failing, info, len(violations) -
                                              len(failing), len(review), words))
    elif violations:
        reasons = {gate.accepted[f.fingerprint].reason for f in violations} if gate else set()
        ET.SubElement(case, "skipped", message=xml_text(
            msg.t("ci.accepted", reasons="; ".join(sorted(reasons)))))
    elif review:
        ET.SubElement(case, "skipped", message=xml_text(msg.t("ci.review_only",
                                                              count=len(review))))


def _failure_text(page: PageResult, failing: list[Finding], info: RuleInfo, accepted: int,
                  review: int, words: RuleWords) -> str:
    msg = words.msg
    lines = [f"{words.title(info.id, info.help)} — {words.references(failing[0])}",
             f"{msg.t('ci.page_label')}: {page.url}", ""]
    for finding in failing:
        lines += [f"[{msg.t('impact.' + str(finding.impact))}] {finding.selector}",
                  f"  {words.finding(finding)}", f"  {finding.html}",
                  f"  {msg.t('ci.fingerprint')}: {finding.fingerprint}", ""]
    if accepted:
        lines.append(msg.t("ci.accepted_more", count=accepted))
    if review:
        lines.append(msg.t("ci.review_more", count=review))
    entry = words.rule(info.id)
    if entry:
        lines.append(f"{msg.t('ci.how_to_fix')}: {entry.fix.get(words.lang)}")
    if info.help_url:
        lines.append(info.help_url if entry else f"{msg.t('ci.how_to_fix')}: {info.help_url}")
    return "\n".join(lines).strip() + "\n"


def _case(suite: ET.Element, classname: str, name: str, file: str) -> ET.Element:
    return ET.SubElement(suite, "testcase", classname=classname, name=xml_text(name),
                         file=file, time="0")


def _at_several_viewports(run: ScanRun) -> set[str]:
    viewports: dict[str, set[str]] = {}
    for page in run.pages:
        viewports.setdefault(page.url, set()).add(page.viewport)
    return {url for url, seen in viewports.items() if len(seen) > 1}


def _classname(page: PageResult, named: bool, used: set[str]) -> str:
    """``a11y.<slug>``; a page also scanned at another viewport has the viewport in its slug
    (desktop excepted: adding a phone scan keeps the desktop cases' history)."""
    parts = urlsplit(page.url)
    slug = _SLUG.sub("_", f"{parts.netloc}{parts.path}_{parts.query}").strip("_")[:120]
    if named and page.viewport != Viewport.DESKTOP:
        slug = f"{slug}_{page.viewport}"
    name, n = f"a11y.{slug or 'page'}", 1
    while name in used:
        n += 1
        name = f"a11y.{slug}_{n}"
    used.add(name)
    return name


def _sum_counts(element: ET.Element, children: list[ET.Element]) -> None:
    counts = dict.fromkeys(_COUNTS, 0)
    for child in children:
        if child.tag == "testcase":
            counts["tests"] += 1
            for key, tag in (("failures", "failure"), ("errors", "error"), ("skipped", "skipped")):
                counts[key] += child.find(tag) is not None
        else:
            for key in _COUNTS:
                counts[key] += int(child.get(key, "0"))
    for key in _COUNTS:
        element.set(key, str(counts[key]))
