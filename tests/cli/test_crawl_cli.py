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
