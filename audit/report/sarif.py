"""SARIF 2.1.0 for GitHub code scanning: violations only, one result per element.

GitHub rejects ``https:`` artifact locations, so each page becomes a scheme-less relative
pseudo-path (``www.example.gov.cn/zwgk/index``, see ``artifact_path``); the real URL, the
selector and the snippet go in the message and in ``properties``. ``partialFingerprints``
carry our fingerprint (with the viewport unless it is the desktop's), so alerts track across runs
whatever the page's markup around them.
Needs-review results and findings accepted by a baseline are left out (GitHub ignores SARIF
``kind`` and ``suppressions``: whatever is uploaded becomes an alert).
"""

from __future__ import annotations

import re
from collections import Counter
from typing import Any
from urllib.parse import urlsplit

from audit.model import Finding, PageResult, ScanRun, Severity
from audit.report._common import (
    RuleInfo,
    alert_key,
    artifact_path,
    element_on,
    reported,
    rule_infos,
)
from audit.report.gate import GateResult
from audit.report.i18n import Messages
from audit.report.markdown import md
from audit.report.notes import error_text
from audit.report.wording import RuleWords

SCHEMA_URI = "https://json.schemastore.org/sarif-2.1.0.json"
LEVELS = {Severity.CRITICAL: "error", Severity.SERIOUS: "error", Severity.MODERATE: "warning",
          Severity.MINOR: "note"}
_TEXT_LIMIT = 1024  # GitHub's limit for rule descriptions
_TAG_LIMIT = 20
_BRACKET = re.compile(r"(\\*)([\[\]])")  # a bracket and the backslashes before it


def sarif_log(run: ScanRun, gate: GateResult | None, msg: Messages) -> dict[str, Any]:
    words = RuleWords(msg)
    infos = rule_infos(run)
    examples: dict[str, Finding] = {}
    results = []
    seen: Counter[str] = Counter()
    for page in run.pages:
        for finding in reported(page, gate):
            examples.setdefault(finding.rule, finding)
            key = alert_key(page, finding)
            seen[key] += 1
            index = list(examples).index(finding.rule)  # rules are few
            results.append(_result(page, finding, index, f"{key}:{seen[key]}", words))
    driver = {"name": "a11y-audit", "semanticVersion": run.tool_version,
              "rules": [_rule(infos[rule], finding, words)
                        for rule, finding in examples.items()]}
    tool: dict[str, Any] = {"driver": driver}
    if run.axe_version:
        tool["extensions"] = [{"name": "axe-core", "version": run.axe_version}]
    return {
        "$schema": SCHEMA_URI,
        "version": "2.1.0",
        "runs": [{
            "tool": tool,
            "language": msg.lang,  # of the messages (SARIF's run.language, BCP 47)
            "automationDetails": {"id": f"a11y-audit/{_category(run)}/"},
            "invocations": [_invocation(run, msg)],
            "results": results,
            "properties": {"standard": run.standard, "engine": run.engine,
                           "browserVersion": run.browser_version},
        }],
    }


def _rule(info: RuleInfo, example: Finding, words: RuleWords) -> dict[str, Any]:
    entry = words.rule(info.id)
    title = words.title(info.id, info.help)
    refs = words.references(example)
    fix = entry.fix.get(words.lang) if entry else ""
    how = words.msg.t("ci.how_to_fix")
    link_text = f" {how}: {info.help_url}" if info.help_url else ""
    link_md = f"\n\n[{how}]({_link_target(info.help_url)})" if info.help_url else ""
    tags = ["accessibility", *(f"wcag-{sc}" for sc in example.wcag), *info.tags]
    rule: dict[str, Any] = {
        "id": info.id,
        "shortDescription": {"text": _limit(title)},
        "fullDescription": {"text": _limit(entry.why.get(words.lang) if entry
                                           else info.description)},
        "help": {"text": " ".join(part for part in (f"{title}. {refs}.", fix) if part)
                 + link_text,
                 "markdown": "\n\n".join(part for part in (f"**{md(title)}**", refs, fix)
                                         if part)
                 + link_md},
        "defaultConfiguration": {"level": LEVELS[example.impact]},
        "properties": {"tags": list(dict.fromkeys(tags))[:_TAG_LIMIT], "precision": "high"},
    }
    if info.help_url:
        rule["helpUri"] = info.help_url
    return rule


def _result(page: PageResult, finding: Finding, rule_index: int, line_hash: str,
            words: RuleWords) -> dict[str, Any]:
    region = {"startLine": 1, "startColumn": 1, "endLine": 1, "endColumn": 2}
    return {
        "ruleId": finding.rule,
        "ruleIndex": rule_index,
        "kind": "fail",
        "level": LEVELS[finding.impact],
        "message": {"text": plain_message(words.finding_line(finding)
                                          + element_on(words.msg, page, finding))},
        "locations": [{
            "physicalLocation": {"artifactLocation": {"uri": artifact_path(page.url)},
                                 "region": region},
            "logicalLocations": [{"fullyQualifiedName": finding.selector, "kind": "element"}],
        }],
        "partialFingerprints": {
            "a11yAudit/v1": finding.fingerprint,
            "primaryLocationLineHash": line_hash,
        },
        "properties": {"url": page.url, "selector": finding.selector, "html": finding.html,
                       "impact": str(finding.impact), "wcag": list(finding.wcag),
                       "level": finding.level, "fingerprint": finding.fingerprint,
                       "viewport": str(page.viewport)},
    }


def _invocation(run: ScanRun, msg: Messages) -> dict[str, Any]:
    invocation: dict[str, Any] = {
        "executionSuccessful": any(not page.error for page in run.pages),
        "toolExecutionNotifications": [
            {"level": "error", "message": {"text": plain_message(msg.t(
                "ci.page_not_scanned", url=page.url, error=error_text(page.error or "", msg)))}}
            for page in run.pages if page.error],
    }
    for key, value in (("startTimeUtc", run.started_at), ("endTimeUtc", run.finished_at)):
        if value:
            invocation[key] = value.replace("+00:00", "Z")
    return invocation


def _category(run: ScanRun) -> str:
    hosts = sorted({urlsplit(page.url).hostname or "" for page in run.pages} - {""})
    return "+".join(hosts) or "no-pages"


def _limit(text: str) -> str:
    return text if len(text) <= _TEXT_LIMIT else text[:_TEXT_LIMIT - 1] + "…"


def plain_message(text: str) -> str:
    """A plain-text message that shows its brackets: SARIF reads ``[text](target)`` in one
    as a link (SARIF 2.1.0, 3.11.6) and a backslash escapes a bracket, so a page's
    ``[click](https://...)`` must not become a link."""
    return _BRACKET.sub(lambda m: m[1] * 2 + "\\" + m[2], text)


def _link_target(url: str) -> str:
    """A help link (``web_link``: no space, no bracket) as a Markdown link's target: its
    parentheses, which would end the target early, percent-encoded."""
    return url.replace("(", "%28").replace(")", "%29")
