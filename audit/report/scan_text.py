"""The text summary of a scan: per page, a table grouped by rule, worst severity first."""

from __future__ import annotations

from collections import defaultdict

from rich.console import Console
from rich.markup import escape
from rich.table import Table

from audit.model import Finding, PageResult, ScanRun, Severity
from audit.report._common import criteria_label
from audit.terminal import plain


def render_text(run: ScanRun, console: Console) -> None:
    for page in run.pages:
        _render_page(page, console)
    _render_totals(run, console)


def _render_page(page: PageResult, console: Console) -> None:
    title = f" — {shown(page.title)}" if page.title else ""
    console.print(f"\n[bold]{shown(page.url)}[/bold]{title} [dim]({page.viewport})[/dim]")
    if page.error:
        console.print(f"  [red]not scanned:[/red] {shown(page.error)}")
        return
    for note in page.notes:
        console.print(f"  [yellow]note:[/yellow] {shown(note)}")
    if not page.findings:
        console.print("  [green]no violations found by automated checks[/green]")
        return
    table = Table(show_edge=False, pad_edge=False, box=None, header_style="bold")
    for column in ("impact", "rule", "outcome", "WCAG", "elements", "help"):
        table.add_column(column)
    for (rule, outcome), group in _by_rule(page.findings):
        first = group[0]
        table.add_row(str(first.impact), rule, str(outcome), criteria_label(first),
                      str(len(group)), shown(first.message.split(":")[0]))
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


def _render_totals(run: ScanRun, console: Console) -> None:
    pages = len(run.pages)
    errors = sum(1 for page in run.pages if page.error)
    violations = [f for page in run.pages for f in page.violations]
    review = sum(len(page.needs_review) for page in run.pages)
    by_impact = ", ".join(
        f"{sum(1 for f in violations if f.impact is s)} {s}" for s in Severity)
    console.print(
        f"\n[bold]{pages} page(s)[/bold], {errors} not scanned; "
        f"{len(violations)} violation(s) ({by_impact}); {review} need review. "
        f"axe-core {run.axe_version}, {run.engine}, Chromium {run.browser_version}, "
        f"standard {run.standard}."
    )
    console.print("[dim]Automated checks find only part of WCAG failures; "
                  "a manual review is still needed.[/dim]")
