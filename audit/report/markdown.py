"""A Markdown summary of a scan (and its gate) for $GITHUB_STEP_SUMMARY or a merge-request note.

Text from pages (URLs, selectors, messages) is shown as inert text: HTML is escaped and the
characters Markdown or GitHub/GitLab would act on (tables, emphasis, links, @mentions, #refs)
become character references, so a hostile page cannot inject markup or ping anyone.
"""

from __future__ import annotations

import re

from audit.model import ScanRun, Severity
from audit.report._common import criteria_label, reported
from audit.report.gate import GateResult

ROW_LIMIT = 50
MESSAGE_LIMIT = 200
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff]")
_INERT = str.maketrans({c: f"&#{ord(c)};" for c in "&<>\"'\\`*_{}[]()#+!|~@$:"})


def markdown_summary(run: ScanRun, gate: GateResult | None = None) -> str:
    lines = [_headline(gate), "", _totals(run), ""]
    if gate:
        lines += [*_gate_lines(gate), ""]
    lines.append(" · ".join([run.standard, f"axe-core {run.axe_version or '?'}", run.engine,
                             f"Chromium {run.browser_version or '?'}"]))
    lines += _violation_table(run, gate)
    errors = [page for page in run.pages if page.error]
    if errors:
        lines += ["", "### Pages not scanned", ""]
        lines += [f"- {md(page.url)}: {md(page.error)}" for page in errors]
    lines += ["", "_Automated checks find only part of WCAG failures; a manual review is still "
                  "needed._", ""]
    return "\n".join(lines)


def md(text: str | None) -> str:
    """``text`` as inert Markdown: escaped HTML and Markdown, on one line."""
    flat = " ".join(_CONTROL.sub("\ufffd", text or "").split())
    return flat.translate(_INERT)


def _headline(gate: GateResult | None) -> str:
    if gate is None:
        return "## Accessibility scan"
    return "## ✅ Accessibility gate passed" if gate.passed else \
        "## ❌ Accessibility gate failed"


def _totals(run: ScanRun) -> str:
    violations = [f for page in run.pages for f in page.violations]
    by_impact = ", ".join(f"{sum(f.impact is s for f in violations)} {s}" for s in Severity)
    scanned = sum(not page.error for page in run.pages)
    review = sum(len(page.needs_review) for page in run.pages)
    return (f"**{len(violations)} violation(s)** ({by_impact}) on {scanned} of "
            f"{len(run.pages)} page(s) scanned; {review} need review.")


def _gate_lines(gate: GateResult) -> list[str]:
    worse = "" if gate.fail_on is Severity.CRITICAL else " or worse"
    lines = [f"Gate: fails on {gate.fail_on}{worse}, {gate.max_violations or 0} allowed; "
             f"{len(gate.counted)} counted, {len(gate.suppressed)} accepted by the baseline."]
    lines += [f"- {reason}" for reason in gate.reasons]
    if gate.expired:
        lines.append(f"- expired baseline entries: {len(gate.expired)} (" + ", ".join(
            f"{md(e.rule)} until {e.expires}" for e in gate.expired) + ")")
    if gate.stale:
        lines.append(f"- {len(gate.stale)} baseline entr{'y' if len(gate.stale) == 1 else 'ies'}"
                     " no longer match (fixed?); `--update-baseline` removes them")
    return lines


def _violation_table(run: ScanRun, gate: GateResult | None) -> list[str]:
    rows = [(page.url, f) for page in run.pages for f in reported(page, gate)]
    if not rows:
        return []
    rows.sort(key=lambda row: row[1].impact.rank)
    lines = ["", "### Violations", "", "| Impact | Rule | WCAG | Page | Element | Problem |",
             "|---|---|---|---|---|---|"]
    for url, f in rows[:ROW_LIMIT]:
        lines.append(f"| {f.impact} | {md(f.rule)} | {md(criteria_label(f))} | {md(url)} "
                     f"| <code>{md(f.selector)}</code> | {md(_short(f.message))} |")
    if len(rows) > ROW_LIMIT:
        lines += ["", f"… and {len(rows) - ROW_LIMIT} more (see the JUnit or SARIF report)."]
    return lines


def _short(text: str) -> str:
    return text if len(text) <= MESSAGE_LIMIT else text[:MESSAGE_LIMIT - 1] + "…"
