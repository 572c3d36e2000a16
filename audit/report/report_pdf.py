"""The report's PDF as ``a11y-audit report``, the demo and the field app print it: in the
Chromium a scan would use (``audit.webscan.browser``), the page footer in the report's
language."""

from __future__ import annotations

from pathlib import Path

from audit.report.i18n import Messages
from audit.report.pdf import PdfPrinter, render_pdf
from audit.webscan.browser import find_browser, launch_flags


def report_printer() -> PdfPrinter:
    """A printer for several reports (``with report_printer() as printer: ...``)."""
    return PdfPrinter(executable=find_browser().path, args=launch_flags())


def report_pdf(html: str, lang: str, *, templates: Path | None = None,
               printer: PdfPrinter | None = None) -> bytes:
    """The PDF of a rendered report in ``lang``: in ``printer``'s browser, or without one in
    a browser started for it."""
    footer = Messages(lang, templates).t("pdf.footer")
    if printer is not None:
        return printer.print_pdf(html, footer=footer)
    return render_pdf(html, executable=find_browser().path, args=launch_flags(), footer=footer)
