"""The CI gate in words: the summary a CI log shows and the lines of the Markdown summary.

``GateResult`` keeps its reasons as English sentences for library callers; here they are worded
again from the gate's figures in the language asked for.
"""

from __future__ import annotations

from collections.abc import Callable

from audit.model import ScanRun, Severity
from audit.report.gate import GateResult, every_page_failed
from audit.report.i18n import Messages

SUMMARY_LIMIT = 20

Inert = Callable[[str | None], str]  # makes text from a page safe for where it is printed


def gate_line(gate: GateResult, msg: Messages) -> str:
    """ "gate: fail on serious or worse, 0 allowed; 6 counted, 0 accepted by the baseline"."""
    return msg.t("ci.gate", fail_on=msg.t(f"impact.{gate.fail_on}"), worse=_worse(gate, msg),
                 allowed=gate.max_violations or 0, counted=len(gate.counted),
                 accepted=len(gate.suppressed))


def reasons(gate: GateResult, msg: Messages) -> list[str]:
    """Why the gate failed, one sentence each (none when it passed)."""
    if gate.passed:
        return []
    found = [msg.t("ci.reason_count", count=len(gate.counted),
                   fail_on=msg.t(f"impact.{gate.fail_on}"), worse=_worse(gate, msg),
                   allowed=gate.max_violations or 0)]
    expired = {entry.fingerprint: entry for entry in gate.expired}
    back = [expired[f.fingerprint] for _, f in gate.counted if f.fingerprint in expired]
    if back:
        days = ", ".join(sorted({str(entry.expires) for entry in back}))
        found.append(msg.t("ci.reason_expired", count=len(back), days=days))
    return found


def gate_lines(gate: GateResult, msg: Messages, *, inert: Inert) -> list[str]:
    """The gate as Markdown lines: the verdict's figures, then one bullet per reason."""
    lines = [gate_line(gate, msg)] + [f"- {reason}" for reason in reasons(gate, msg)]
    if gate.expired:
        entries = ", ".join(msg.t("ci.expired_entry", rule=inert(entry.rule),
                                  expires=entry.expires) for entry in gate.expired)
        lines.append("- " + msg.t("ci.expired", count=len(gate.expired), entries=entries))
    if gate.stale:
        lines.append("- " + msg.t("ci.stale", count=len(gate.stale)))
    return lines


def summary_lines(run: ScanRun, gate: GateResult, msg: Messages, *, plain: Inert) -> list[str]:
    """What a CI log shows after a gated scan: figures, the gate, the violations counted (a
    bounded number), pages not scanned, stale baseline entries, and the verdict last."""
    errors = [page for page in run.pages if page.error]
    lines = [msg.t("ci.scanned", scanned=len(run.pages) - len(errors), errors=len(errors),
                   violations=sum(len(page.violations) for page in run.pages),
                   review=sum(len(page.needs_review) for page in run.pages)),
             gate_line(gate, msg)]
    for url, finding in gate.counted[:SUMMARY_LIMIT]:
        lines.append(f"  {msg.t('impact.' + str(finding.impact)):<8} {plain(finding.rule):<24} "
                     f"{plain(finding.selector)}  {plain(url)}")
    if len(gate.counted) > SUMMARY_LIMIT:
        lines.append("  " + msg.t("ci.more", count=len(gate.counted) - SUMMARY_LIMIT))
    lines += ["  " + msg.t("ci.not_scanned", url=plain(page.url), error=plain(page.error))
              for page in errors]
    if gate.stale:
        lines.append("  " + msg.t("ci.stale", count=len(gate.stale)))
    lines.append(_verdict(run, gate, msg))
    return lines


def _verdict(run: ScanRun, gate: GateResult, msg: Messages) -> str:
    if every_page_failed(run):
        return msg.t("ci.none_scanned")
    if gate.passed:
        return msg.t("ci.passed")
    return msg.t("ci.failed", reasons=msg.t("refs.separator").join(reasons(gate, msg)))


def _worse(gate: GateResult, msg: Messages) -> str:
    return "" if gate.fail_on is Severity.CRITICAL else msg.t("ci.or_worse")
