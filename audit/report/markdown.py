"""A Markdown summary of a scan (and its gate) for $GITHUB_STEP_SUMMARY or a merge-request note.

Text from pages (URLs, selectors, messages) is shown as inert text: HTML is escaped and the
characters Markdown or GitHub/GitLab would act on (tables, emphasis, links, @mentions, #refs)
become character references, so a hostile page cannot inject markup or ping anyone.
"""

from __future__ import annotations

import re

from audit.model import ScanRun
from audit.report._common import reported
from audit.report.gate import GateResult
from audit.report.gate_text import gate_lines
from audit.report.i18n import Messages
from audit.report.notes import error_text
from audit.report.scan_text import severity_counts
from audit.report.wording import RuleWords
from audit.terminal import BIDI_CONTROLS

ROW_LIMIT = 50
MESSAGE_LIMIT = 200
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff" + BIDI_CONTROLS + "]")
_INERT = str.maketrans({c: f"&#{ord(c)};" for c in "&<>\"'\\`*_{}[]()#+!|~@$:"})


def markdown_summary(run: ScanRun, gate: GateResult | None, msg: Messages) -> str:
    words = RuleWords(msg)
    lines = [_headline(gate, msg), "", _totals(run, msg), ""]
    if gate:
        lines += [*gate_lines(gate, msg, inert=md), ""]
    lines.append(" · ".join(md(part) for part in (
        run.standard, f"axe-core {run.axe_version or '?'}", run.engine,
        f"Chromium {run.browser_version or '?'}")))
    lines += _violation_table(run, gate, words)
    errors = [page for page in run.pages if page.error]
    if errors:
        lines += ["", f"### {msg.t('ci.md_not_scanned')}", ""]
        lines += [f"- {md(page.url)}: {md(error_text(page.error or '', msg))}"
                  for page in errors]
    lines += ["", f"_{msg.t('method.automation_limits')}_", ""]
    return "\n".join(lines)


def md(text: str | None) -> str:
    """``text`` as inert Markdown: escaped HTML and Markdown, on one line."""
    flat = " ".join(_CONTROL.sub("\ufffd", text or "").split())
    return flat.translate(_INERT)


def _headline(gate: GateResult | None, msg: Messages) -> str:
    if gate is None:
        return msg.t("ci.headline")
    return msg.t("ci.headline_passed") if gate.passed else msg.t("ci.headline_failed")


def _totals(run: ScanRun, msg: Messages) -> str:
    violations = [f for page in run.pages for f in page.violations]
    return msg.t("ci.md_totals", violations=len(violations),
                 by_impact=severity_counts(violations, msg),
                 scanned=sum(not page.error for page in run.pages), pages=len(run.pages),
                 review=sum(len(page.needs_review) for page in run.pages))


def _violation_table(run: ScanRun, gate: GateResult | None, words: RuleWords) -> list[str]:
    msg = words.msg
    rows = [(page.url, f) for page in run.pages for f in reported(page, gate)]
    if not rows:
        return []
    rows.sort(key=lambda row: row[1].impact.rank)
    columns = [msg.t(f"ci.col_{name}") for name in
               ("impact", "rule", "criteria", "page", "element", "problem")]
    lines = ["", f"### {msg.t('ci.md_violations')}", "", "| " + " | ".join(columns) + " |",
             "|---|---|---|---|---|---|"]
    for url, f in rows[:ROW_LIMIT]:
        lines.append(f"| {msg.t('impact.' + str(f.impact))} | {md(f.rule)} "
                     f"| {md(words.short_references(f))} | {md(url)} "
                     f"| <code>{md(f.selector)}</code> | {md(_short(words.finding_line(f)))} |")
    if len(rows) > ROW_LIMIT:
        lines += ["", msg.t("ci.md_more", count=len(rows) - ROW_LIMIT)]
    return lines


def _short(text: str) -> str:
    return text if len(text) <= MESSAGE_LIMIT else text[:MESSAGE_LIMIT - 1] + "…"
