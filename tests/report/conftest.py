"""Fixtures shared by the report tests."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from audit.report.pdf import PdfPrinter
from audit.report.report_pdf import report_printer


@pytest.fixture(scope="session")
def pdf_printer(chromium: None) -> Iterator[PdfPrinter]:
    """One Chromium printing every report PDF of the test process, as ``report_printer``
    makes it (the printed PDFs equal those of a browser of their own:
    test_pdf_printer.py)."""
    with report_printer() as printer:
        yield printer
