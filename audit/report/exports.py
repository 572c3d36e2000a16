"""The report's machine formats: JSON (the model), CSV (every finding), Markdown (a summary)."""

from __future__ import annotations

import csv
import io
import json
from dataclasses import asdict
from functools import cache
from pathlib import Path
from typing import Any

from audit.csvcells import to_cell
from audit.report.i18n import Messages
from audit.report.markdown import md
from audit.report.report_model import SCHEMA_ID, Report
from audit.report.wording import RuleWords
from audit.store import Store

SCHEMA_FILE = Path(__file__).with_name("schemas") / "report-1.schema.json"
CSV_COLUMNS = ("kind", "target", "department", "scan_id", "page_url", "viewport", "rule",
               "source", "outcome", "impact", "wcag", "level", "selector", "html", "message",
               "help_url", "fingerprint",
               # physical rows: rule is the item, source the checklist, message the prompt
               "facility", "inspection_id", "round", "section", "measured", "required",
               "clause", "photos",
               # what the figure rests on: clause-text (outcome fail), explanatory-note or
               # secondary (outcome fail-unconfirmed: the clause text does not confirm it)
               "figure_basis", "figure_seen")
_WEB_ONLY = 17


def report_document(report: Report) -> dict[str, Any]:
    """The versioned JSON document (``"schema": "a11y-audit/report/1"``)."""
    return {"schema": SCHEMA_ID, **asdict(report)}


def report_json(report: Report) -> str:
    return json.dumps(report_document(report), ensure_ascii=False, indent=2) + "\n"


@cache
def report_schema() -> dict[str, Any]:
    return json.loads(SCHEMA_FILE.read_text(encoding="utf-8"))


def findings_csv(store: Store, report: Report) -> str:
    """Every web finding of the report's scans and every failed item of its inspections,
    one a row (photos by SHA-256, separated by spaces); no cell starts a formula. The message
    is in the report's language: why the element failed as the report words it, the item's
    prompt."""
    words = RuleWords(Messages(report.meta.lang))
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(CSV_COLUMNS)
    blank = [""] * (len(CSV_COLUMNS) - _WEB_ONLY)
    for section in report.web:
        for page in store.iter_pages(section.scan_id):
            for f in page.findings:
                writer.writerow([to_cell(v) for v in (
                    "web", section.target or "", section.department, section.scan_id,
                    page.url, page.viewport, f.rule, f.source, f.outcome, f.impact,
                    " ".join(f.wcag), f.level or "", f.selector, f.html, words.finding_line(f),
                    f.help_url, f.fingerprint, *blank)])
    for facility in report.facilities:
        for item in facility.failed:
            writer.writerow([to_cell(v) for v in (
                "physical", facility.name, facility.department, "", "", "", item.item,
                facility.checklist, "fail" if item.confirmed else "fail-unconfirmed",
                item.severity, "", "", "", "", item.prompt, "",
                f"{facility.id}/{facility.checklist}/{item.item}", facility.id,
                facility.inspection_id, facility.round, item.section, item.measured or "",
                item.required or "", item.clause or "",
                " ".join(photo.sha256 for photo in item.photos),
                item.source.basis if item.source else "",
                item.source.seen if item.source else "")])
    return out.getvalue()


def markdown_report(report: Report, msg: Messages) -> str:
    s = report.summary
    colon = msg.t("common.colon")
    lines = [f"# {msg.t('report.title')}", ""]
    if report.meta.round:
        lines += [f"{msg.t('cover.round')}{colon}{md(report.meta.round)}", ""]
    lines += [f"## {msg.t('sections.summary')}", "",
              msg.t("summary.web_pages", pages=s.pages_scanned, errors=s.pages_with_errors,
                    targets=s.targets),
              "",
              msg.t("summary.critical_share", share=msg.percent(s.critical_share),
                    count=s.pages_with_critical),
              "", f"| {msg.t('columns.severity')} | {msg.t('columns.violations')} |",
              "|---|---|"]
    lines += [f"| {msg.t('severity.' + k)} | {v} |" for k, v in s.web_by_severity.items()]
    lines += ["", f"{msg.t('columns.needs_review')}{colon}{s.web_needs_review}", ""]
    lines += _physical_markdown(report, msg)
    if s.top_barriers:
        lines += [f"### {msg.t('summary.top_barriers')}", "",
                  f"| {msg.t('columns.rule')} | {msg.t('columns.severity')} | "
                  f"{msg.t('columns.pages')} | {msg.t('columns.elements')} |", "|---|---|---|---|"]
        lines += [f"| {md(b.rule)} | {msg.t('severity.' + b.impact)} | {b.pages} | "
                  f"{b.elements} |" for b in s.top_barriers]
        lines.append("")
    lines += [f"## {msg.t('sections.remediation')}", ""]
    for plan in report.remediation:  # both kinds of finding, one severity scale
        counts = msg.t("scan.count_separator").join(
            msg.t("scan.severity_count", severity=msg.t("severity." + k), count=v)
            for k, v in plan.by_severity.items())
        lines.append(f"- {md(plan.department or msg.t('common.unassigned'))}{colon}{counts}")
    lines += ["", f"_{msg.t('method.automation_limits')}_", ""]
    return "\n".join(lines)


def _physical_markdown(report: Report, msg: Messages) -> list[str]:
    s = report.summary
    if not report.facilities:
        return [msg.t("summary.no_facilities"), ""]
    lines = [msg.t("summary.facilities", count=s.facilities, passing=s.facilities_passing),
             "", f"| {msg.t('columns.severity')} | {msg.t('columns.failed_items')} |",
             "|---|---|"]
    lines += [f"| {msg.t('severity.' + k)} | {v} |" for k, v in s.physical_by_severity.items()]
    lines += ["", f"| {msg.t('columns.target')} | {msg.t('physical.checklist')} | "
                  f"{msg.t('physical.round')} | {msg.t('physical.result')} | "
                  f"{msg.t('columns.failed_items')} |", "|---|---|---|---|---|"]
    for f in report.facilities:
        result = msg.t("physical.passed" if f.passed else "physical.failed_unconfirmed"
                       if f.failed and f.unconfirmed_failed == len(f.failed) else "physical.failed")
        lines.append(f"| {md(f.name)} ({md(f.id)}) | {md(f.checklist_title)} | {f.round} | "
                     f"{result} | {len(f.failed)} |")
    return [*lines, ""]
