"""JUnit XML for GitLab, Jenkins and GitHub test-report actions.

A ``testsuite`` per page and a ``testcase`` per rule that ran on it: a ``failure`` when the rule
found violations (each element's impact, selector, message and snippet in the text), ``skipped``
when it only needs review or a baseline accepted all its violations, no child when it passed.
A page that could not be scanned is one testcase with an ``error``. Class names are
``a11y.<page slug>``: Jenkins splits class names at the last dot, so the slug has none.
Everything from the page is escaped, and characters XML 1.0 forbids are replaced.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from urllib.parse import urlsplit

from audit.model import Finding, PageResult, ScanRun
from audit.report._common import RuleInfo, artifact_path, reported, rule_infos, wcag_text
from audit.report.gate import GateResult

# Everything outside XML 1.0's Char production (control characters, lone surrogates, FFFE/F).
_NOT_XML = re.compile("[^\t\n\r\u0020-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")
_SLUG = re.compile(r"[^A-Za-z0-9]+")
_COUNTS = ("tests", "failures", "errors", "skipped")


def junit_xml(run: ScanRun, gate: GateResult | None = None) -> bytes:
    infos = rule_infos(run)
    root = ET.Element("testsuites", name=f"a11y-audit {run.standard}")
    used: set[str] = set()
    for page in run.pages:
        root.append(_suite(page, run, infos, gate, _classname(page.url, used)))
    _sum_counts(root, root.findall("testsuite"))
    ET.indent(root)
    return ET.tostring(root, encoding="utf-8", xml_declaration=True) + b"\n"


def xml_text(text: str | None) -> str:
    """``text`` with every character XML 1.0 cannot carry replaced by U+FFFD."""
    return _NOT_XML.sub("\ufffd", text or "")


def _suite(page: PageResult, run: ScanRun, infos: dict[str, RuleInfo],
           gate: GateResult | None, classname: str) -> ET.Element:
    seconds = sum(page.timings_ms.values()) / 1000
    suite = ET.Element("testsuite", name=xml_text(page.url), time=f"{seconds:.3f}")
    if run.started_at:
        suite.set("timestamp", run.started_at[:19])
    props = ET.SubElement(suite, "properties")
    for key in ("url", "final_url", "title", "status", "viewport"):
        value = getattr(page, key)
        if value is not None:
            ET.SubElement(props, "property", name=key, value=xml_text(str(value)))
    file = artifact_path(page.url)
    if page.error:
        case = _case(suite, classname, "page can be scanned", file)
        ET.SubElement(case, "error", message=xml_text(page.error), type="ScanError").text = \
            xml_text(f"{page.url} was not scanned: {page.error}")
    else:
        for rule in _rules(page):
            _rule_case(suite, page, rule, infos.get(rule), gate, classname, file)
    _sum_counts(suite, suite.findall("testcase"))
    return suite


def _rules(page: PageResult) -> list[str]:
    return sorted({f.rule for f in page.findings} | set(page.passed_rules))


def _rule_case(suite: ET.Element, page: PageResult, rule: str, info: RuleInfo | None,
               gate: GateResult | None, classname: str, file: str) -> None:
    case = _case(suite, classname, rule, file)
    info = info or RuleInfo(rule, rule, rule, "", ())
    violations = [f for f in page.violations if f.rule == rule]
    failing = [f for f in reported(page, gate) if f.rule == rule]
    review = [f for f in page.needs_review if f.rule == rule]
    if failing:
        worst = min(failing, key=lambda f: f.impact.rank).impact
        failure = ET.SubElement(case, "failure", type=str(worst), message=xml_text(
            f"{len(failing)} element(s): {info.help}"))
        failure.text = xml_text(_failure_text(page, failing, info, len(violations) -
                                              len(failing), len(review)))
    elif violations:
        reasons = {gate.accepted[f.fingerprint].reason for f in violations} if gate else set()
        ET.SubElement(case, "skipped", message=xml_text(
            f"accepted by the baseline: {'; '.join(sorted(reasons))}"))
    elif review:
        ET.SubElement(case, "skipped", message=xml_text(
            f"needs review: {len(review)} element(s) that automated checks cannot judge"))


def _failure_text(page: PageResult, failing: list[Finding], info: RuleInfo, accepted: int,
                  review: int) -> str:
    lines = [f"{info.help} — {wcag_text(failing[0])}", f"page: {page.url}", ""]
    for finding in failing:
        lines += [f"[{finding.impact}] {finding.selector}", f"  {finding.message}",
                  f"  {finding.html}", f"  fingerprint: {finding.fingerprint}", ""]
    if accepted:
        lines.append(f"{accepted} more element(s) accepted by the baseline")
    if review:
        lines.append(f"{review} more element(s) need review")
    if info.help_url:
        lines.append(f"how to fix: {info.help_url}")
    return "\n".join(lines).strip() + "\n"


def _case(suite: ET.Element, classname: str, name: str, file: str) -> ET.Element:
    return ET.SubElement(suite, "testcase", classname=classname, name=xml_text(name),
                         file=file, time="0")


def _classname(url: str, used: set[str]) -> str:
    parts = urlsplit(url)
    slug = _SLUG.sub("_", f"{parts.netloc}{parts.path}_{parts.query}").strip("_")[:120]
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
