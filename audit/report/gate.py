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
from pathlib import Path
from typing import NamedTuple

from audit.errors import UsageError
from audit.model import Finding, ScanRun, Severity
from audit.report.baseline import (
    Baseline,
    BaselineEntry,
    load_baseline,
    save_baseline,
    update_baseline,
)


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


@dataclass(frozen=True)
class GateSettings:
    """The gate a command was asked for: ``scan``, ``crawl``, ``run`` and ``ci`` share it."""

    fail_on: Severity | None = Severity.SERIOUS  # None: no gate, the scan only reports
    max_violations: int | None = None
    baseline_file: Path | None = None
    update_baseline: bool = False

    @classmethod
    def asked(cls, fail_on: str | None, max_violations: int | None,
              baseline_file: Path | None, update_baseline: bool) -> GateSettings:
        """The gate of flags without a default threshold: one exists only when a flag asks
        for it (--max-violations or --baseline alone gate at serious, like ``ci``)."""
        asked = max_violations is not None or baseline_file is not None or update_baseline
        severity = Severity(fail_on) if fail_on else Severity.SERIOUS if asked else None
        return cls(severity, max_violations, baseline_file, update_baseline)

    def load_baseline(self) -> Baseline | None:
        """The baseline, read before scanning so that a bad file fails fast (exit 2)."""
        if self.update_baseline and not self.baseline_file:
            raise UsageError("--update-baseline needs --baseline FILE")
        if not self.baseline_file:
            return None
        if not self.baseline_file.exists():
            if self.update_baseline:
                return Baseline()
            raise UsageError(f"baseline file {self.baseline_file} does not exist; create it "
                             "with --update-baseline")
        return load_baseline(self.baseline_file)


@dataclass(frozen=True)
class Judgement:
    gate: GateResult | None  # None: no gate was asked for
    written: Baseline | None = None  # the baseline saved to ``baseline_file``, if updated


def judge(run: ScanRun, settings: GateSettings, baseline: Baseline | None = None,
          today: date | None = None) -> Judgement:
    """Update the baseline file if asked (never from a scan where every page failed), then
    judge ``run`` against the gate of ``settings``."""
    if settings.fail_on is None:
        return Judgement(None)
    written = None
    if settings.update_baseline and settings.baseline_file and not every_page_failed(run):
        over = {f.fingerprint for page in run.pages for f in page.violations
                if f.impact.at_least(settings.fail_on)}
        written = baseline = update_baseline(baseline, run, over)
        try:
            save_baseline(written, settings.baseline_file)
        except OSError as err:
            raise UsageError(f"cannot write {settings.baseline_file}: {err.strerror}") from err
    gate = evaluate_gate(run, settings.fail_on, settings.max_violations, baseline, today)
    return Judgement(gate, written)
