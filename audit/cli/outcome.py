"""What a command says and how it exits once a scan or crawl is done: the gate's verdict
(``finish``), a crawl's one-line summary (``summarise``)."""

from __future__ import annotations

import sys
from datetime import date

import click

from audit.cli.exitcodes import ExitCode
from audit.cli.options import Report
from audit.model import DocumentStatus, ScanRun
from audit.report.baseline import Baseline
from audit.report.gate import GateSettings, every_page_failed, judge
from audit.report.gate_text import summary_lines
from audit.report.i18n import Messages
from audit.report.incremental import round_sentence
from audit.report.notes import error_text
from audit.report.redirects import redirect_sentence
from audit.report.writers import write_report
from audit.store import DocumentState, Store
from audit.terminal import plain


def finish(run: ScanRun, settings: GateSettings, reports: tuple[Report, ...] = (),
           baseline: Baseline | None = None, today: date | None = None, *, lang: str,
           summary_to_stderr: bool = False) -> ExitCode:
    """After a scan: update the baseline if asked, judge, write reports, print the summary
    (reports and summary in ``lang``).

    Without a gate (``settings.fail_on`` None) the reports are written without one and no
    summary is printed; the exit code is then 0, or 3 when no page could be scanned.
    """
    judgement = judge(run, settings, baseline, today)
    msg = Messages(lang)
    if judgement.written is not None:
        click.echo(msg.t("cli.baseline_written", path=settings.baseline_file,
                         entries=len(judgement.written.entries),
                         unexplained=judgement.written.without_reason()), err=True)
    gate = judgement.gate
    for kind, path in reports:
        write_report(kind, run, path, gate, lang=lang)
    if gate is not None:
        for line in summary_lines(run, gate, msg, plain=plain):
            click.echo(line, err=summary_to_stderr)
    if every_page_failed(run):
        click.echo(_none_scanned(len(run.pages), msg), err=True)
        return ExitCode.ENVIRONMENT
    return ExitCode.OK if gate is None or gate.passed else ExitCode.GATE_FAILED


def summarise(store: Store, scan_id: int, lang: str, exit_when_all_failed: bool = True) -> None:
    """A stored crawl's warnings and its one-line summary; exit 3 when no page was scanned
    (none found that could be, or every one failed) and no document was checked."""
    summary = store.scan(scan_id)
    msg = Messages(lang)
    for warning in (summary.options or {}).get("warnings", []):
        click.echo(msg.t("cli.warning", warning=plain(error_text(warning, msg))), err=True)
    impact = msg.t("scan.count_separator").join(
        msg.t("scan.severity_count", count=n, severity=msg.t(f"impact.{name}"))
        for name, n in summary.violations_by_impact.items())
    click.echo(msg.t("scan.crawl_summary", id=scan_id, pages=summary.pages,
                     errors=summary.pages_with_errors,
                     documents=document_counts(store, scan_id, msg),
                     violations=summary.violations, by_impact=impact,
                     review=summary.needs_review))
    for sentence in (round_sentence(summary, msg), redirect_sentence(summary, msg)):
        if sentence:
            click.echo(sentence)
    if exit_when_all_failed and (code := scanned(store, scan_id, msg)):
        sys.exit(code)


def scanned(store: Store, scan_id: int, msg: Messages) -> ExitCode:
    """ENVIRONMENT, said on stderr, when the stored crawl scanned nothing: no page (none
    found that could be, or every one failed) and no document checked; else OK."""
    summary = store.scan(scan_id)
    if summary.pages > summary.pages_with_errors or (
            not summary.pages and _documents_checked(store, scan_id)):
        return ExitCode.OK
    click.echo(_none_scanned(summary.pages, msg), err=True)
    return ExitCode.ENVIRONMENT


def _none_scanned(pages: int, msg: Messages) -> str:
    """Why nothing was scanned: every page failed, or none was found that may be opened
    (robots.txt, the scope: the crawl's warnings say which)."""
    return msg.t("cli.none_scanned", count=pages) if pages else msg.t("cli.no_pages")


def _documents_checked(store: Store, scan_id: int) -> bool:
    return any(d.info is not None and d.info.status != DocumentStatus.FAILED
               for d in store.documents(scan_id))


def document_counts(store: Store, scan_id: int, msg: Messages) -> str:
    """"12 document(s): 9 checked, 1 not checked, 1 for manual review, 1 duplicate, 0 left"."""
    found = store.documents(scan_id)
    statuses = [d.info.status for d in found if d.info is not None]
    left = sum(1 for d in found if d.state in (DocumentState.QUEUED, DocumentState.SKIPPED))
    return msg.t("scan.document_counts", count=len(found),
                 checked=statuses.count(DocumentStatus.CHECKED),
                 failed=statuses.count(DocumentStatus.FAILED),
                 review=statuses.count(DocumentStatus.MANUAL_REVIEW),
                 duplicate=statuses.count(DocumentStatus.DUPLICATE), left=left)
