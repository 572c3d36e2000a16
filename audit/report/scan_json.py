"""The versioned JSON document of a scan (``"schema": "a11y-audit/scan/1"``).

Field names are a published contract: add fields, never rename or remove them. The JSON Schema
shipped next to this module (schemas/scan-1.schema.json) describes the document.
"""

from __future__ import annotations

import json
from dataclasses import asdict
from functools import cache
from pathlib import Path
from typing import Any

from audit.model import Finding, Note, PageResult, ScanRun
from audit.report._common import clause_of
from audit.report.notes import english_note

SCHEMA_ID = "a11y-audit/scan/1"
SCHEMA_FILE = Path(__file__).with_name("schemas") / "scan-1.schema.json"


def scan_document(run: ScanRun) -> dict[str, Any]:
    return {
        "schema": SCHEMA_ID,
        "tool": {"name": "a11y-audit", "version": run.tool_version},
        "engine": run.engine,
        "axe_version": run.axe_version,
        "browser_version": run.browser_version,
        "standard": run.standard,
        "started_at": run.started_at,
        "finished_at": run.finished_at,
        "totals": _totals(run.pages),
        "pages": [page_document(page) for page in run.pages],
    }


def page_document(page: PageResult) -> dict[str, Any]:
    return {
        "url": page.url,
        "final_url": page.final_url,
        "status": page.status,
        "title": page.title,
        "viewport": str(page.viewport),
        "timings_ms": dict(page.timings_ms),
        "error": page.error,
        "blocked_requests": page.blocked_requests,
        "verified_at": page.verified_at,
        "carried_from": page.carried_from,
        "notes": [english_note(note) for note in page.notes],
        "note_codes": [note_document(note) for note in page.notes],
        "rule_counts": {
            "violations": len({f.rule for f in page.violations}),
            "needs_review": len({f.rule for f in page.needs_review}),
            "passed": len(page.passed_rules),
            "inapplicable": len(page.inapplicable_rules),
        },
        "passed_rules": list(page.passed_rules),
        "inapplicable_rules": list(page.inapplicable_rules),
        "findings": [finding_document(f) for f in page.findings],
        **({"document": document_summary(page)} if page.document is not None else {}),
    }


def note_document(note: Note) -> dict[str, Any]:
    """A note as data: its code (``text`` for a note an older version stored as plain text)
    and its values, for a reader that words notes itself."""
    return {"code": str(note.code), "params": dict(note.params)}


def document_summary(page: PageResult) -> dict[str, Any]:
    """What the check of a published document says about it as a whole (viewport document)."""
    assert page.document is not None
    return {**asdict(page.document), "status": str(page.document.status)}


def finding_document(finding: Finding) -> dict[str, Any]:
    """A finding; one with no WCAG criterion carries its specification's ``clause``."""
    clause = clause_of(finding)
    return {
        "rule": finding.rule,
        "source": finding.source,
        "outcome": str(finding.outcome),
        "impact": str(finding.impact),
        "wcag": list(finding.wcag),
        "level": finding.level,
        "selector": finding.selector,
        "html": finding.html,
        "message": finding.message,
        "help_url": finding.help_url,
        "fingerprint": finding.fingerprint,
        "screenshot": finding.screenshot,
        "facts": finding.facts,
        "template": finding.template,
        **({"clause": asdict(clause)} if clause else {}),
    }


def _totals(pages: list[PageResult]) -> dict[str, Any]:
    violations = [f for page in pages for f in page.violations]
    return {
        "pages": len(pages),
        "pages_with_errors": sum(1 for page in pages if page.error),
        "violations": len(violations),
        "needs_review": sum(len(page.needs_review) for page in pages),
        "violations_by_impact": {
            impact: sum(1 for f in violations if f.impact == impact)
            for impact in ("critical", "serious", "moderate", "minor")
        },
    }


@cache
def scan_schema() -> dict[str, Any]:
    return json.loads(SCHEMA_FILE.read_text(encoding="utf-8"))
