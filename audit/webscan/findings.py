"""Findings from axe-core's raw results: browser-free, so they can be re-derived later."""

from __future__ import annotations

from typing import Any

from audit.model import Finding, Outcome, Severity
from audit.standards import criteria_for_tags, level_of
from audit.webscan.fingerprint import fingerprint

HTML_LIMIT = 400
FACT_TEXT_LIMIT = 300  # characters of one string of axe-core's check data kept in the facts
FACT_LIST_LIMIT = 20  # items of one list of it
_CHECK_LISTS = ("any", "all", "none")
FRAME_SEPARATOR = " |> "  # between the iframe's selector and the selector inside it
SHADOW_SEPARATOR = " >>> "  # between a shadow host and the selector inside its shadow root

_OUTCOMES = (("violations", Outcome.VIOLATION), ("incomplete", Outcome.NEEDS_REVIEW))
_SUMMARY_HEADINGS = ("Fix any of the following:", "Fix all of the following:")


def findings_from_axe(raw: dict[str, Any], page_url: str) -> list[Finding]:
    """One finding per element per rule, for violations and needs-review results."""
    findings = []
    for key, outcome in _OUTCOMES:
        for rule in raw.get(key, []):
            criteria = criteria_for_tags(rule.get("tags", []))
            level = level_of(criteria)
            for node in rule.get("nodes", []):
                findings.append(_finding(rule, node, outcome, criteria, level, page_url))
    return findings


def _finding(rule: dict[str, Any], node: dict[str, Any], outcome: Outcome,
             criteria: tuple[str, ...], level: str | None, page_url: str) -> Finding:
    selector = format_target(node.get("target", []))
    html = truncate(node.get("html") or "", HTML_LIMIT)
    return Finding(
        rule=rule["id"],
        source="axe",
        outcome=outcome,
        impact=Severity(node.get("impact") or rule.get("impact") or "minor"),
        wcag=criteria,
        level=level,
        selector=selector,
        html=html,
        message=_message(rule, node),
        help_url=rule.get("helpUrl", ""),
        fingerprint=fingerprint(rule["id"], page_url, selector, html),
        facts=_facts(node),
        template=node["template"] if isinstance(node.get("template"), str) else None,
    )


def format_target(target: list[Any]) -> str:
    """axe's target (one entry per frame; a list inside is a shadow-DOM path) as one string."""
    return FRAME_SEPARATOR.join(
        SHADOW_SEPARATOR.join(part) if isinstance(part, list) else str(part) for part in target
    )


def truncate(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _facts(node: dict[str, Any]) -> dict[str, Any] | None:
    """The checks axe-core reported for the node, bounded; None from a run that did not keep
    them (an older ``--axe-script`` result shape)."""
    checks = node.get("checks")
    if not isinstance(checks, dict):
        return None
    return {"checks": {group: [_check(c) for c in checks.get(group) or [] if isinstance(c, dict)]
                       for group in _CHECK_LISTS}}


def _check(check: dict[str, Any]) -> dict[str, Any]:
    return {"id": str(check.get("id")), "kind": check.get("kind"), "key": check.get("key"),
            "data": _bounded(check.get("data")), "message": str(check.get("message") or "")}


def _bounded(value: Any, depth: int = 0) -> Any:
    """Check data from a hostile page, cut to a size a report can show."""
    if isinstance(value, str):
        return truncate(value, FACT_TEXT_LIMIT)
    if depth > 3:
        return None
    if isinstance(value, list):
        return [_bounded(item, depth + 1) for item in value[:FACT_LIST_LIMIT]]
    if isinstance(value, dict):
        return {str(key): _bounded(item, depth + 1)
                for key, item in list(value.items())[:FACT_LIST_LIMIT]}
    return value if isinstance(value, int | float | bool) or value is None else str(value)


def _message(rule: dict[str, Any], node: dict[str, Any]) -> str:
    lines = [line.strip() for line in (node.get("failureSummary") or "").splitlines()]
    details = [line for line in lines if line and line not in _SUMMARY_HEADINGS]
    help_text = rule.get("help") or rule["id"]
    return f"{help_text}: {'; '.join(details)}" if details else help_text
