"""The CI gate: does a scan pass, given a severity threshold, an allowance and a baseline?

Only violations count; needs-review results never fail a gate. A violation accepted by a
current baseline entry is suppressed whatever its severity; one whose entry has expired counts
again. The gate fails when more than ``max_violations`` (default 0) unaccepted violations are
at ``fail_on`` or worse. Pages that could not be scanned do not fail the gate by themselves
(the caller turns "every page errored" into its own exit code); they are listed in ``errors``.
Why a gate failed is worded by ``audit.report.gate_text``, in the language asked for.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import NamedTuple

from audit.model import Finding, ScanRun, Severity
from audit.report.baseline import Baseline, BaselineEntry


class PageFinding(NamedTuple):
    url: str
    finding: Finding


@dataclass(frozen=True)
class GateResult:
    passed: bool
    fail_on: Severity
    max_violations: int | None
    counted: tuple[PageFinding, ...]  # unaccepted violations at fail_on or worse
    suppressed: tuple[PageFinding, ...]  # accepted by a current baseline entry
    expired: tuple[BaselineEntry, ...]  # entries past their expiry whose finding is back
    stale: tuple[BaselineEntry, ...]  # entries that matched nothing on the pages scanned
    errors: tuple[tuple[str, str], ...] = ()  # (url, error) of pages not scanned
    accepted: Mapping[str, BaselineEntry] = field(default_factory=dict)  # by fingerprint

    def is_accepted(self, finding: Finding) -> bool:
        return finding.fingerprint in self.accepted


def evaluate_gate(run: ScanRun, fail_on: Severity = Severity.SERIOUS,
                  max_violations: int | None = None, baseline: Baseline | None = None,
                  today: date | None = None) -> GateResult:
    """Judge ``run``; ``today`` decides which baseline entries have expired."""
    today = today or date.today()
    counted: list[PageFinding] = []
    suppressed: list[PageFinding] = []
    accepted: dict[str, BaselineEntry] = {}
    expired: dict[str, BaselineEntry] = {}
    for page in run.pages:
        for finding in page.violations:
            entry = baseline.get(finding.fingerprint) if baseline else None
            if entry and not entry.expired(today):
                suppressed.append(PageFinding(page.url, finding))
                accepted[finding.fingerprint] = entry
                continue
            if entry:
                expired[entry.fingerprint] = entry
            if finding.impact.at_least(fail_on):
                counted.append(PageFinding(page.url, finding))
    return GateResult(
        passed=len(counted) <= (max_violations or 0), fail_on=fail_on,
        max_violations=max_violations, counted=tuple(counted),
        suppressed=tuple(suppressed), expired=tuple(expired.values()),
        stale=_stale(run, baseline),
        errors=tuple((p.url, p.error) for p in run.pages if p.error), accepted=accepted)


def every_page_failed(run: ScanRun) -> bool:
    """Nothing was scanned: no page at all, or every page errored."""
    return all(page.error for page in run.pages)


def _stale(run: ScanRun, baseline: Baseline | None) -> tuple[BaselineEntry, ...]:
    if not baseline:
        return ()
    present = {f.fingerprint for page in run.pages for f in page.violations}
    scanned = {page.url for page in run.pages if not page.error}
    return tuple(e for e in baseline.entries
                 if e.url in scanned and e.fingerprint not in present)
