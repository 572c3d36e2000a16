"""`a11y-audit crawl`: what the command refuses before it starts a browser."""

from __future__ import annotations

import pytest

from audit.cli.exitcodes import ExitCode
from tests.cli.conftest import run_cli

pytestmark = pytest.mark.usefixtures("english")


def test_resume_refuses_start_urls_and_options_it_would_ignore(tmp_path):
    """A resumed crawl goes on as it was started: start URLs and crawl options given with
    --resume were dropped without a word (``--max-pages 1000`` left the cap at 500)."""
    db = str(tmp_path / "a.db")
    with_urls = run_cli("crawl", "https://www.example.gov.cn/", "--resume", "1", "--db", db)
    assert with_urls.returncode == ExitCode.USAGE
    assert with_urls.stderr == (
        "error: --resume continues a crawl with the start URLs and crawl options it was "
        "started with; leave out the start URLs (only --concurrency, --screenshots and "
        "--remote may change)\n")
    changed = run_cli("crawl", "--resume", "1", "--max-pages", "1000", "--depth=2",
                      "--concurrency", "2", "--db", db)
    assert changed.returncode == ExitCode.USAGE
    assert changed.stderr == (
        "error: --resume continues a crawl with the start URLs and crawl options it was "
        "started with; leave out --max-pages, --depth (only --concurrency, --screenshots "
        "and --remote may change)\n")
    assert not (tmp_path / "a.db").exists()


def test_a_report_path_that_is_a_folder_is_refused_before_the_crawl(tmp_path):
    """It was refused after the crawl (an hour on a large site), with exit 2 and the
    report lost; now before anything starts."""
    folder = tmp_path / "reports"
    folder.mkdir()
    result = run_cli("crawl", "https://www.example.gov.cn/", "--db", str(tmp_path / "a.db"),
                     "--report", f"sarif={folder}")
    assert result.returncode == ExitCode.USAGE
    assert result.stderr.splitlines()[-1] == (
        f"Error: Invalid value for '--report': {str(folder)!r} is a folder; name the report "
        f"file, e.g. sarif={folder / 'a11y-audit.sarif'}")
    assert not (tmp_path / "a.db").exists()


def test_resuming_an_unknown_scan_is_a_usage_error_naming_the_store(tmp_path):
    """README: an unknown scan id exits 2 (``no scan with id 99 in a11y-audit.db``); resume
    exited 3 with 'no scan with id 7 in DB'."""
    db = tmp_path / "a.db"
    result = run_cli("crawl", "--resume", "7", "--db", str(db))
    assert result.returncode == ExitCode.USAGE
    assert result.stderr == f"error: no scan with id 7 in {db}\n"
