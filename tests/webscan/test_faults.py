"""Pages that misbehave become page errors with clear messages; the scan goes on."""

from __future__ import annotations

import socket
import uuid

import pytest

from audit.errors import InvalidURLError
from audit.report.notes import english_note
from audit.webscan.scanner import ScanOptions, scan

ENGINES = ("playwright", "selenium")
# A page that never answers times out at any limit, so its scans take a short one; a page
# that answers gets a limit a busy machine does not reach (with one 3 s limit for all, CI
# failed this file at load 20-50): what a hung page costs is the limit of the scan it is in.
HUNG_S = 3
ANSWERING_S = 10

FAULTS = {
    "status/404": "the server answered HTTP 404",
    "status/500": "the server answered HTTP 500",
    "redirect-loop": "the page redirects in a loop (too many redirects)",
    "data.json": "not an HTML page (Content-Type: application/json)",
    "hang": f"timed out after {HUNG_S} s waiting for the page to load",
}


@pytest.fixture(scope="module", params=ENGINES)
def fault_run(request, site, scanners):
    """One scan per engine (in the process's browser of that engine: a fault of a page is
    the page's, the browser lives on): an address where nobody listens (a port that was free
    a moment ago), first in a fresh tab as before, a PDF, the ``FAULTS`` that answer, then a
    good page; the page that never answers (``hang``) in a scan of its own, last."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    urls = [f"http://127.0.0.1:{port}/", site.url("doc.pdf"),
            *(site.url(path) for path in FAULTS if path != "hang"), site.url("barriers.html")]
    scanner = scanners[request.param]
    # one tab in Selenium, where a tab is a browser and a chromedriver of their own
    run = scanner.scan(urls, concurrency=1 if request.param == "selenium" else 2,
                       timeout_s=ANSWERING_S)
    hung = scanner.scan([site.url("hang")], concurrency=1, timeout_s=HUNG_S)
    return run, hung.pages[0]


@pytest.mark.parametrize("path", list(FAULTS))
def test_fault_is_recorded_with_a_clear_message(fault_run, site, path):
    run, hung = fault_run
    result = next(p for p in [*run.pages, hung] if p.url == site.url(path))
    assert result.error == FAULTS[path]
    assert result.findings == []


def test_the_scan_goes_on_after_faults(fault_run, site):
    good = fault_run[0].pages[-1]
    assert good.url == site.url("barriers.html")
    assert good.error is None
    assert len(good.violations) == 6


def test_pdf_is_not_scanned_as_a_page(fault_run, site):
    result = fault_run[0].pages[1]
    assert result.url == site.url("doc.pdf")
    assert result.error is not None
    assert result.error.startswith("not an HTML page")


def test_connection_refused_is_a_page_error(fault_run):
    assert fault_run[0].pages[0].error == "could not connect: the server refused the connection"


@pytest.fixture(scope="module")
def stuck_run(site):
    """A page stuck in a script, the page after it in the same tab, and a page whose load
    never ends: one Playwright scan, one tab; a limit for the page that answers (each hung
    one costs it)."""
    return scan([site.url("script-hang.html"), site.url("barriers.html"),
                 site.url("never-loads.html")],
                ScanOptions(concurrency=1, timeout_s=ANSWERING_S))


def test_page_whose_load_never_ends_is_scanned_with_a_note(stuck_run, site):
    result = stuck_run.pages[2]
    assert result.url == site.url("never-loads.html")
    assert result.error is None
    assert [english_note(n) for n in result.notes] == [
        "the load event did not fire in time; the page was scanned as it was"]
    assert [f.rule for f in result.violations] == ["image-alt"]


def test_page_stuck_in_a_script_is_an_error_and_the_tab_is_replaced(stuck_run):
    stuck, after, _ = stuck_run.pages
    # found while waiting for it to settle, before axe-core: as fast as before
    assert stuck.error == ("the page did not settle: the page's scripts did not answer "
                           f"within {ANSWERING_S} s (the page may be stuck in a script)")
    assert after.error is None
    assert len(after.violations) == 6


@pytest.fixture(scope="module")
def crash_run(site):
    """One Playwright scan, one tab at a time, in a browser of its own (it is crashed): a tab
    that crashes, then the browser killed twice. A tiny JS heap makes the renderer of
    crash.html die of out-of-memory (a real crash); the marker finds the browser to kill."""
    marker = f"--a11y-audit-test-{uuid.uuid4().hex}"
    kill = site.url(f"kill-browser?marker={marker}")
    urls = [site.url("crash.html"), site.url("barriers.html"), kill + "&n=1",
            site.url("clean.html"), kill + "&n=2", site.url("shadow.html")]
    options = ScanOptions(concurrency=1, timeout_s=20,
                          browser_args=("--js-flags=--max-old-space-size=24", marker))
    return scan(urls, options).pages


def test_crashed_tab_is_an_error_and_the_scan_goes_on(crash_run):
    crashed, after = crash_run[:2]
    assert crashed.error == "the browser tab crashed while loading or analysing the page"
    assert after.error is None
    assert len(after.violations) == 6


def test_crashed_browser_is_relaunched_once(crash_run):
    first, killed, relaunched, killed_again, not_scanned = crash_run[1:]
    assert len(first.violations) == 6
    assert killed.error == "the browser closed unexpectedly"
    assert relaunched.error is None
    assert killed_again.error == "the browser closed unexpectedly"
    assert not_scanned.error == "the browser crashed twice; the remaining pages were not scanned"


def test_non_http_url_is_refused_before_anything_starts():
    with pytest.raises(InvalidURLError) as err:
        scan(["file:///etc/passwd"])
    assert str(err.value) == ("'file:///etc/passwd' is not an http(s) URL; a11y-audit scans web "
                              "pages only (write the full address, e.g. https://www.example.gov.cn/)")
