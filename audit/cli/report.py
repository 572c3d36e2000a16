"""``a11y-audit report``: the compliance report from the store, as HTML, PDF, JSON, CSV or MD."""

from __future__ import annotations

from pathlib import Path

import click

from audit.cli.options import STORED_ID, lang_option
from audit.cli.stored import existing_store
from audit.cli.written import say_written
from audit.errors import UsageError
from audit.i18n import lang_tag
from audit.report.assemble import ReportOptions, build_report
from audit.report.exports import findings_csv, markdown_report, report_json
from audit.report.html import render_html
from audit.report.i18n import Messages
from audit.report.report_model import Report

FORMATS = ("html", "pdf", "json", "csv", "md")


@click.command(name="report")
@click.option("--db", metavar="PATH_OR_URL", envvar="A11Y_AUDIT_DB", default=None,
              help="The result store [default: $A11Y_AUDIT_DB, else ./a11y-audit.db].")
@click.option("--files", "files_dir", envvar="A11Y_AUDIT_FILES", default=None,
              type=click.Path(file_okay=False, path_type=Path),
              help="Folder of photo and screenshot files [default: beside a SQLite database].")
@click.option("--round", "round_name", metavar="NAME", help="Name of the audit round (cover).")
@click.option("--target", "targets", multiple=True, metavar="NAME",
              help="Report the latest finished scan of this target (repeatable).")
@click.option("--scan", "scan_ids", multiple=True, type=STORED_ID, metavar="ID",
              help="Report this scan (repeatable); overrides --target.")
@click.option("--previous", "previous", multiple=True, type=STORED_ID, metavar="ID",
              help="Compare with this scan (one started before the reported scan) instead of "
                   "the target's previous one.")
@click.option("--facility", "facilities", multiple=True, metavar="ID",
              help="Report this facility (its code): the latest round of each checklist "
                   "(repeatable).")
@lang_option
@click.option("--format", "fmt", type=click.Choice(FORMATS), default="html", show_default=True)
@click.option("--templates", type=click.Path(file_okay=False, exists=True, path_type=Path),
              help="Folder searched before the bundled templates (and translations).")
@click.option("--jurisdiction", metavar="TEXT", help="The district or authority (cover).")
@click.option("--auditor", "auditors", multiple=True, metavar="NAME",
              help="An auditor's name for the cover (repeatable).")
@click.option("-o", "--output", required=True, type=click.Path(dir_okay=False, path_type=Path),
              help="The file to write.")
def command(db: str | None, files_dir: Path | None, round_name: str | None,
            targets: tuple[str, ...], scan_ids: tuple[int, ...], previous: tuple[int, ...],
            facilities: tuple[str, ...],
            lang: str, fmt: str, templates: Path | None, jurisdiction: str | None,
            auditors: tuple[str, ...], output: Path) -> None:
    """Write the compliance report to FILE.

    Without --scan, --target or --facility the report covers the latest finished scan of every
    target and the latest round of each checklist at every facility; with any of them, only
    what they name.
    """
    options = ReportOptions(lang=lang_tag(lang), scan_ids=scan_ids, targets=targets,
                            previous=previous, facilities=facilities, round=round_name,
                            jurisdiction=jurisdiction,
                            auditors=auditors, templates=templates, image_base=Path.cwd())
    with existing_store(db, lang, files_dir=files_dir) as store:
        report = build_report(store, options)
        if fmt == "csv":
            data = findings_csv(store, report).encode("utf-8-sig")
        else:
            data = _render(report, fmt, templates)
    write_output(output, data)
    say_written(lang, output)


def write_output(output: Path, data: bytes) -> None:
    """Write a report file, its folder made if missing."""
    try:
        output.parent.mkdir(parents=True, exist_ok=True)
        output.write_bytes(data)
    except OSError as err:
        raise UsageError(f"cannot write {output}: {err.strerror or err}") from err


def _render(report: Report, fmt: str, templates: Path | None) -> bytes:
    if fmt == "json":
        return report_json(report).encode("utf-8")
    if fmt == "md":
        return markdown_report(report, Messages(report.meta.lang, templates)).encode("utf-8")
    html = render_html(report, user_dir=templates)
    if fmt == "html":
        return html.encode("utf-8")
    from audit.report.report_pdf import report_pdf

    return report_pdf(html, report.meta.lang, templates=templates)
