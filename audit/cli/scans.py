"""``a11y-audit scans``, ``show SCAN_ID`` and ``diff OLD NEW``: what the result store holds.

Each reads the store only (no browser) and has ``--format json`` for scripts. An unknown scan id
is a usage error (exit 2); a store that cannot be opened, or does not exist, exits 3.
"""

from __future__ import annotations

import json
import sys
import time
from typing import Any

import click
from rich.cells import cell_len
from rich.console import Console
from rich.markup import escape
from rich.table import Table

from audit.cli.exitcodes import ExitCode
from audit.cli.options import STORED_ID, lang_option
from audit.cli.stored import existing_store
from audit.errors import UsageError
from audit.model import PageResult, ScanRun, Severity
from audit.report.diff import DiffFinding, NotComparable, ScanDiff, diff_document, diff_pages
from audit.report.i18n import Messages
from audit.report.incremental import round_sentence
from audit.report.notes import error_text
from audit.report.redirects import redirect_sentence
from audit.report.scan_json import scan_document
from audit.report.scan_text import render_text
from audit.store import (
    DocumentLink,
    ScanSummary,
    Store,
    TemplateGroup,
)
from audit.terminal import plain

_DB_HELP = "The store: a SQLite file or postgresql:// URL [default: $A11Y_AUDIT_DB, else " \
           "./a11y-audit.db]."


def _db_option(function: Any) -> Any:
    return click.option("--db", metavar="PATH_OR_URL", help=_DB_HELP)(function)


def _format_option(function: Any) -> Any:
    return click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text",
                        show_default=True)(function)


@click.command(name="scans")
@_db_option
@click.option("--limit", type=click.IntRange(min=0), default=50, show_default=True,
              help="Show the newest N scans; 0 shows all.")
@_format_option
@lang_option
def scans_command(db: str | None, limit: int, fmt: str, lang: str) -> None:
    """List the stored scans, newest first, with their page and finding counts."""
    with existing_store(db, lang) as store:
        summaries = store.scans(limit=limit or None)
        name = store.name
    if fmt == "json":
        _print_json(_scans_document(summaries, name))
        return
    if not summaries:
        click.echo(Messages(lang).t("cli.no_scans", store=name))
        return
    click.echo(_scans_table(summaries, Messages(lang)), nl=False)


_SCANS_COLUMNS = (("id", "right"), ("started", "left"), ("status", "left"), ("pages", "right"),
                  ("errors", "right"), ("violations", "right"), ("by_impact", "left"),
                  ("review", "right"), ("target", "left"))


def _scans_table(summaries: list[ScanSummary], msg: Messages) -> str:
    """One row a scan under headers in the user's language, aligned by the width each
    character takes on a terminal (a Chinese character takes two columns)."""
    table = Table(box=None, show_edge=False, pad_edge=False, header_style=None)
    for name, justify in _SCANS_COLUMNS:
        table.add_column(msg.t(f"cli.scans_{name}"), justify=justify, no_wrap=True)  # type: ignore[arg-type]
    for s in summaries:
        impacts = "/".join(str(s.violations_by_impact.get(str(v), 0)) for v in Severity)
        table.add_row(str(s.id), msg.date(s.started_at), msg.t(f"status.{s.status}"),
                      str(s.pages),
                      str(s.pages_with_errors), str(s.violations), impacts,
                      str(s.needs_review), escape(plain(s.target)) or "-")
    console = Console(width=1_000, highlight=False, no_color=True)
    with console.capture() as captured:
        console.print(table)
    return "\n".join(line.rstrip() for line in captured.get().splitlines()) + "\n"


@click.command(name="show")
@click.argument("scan_id", type=STORED_ID)
@_db_option
@_format_option
@click.option("--watch", is_flag=True,
              help="Follow a running scan (e.g. a distributed crawl): a progress line every "
                   "--interval seconds until it is no longer running, then the summary.")
@click.option("--interval", type=click.FloatRange(0.2), default=5.0, show_default=True,
              help="Seconds between progress lines with --watch.")
@lang_option
def show_command(scan_id: int, db: str | None, fmt: str, watch: bool, interval: float,
                 lang: str) -> None:
    """Summarise one stored scan: pages, errors, documents found, findings by rule.

    --format json prints the a11y-audit/scan/1 document that `scan` writes, with the scan's
    id, status, target and the documents found.
    """
    if watch:
        _watch(db, scan_id, interval, Messages(lang))
    with existing_store(db, lang) as store:
        summary = known_scan(store, scan_id, lang)
        run = _ordered(store.load_run(scan_id), summary)
        documents = store.documents(scan_id)
        store_groups = store.template_groups(scan_id)
    if fmt == "json":
        document = scan_document(run)
        document.update(scan_id=summary.id, status=str(summary.status), target=summary.target,
                        documents=_documents(documents))
        _print_json(document)
        return
    msg = Messages(lang)
    click.echo(msg.t("scan.header", id=summary.id, status=msg.t(f"status.{summary.status}"),
                     engine=summary.engine, standard=summary.standard,
                     started=msg.date(summary.started_at),
                     finished=msg.date(summary.finished_at) if summary.finished_at else "-")
               + (msg.t("scan.header_target", target=plain(summary.target))
                  if summary.target else ""))
    for sentence in (round_sentence(summary, msg), redirect_sentence(summary, msg)):
        if sentence:
            click.echo(sentence)
    render_text(run, Console(highlight=False), msg)
    _print_rules(run, msg)
    _print_templates(store_groups, msg)
    click.echo("\n" + msg.t("scan.documents", count=len(documents)))
    for link in documents:
        found = "  " + msg.t("scan.found_on", url=plain(link.found_on)) if link.found_on else ""
        click.echo(f"  {plain(link.url)} — {_document_state(link, msg)}{found}")


@click.command(name="diff")
@click.argument("old_id", metavar="OLD", type=STORED_ID)
@click.argument("new_id", metavar="NEW", type=STORED_ID)
@_db_option
@click.option("--include-review", is_flag=True,
              help="Also compare needs-review results (violations only by default).")
@click.option("--fail-on-new", is_flag=True,
              help="Exit 1 when NEW has violations that OLD did not have.")
@_format_option
@lang_option
def diff_command(old_id: int, new_id: int, db: str | None, include_review: bool,
                 fail_on_new: bool, fmt: str, lang: str) -> None:
    """List the findings that are new in NEW, fixed since OLD, and persisting.

    Findings are matched by fingerprint on the same page and viewport. A page that NEW did not
    scan, or could not scan, is listed as not comparable: its old findings are not called fixed.
    """
    with existing_store(db, lang) as store:
        known_scan(store, old_id, lang)
        known_scan(store, new_id, lang)
        diff = diff_pages(store.iter_pages(old_id), store.iter_pages(new_id),
                          include_review=include_review)
    if fmt == "json":
        _print_json(diff_document(diff, old_id, new_id, include_review))
    else:
        _print_diff(diff, old_id, new_id, include_review, Messages(lang))
    if fail_on_new and diff.new_violations:
        sys.exit(ExitCode.GATE_FAILED)


COMMANDS = (scans_command, show_command, diff_command)


def _watch(db: str | None, scan_id: int, interval: float, msg: Messages) -> None:
    """A progress line on stderr every ``interval`` seconds while the scan is running."""
    with existing_store(db, msg.lang) as store:
        while True:
            summary = known_scan(store, scan_id, msg.lang)
            counts = {str(state): n for state, n in store.frontier_counts(scan_id).items()}
            click.echo(msg.t("cli.watch", id=scan_id, status=msg.t(f"status.{summary.status}"),
                             done=counts.get("done", 0), total=sum(counts.values()),
                             in_flight=counts.get("in_flight", 0),
                             queued=counts.get("queued", 0), errors=summary.pages_with_errors,
                             violations=summary.violations), err=True)
            if summary.status != "running":
                return
            time.sleep(interval)


def known_scan(store: Store, scan_id: int, lang: str) -> ScanSummary:
    """The summary of scan ``scan_id``; UsageError naming the store when it has none."""
    if not store.scan_exists(scan_id):
        raise UsageError(Messages(lang).t("cli.no_scan", id=scan_id, store=store.name))
    return store.scan(scan_id)


def _ordered(run: ScanRun, summary: ScanSummary) -> ScanRun:
    """Pages in the order the scan was asked for (as ``scan`` prints them), when known."""
    urls = (summary.options or {}).get("urls")
    if isinstance(urls, list):
        order = {url: index for index, url in enumerate(urls)}
        run.pages.sort(key=lambda page: order.get(page.url, len(order)))
    return run


def _print_json(document: dict[str, Any]) -> None:
    click.echo(json.dumps(document, ensure_ascii=False, indent=2))


def _print_rules(run: ScanRun, msg: Messages) -> None:
    rows = _rule_summary(run.pages)
    click.echo("\n" + msg.t("scan.rules_heading", count=len(rows)))
    if rows:
        click.echo(f"  {msg.t('scan.col_impact'):<8}  {msg.t('scan.col_rule'):<28}  "
                   f"{msg.t('scan.col_outcome'):<12}  {msg.t('scan.col_elements'):>8}  "
                   f"{msg.t('scan.col_pages'):>5}")
    for row in rows:
        click.echo(f"  {msg.t('impact.' + row['impact']):<8}  {plain(row['rule']):<28}  "
                   f"{msg.t('outcome.' + row['outcome']):<12}  {row['elements']:>8}  "
                   f"{row['pages']:>5}")


def _print_templates(groups: list[TemplateGroup], msg: Messages) -> None:
    """Problems in shared template regions, most pages first: each is fixed once in the CMS."""
    groups = [group for group in groups if group.outcome == "violation"]
    if not groups:
        return
    click.echo("\n" + msg.t("scan.templates_heading", count=len(groups)))
    for group in groups:
        click.echo("  " + msg.t("scan.template_line", impact=msg.t("impact." + group.impact),
                                rule=group.rule, pages=group.pages,
                                kind=msg.t("template_kind." + group.kind),
                                label=plain(group.label)))


def _print_diff(diff: ScanDiff, old_id: int, new_id: int, include_review: bool,
                msg: Messages) -> None:
    what = msg.t("cli.diff_findings" if include_review else "cli.diff_violations")
    click.echo(msg.t("cli.diff_head", old=old_id, new=new_id, new_count=len(diff.new),
                     fixed=len(diff.fixed), persisting=len(diff.persisting), what=what,
                     not_comparable=len(diff.not_comparable)))
    for title, items in (("new", diff.new), ("fixed", diff.fixed),
                         ("persisting", diff.persisting)):
        click.echo("\n" + msg.t(f"cli.diff_{title}", count=len(items)))
        for item in sorted(items, key=_rank):
            click.echo(_line(item, include_review, msg))
        if not items:
            click.echo("  " + msg.t("cli.diff_none"))
    if diff.not_comparable:
        click.echo("\n" + msg.t("cli.diff_not_comparable", count=len(diff.not_comparable),
                                old=old_id))
        for page in diff.not_comparable:
            click.echo("  " + msg.t("cli.diff_page", url=plain(page.url),
                                    viewport=msg.t(f"viewport.{page.viewport}"),
                                    reason=plain(_not_compared(page, msg)),
                                    count=page.old_findings, what=what, old=old_id))


def _not_compared(page: NotComparable, msg: Messages) -> str:
    if page.error is None:
        return msg.t("cli.diff_not_scanned")
    return msg.t("cli.diff_error", error=error_text(page.error, msg))


def _rank(item: DiffFinding) -> tuple[int, str, str, str]:
    return item.finding.impact.rank, item.finding.rule, item.url, item.finding.selector


def _line(item: DiffFinding, include_review: bool, msg: Messages) -> str:
    finding = item.finding
    outcome = _padded(msg.t(f"outcome.{finding.outcome}"), 13) + " " if include_review else ""
    where = msg.t("cli.diff_where", url=plain(item.url),
                  viewport=msg.t(f"viewport.{item.viewport}"))
    return (f"  {_padded(msg.t(f'impact.{finding.impact}'), 8)}  {outcome}{finding.rule:<24}  "
            f"{plain(finding.selector)}  {where}")


def _padded(text: str, width: int) -> str:
    """``text`` filled with spaces to ``width`` terminal columns (a Chinese character takes
    two)."""
    return text + " " * max(0, width - cell_len(text))


def _scans_document(summaries: list[ScanSummary], name: str) -> dict[str, Any]:
    return {
        "schema": "a11y-audit/scans/1",
        "database": name,
        "scans": [{
            "id": s.id, "target": s.target, "status": str(s.status), "engine": s.engine,
            "standard": s.standard, "started_at": s.started_at, "finished_at": s.finished_at,
            "tool_version": s.tool_version, "axe_version": s.axe_version,
            "browser_version": s.browser_version, "pages": s.pages,
            "pages_with_errors": s.pages_with_errors, "violations": s.violations,
            "needs_review": s.needs_review, "violations_by_impact": s.violations_by_impact,
        } for s in summaries],
    }


def _documents(links: list[DocumentLink]) -> list[dict[str, Any]]:
    return [{"url": link.url, "found_on": link.found_on, "state": str(link.state),
             "status": str(link.info.status) if link.info else None} for link in links]


def _document_state(link: DocumentLink, msg: Messages) -> str:
    """"checked", "manual review ...", once done; else "not checked" or "skipped (cap)"."""
    if link.info is not None:
        return msg.t(f"document_status.{link.info.status}")
    return msg.t("document_status.skipped" if str(link.state) == "skipped"
                 else "document_status.not-checked")


def _rule_summary(pages: list[PageResult]) -> list[dict[str, Any]]:
    """One row per (rule, outcome): worst impact, elements, pages; violations first."""
    rows: dict[tuple[str, str], dict[str, Any]] = {}
    for page in pages:
        for finding in page.findings:
            row = rows.setdefault((finding.rule, str(finding.outcome)), {
                "rule": finding.rule, "outcome": str(finding.outcome),
                "impact": finding.impact, "elements": 0, "urls": set()})
            row["elements"] += 1
            row["urls"].add(page.url)
            if finding.impact.rank < row["impact"].rank:
                row["impact"] = finding.impact
    ordered = sorted(rows.values(), key=lambda r: (r["outcome"] != "violation",
                                                   r["impact"].rank, r["rule"]))
    return [{"rule": row["rule"], "outcome": row["outcome"], "impact": str(row["impact"]),
             "elements": row["elements"], "pages": len(row["urls"])} for row in ordered]
