"""Several PDFs in one Chromium (``PdfPrinter``) print as each would in a browser of its own;
the printer outlives its browser's death, and prints beside a caller's own sync Playwright."""

from __future__ import annotations

import io
import os
import signal
import time
import uuid
from pathlib import Path

import pytest
from pypdf import PdfReader

from audit.errors import EnvironmentProblem
from audit.report.assemble import build_report
from audit.report.html import render_html
from audit.report.pdf import PdfPrinter, render_pdf
from audit.report.report_pdf import report_pdf, report_printer
from audit.webscan.browser import find_browser, launch_flags
from tests.cli.conftest import run_cli
from tests.report.report_factory import fixed_dataset, options
from tests.support.pdf_text import pdf_text

# printing the whole report in a browser of its own: 146 s at load 65 on 2 cores
pytestmark = [pytest.mark.browser, pytest.mark.timeout(600)]

SMALL = "<!DOCTYPE html><html lang='en'><title>t</title><h1>Page one</h1>"


@pytest.fixture(scope="module")
def report(tmp_path_factory) -> str:
    with fixed_dataset(tmp_path_factory.mktemp("reports") / "audit.db") as store:
        return render_html(build_report(store, options("zh-CN")))


def _pages_and_text(data: bytes) -> tuple[int, str]:
    return len(PdfReader(io.BytesIO(data)).pages), pdf_text(data)


@pytest.fixture(scope="module")
def alone(report, chromium) -> bytes:
    """The report printed in a browser of its own (no printer given), while the caller holds a
    sync Playwright of its own (a test's browser)."""
    from playwright.sync_api import sync_playwright

    with sync_playwright():
        return report_pdf(report, "zh-CN")


def test_a_shared_printer_prints_what_a_browser_of_its_own_prints(report, alone):
    alone = _pages_and_text(alone)
    with report_printer() as printer:
        first = printer.print_pdf(SMALL)
        shared = _pages_and_text(report_pdf(report, "zh-CN", printer=printer))
        assert printer.launches == 1
    assert shared == alone
    assert alone[0] > 5 and "第 1 页,共 " in alone[1]  # NFKC: the full-width comma
    assert "Page one" in pdf_text(first)


def test_the_report_command_prints_the_pdf_in_the_reports_language(chromium, tmp_path):
    fixed_dataset(tmp_path / "audit.db", facilities=False).close()
    out = tmp_path / "out" / "report.pdf"
    result = run_cli("report", "--db", str(tmp_path / "audit.db"), "--format", "pdf",
                     "--lang", "en", "-o", str(out), env={"A11Y_AUDIT_LANG": "en"})
    assert (result.returncode, result.stderr) == (0, f"wrote {out}\n")
    text = pdf_text(out.read_bytes())
    assert "Page 1 of " in text and "3. Websites" in text


def test_a_printer_whose_browser_died_launches_it_again(chromium):
    # Chromium ignores a switch it does not know: it names this printer's browser among the
    # others a test worker may start meanwhile (a server thread printing, a crawl's pool).
    marker = f"--a11y-audit-test-printer={uuid.uuid4().hex}"
    with PdfPrinter(executable=find_browser().path, args=[*launch_flags(), marker]) as printer:
        [pid] = _browsers(marker)
        first = printer.print_pdf(SMALL)
        os.kill(pid, signal.SIGKILL)
        _wait_gone(pid)
        again = printer.print_pdf(SMALL)
        assert printer.launches == 2
        [relaunched] = _browsers(marker)
    assert relaunched != pid
    assert pdf_text(again) == pdf_text(first) and "Page one" in pdf_text(first)
    assert _browsers(marker) == set()


def test_a_pdf_prints_beside_the_callers_own_sync_playwright(alone):
    """Playwright's sync API refuses a second start in one thread: the printer's runs in a
    thread of its own, so a caller holding one (a test's browser) can still print."""
    assert "第 1 页,共 " in pdf_text(alone)


def test_a_chromium_that_cannot_start_is_the_users_problem(tmp_path):
    missing = tmp_path / "no-chromium"
    with pytest.raises(EnvironmentProblem) as raised:
        render_pdf(SMALL, executable=missing)
    assert str(raised.value).startswith("Chromium could not print the report: ")
    assert str(missing) in str(raised.value)


def _browsers(marker: str) -> set[int]:
    """The running Chromium browser processes (not their renderers, GPU or utility processes)
    whose command line holds ``marker``. A child the browser has just forked holds its
    command line until it starts its own program: a process whose parent matches is not
    counted."""
    found: dict[int, int] = {}  # pid: its parent
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            argv = (entry / "cmdline").read_bytes().split(b"\0")
            parent = int((entry / "stat").read_text().rsplit(")", 1)[1].split()[1])
        except (OSError, ValueError, IndexError):
            continue  # gone meanwhile
        if marker.encode() in argv and not any(a.startswith(b"--type=") for a in argv):
            found[int(entry.name)] = parent
    return {pid for pid, parent in found.items() if parent not in found}


def _wait_gone(pid: int) -> None:
    for _ in range(200):
        if not Path(f"/proc/{pid}").exists() or "Z" in _state(pid):
            return
        time.sleep(0.05)
    raise AssertionError(f"Chromium {pid} did not die")


def _state(pid: int) -> str:
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return "gone"
