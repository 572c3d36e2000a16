"""GitLab Code Quality JSON (``artifacts:reports:codequality``): a list of issues, violations only.

Each issue: ``description`` (why the element failed, in the language asked for; the element
and real URL), ``check_name`` (``a11y/<rule>``),
``fingerprint`` (ours, ``-mobile`` added at the phone's viewport; a repeat on the same page
gets ``-2``, ``-3``: GitLab merges equal fingerprints), ``severity`` (critical -> critical,
serious -> major, moderate -> minor, minor -> info) and ``location`` (the page's pseudo-path
from ``artifact_path``, line 1).
"""

from __future__ import annotations

from collections import Counter
from typing import Any

from audit.model import ScanRun, Severity
from audit.report._common import alert_key, artifact_path, element_on, reported
from audit.report.gate import GateResult
from audit.report.i18n import Messages
from audit.report.wording import RuleWords

SEVERITIES = {Severity.CRITICAL: "critical", Severity.SERIOUS: "major",
              Severity.MODERATE: "minor", Severity.MINOR: "info"}


def codequality_issues(run: ScanRun, gate: GateResult | None,
                       msg: Messages) -> list[dict[str, Any]]:
    words = RuleWords(msg)
    issues = []
    seen: Counter[str] = Counter()
    for page in run.pages:
        path = artifact_path(page.url)
        for finding in reported(page, gate):
            key = alert_key(page, finding)
            seen[key] += 1
            issues.append({
                "type": "issue",
                "description": words.finding_line(finding) + element_on(msg, page, finding),
                "check_name": f"a11y/{finding.rule}",
                "fingerprint": key + (f"-{seen[key]}" if seen[key] > 1 else ""),
                "severity": SEVERITIES[finding.impact],
                "location": {"path": path, "lines": {"begin": 1}},
            })
    return issues
