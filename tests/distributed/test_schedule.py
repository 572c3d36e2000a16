"""The scheduler (Celery beat) starts a round on its own; a worker crawls the targets and
writes the round's report once every scan of the round is finished."""

from __future__ import annotations

import signal
import subprocess
import sys
import time

import pytest

from audit.distributed.round_tasks import START_ROUND
from audit.store import open_store
from tests.cli.conftest import run_cli
from tests.distributed.conftest import ROOT

pytestmark = pytest.mark.timeout(120)


@pytest.fixture(autouse=True)
def _english(monkeypatch):
    """These tests read the English words of the output (the Chinese ones: test_lang_cli.py)."""
    monkeypatch.setenv("A11Y_AUDIT_LANG", "en")


def test_a_scheduled_round_is_crawled_and_reported(chromium, corpus, start_worker, redis_url,
                                                   pg_url, tmp_path):
    config = tmp_path / "a11y-audit.yml"
    config.write_text(f"""schema: a11y-audit/config/1
defaults: {{max_pages: 4, depth: 2, checks: []}}
targets:
  - name: 示范区门户
    department: 区数据局
    start: ["{corpus}"]
""", encoding="utf-8")
    reports = tmp_path / "reports"
    start_worker("rounds")
    worker_log, received = tmp_path / "rounds.log", f"Task {START_ROUND}["
    beat = subprocess.Popen(
        [sys.executable, "-m", "audit", "schedule", str(config), "--every", "3", "--poll", "1",
         "--reports", str(reports), "--lang", "en", "--state", str(tmp_path / "beat"), "--broker",
         redis_url], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, cwd=ROOT)
    deadline = time.monotonic() + 90
    try:  # the first round reaching the worker is enough: more would only load the machine
        while time.monotonic() < deadline and received not in worker_log.read_text():
            assert beat.poll() is None, beat.stderr.read().decode() if beat.stderr else ""
            time.sleep(0.2)
    finally:
        beat.send_signal(signal.SIGTERM)
        beat.wait(20)
    while time.monotonic() < deadline and not list(reports.glob("round-*.html")):
        time.sleep(0.5)
    written = sorted(reports.glob("round-*.html"))
    assert written, "no round report was written"
    html = written[0].read_text(encoding="utf-8")
    assert "<html" in html and "示范区门户" in html
    with open_store(pg_url) as store:
        first = store.scans(limit=None)[-1]
    assert (first.target, first.status, first.pages) == ("示范区门户", "finished", 4)

    # the same targets queued by `run --distributed`, in this process: the worker crawls them
    ran = run_cli("run", str(config), "--distributed", "--db", pg_url, "--broker", redis_url)
    assert ran.returncode == 0, ran.stderr
    assert ": 4 page(s), 0 not scanned" in ran.stdout
