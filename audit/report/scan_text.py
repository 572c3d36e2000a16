"""The text summary of a scan: per page, a table grouped by rule, worst severity first.

Words come from reports/i18n in the language asked for; rule titles from the rule catalogue.
"""

from __future__ import annotations

from collections import defaultdict

from rich.console import Console
from rich.markup import escape
from rich.table import Table

from audit.model import Finding, PageResult, ScanRun, Severity
from audit.report.i18n import Messages
from audit.report.notes import error_text, note_text
from audit.report.wording import RuleWords
from audit.terminal import plain


def render_text(run: ScanRun, console: Console, msg: Messages) -> None:
    words = RuleWords(msg)
    for page in run.pages:
        _render_page(page, console, words)
    _render_totals(run, console, msg)


def _render_page(page: PageResult, console: Console, words: RuleWords) -> None:
    msg = words.msg
    title = f" — {shown(page.title)}" if page.title else ""
    viewport = msg.t(f"viewport.{page.viewport}")
    console.print(f"\n[bold]{shown(page.url)}[/bold]{title} [dim]({viewport})[/dim]")
    colon = msg.t("common.colon")  # "：" in Chinese
    if page.error:
        console.print(f"  [red]{msg.t('scan.not_scanned')}{colon}[/red]"
                      f"{shown(error_text(page.error, msg))}")
        return
    for note in page.notes:
        console.print(f"  [yellow]{msg.t('scan.note')}{colon}[/yellow]"
                      f"{shown(note_text(note, msg))}")
    if not page.findings:
        console.print(f"  [green]{msg.t('scan.no_findings')}[/green]")
        return
    table = Table(show_edge=False, pad_edge=False, box=None, header_style="bold")
    for column in ("impact", "rule", "outcome", "criteria", "elements", "problem"):
        table.add_column(msg.t(f"scan.col_{column}"))
    for (rule, outcome), group in _by_rule(page.findings):
        first = group[0]
        table.add_row(msg.t(f"impact.{first.impact}"), shown(rule), msg.t(f"outcome.{outcome}"),
                      escape(words.short_references(first)), str(len(group)),
                      shown(words.title(rule, first.message.split(": ", 1)[0])))
    console.print(table)


def shown(text: str) -> str:
    """Text from a page for rich: no markup, no control characters."""
    return escape(plain(text))


def _by_rule(findings: list[Finding]) -> list[tuple[tuple[str, str], list[Finding]]]:
    groups: dict[tuple[str, str], list[Finding]] = defaultdict(list)
    for finding in findings:
        groups[(finding.rule, str(finding.outcome))].append(finding)
    return sorted(groups.items(), key=lambda item: (
        item[0][1] != "violation", min(f.impact.rank for f in item[1]), item[0][0]))


def severity_counts(findings: list[Finding], msg: Messages) -> str:
    """ "致命 1，严重 2，中等 0，轻微 0" / "1 critical, 2 serious, 0 moderate, 0 minor"."""
    return msg.t("scan.count_separator").join(
        msg.t("scan.severity_count", count=sum(1 for f in findings if f.impact is s),
              severity=msg.t(f"impact.{s}")) for s in Severity)


def _render_totals(run: ScanRun, console: Console, msg: Messages) -> None:
    violations = [f for page in run.pages for f in page.violations]
    console.print("\n" + msg.t(
        "scan.totals", pages=len(run.pages), errors=sum(1 for page in run.pages if page.error),
        violations=len(violations), by_impact=severity_counts(violations, msg),
        review=sum(len(page.needs_review) for page in run.pages),
        axe=run.axe_version, engine=run.engine, browser=run.browser_version,
        standard=run.standard), markup=False)
    console.print(f"[dim]{escape(msg.t('method.automation_limits'))}[/dim]")
