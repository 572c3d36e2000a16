"""Several processes on one store, and a crawler killed with SIGKILL in the middle of a scan."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest
from sqlalchemy import func, select

from audit.store import FrontierState, open_store
from audit.store.migrations import MIGRATIONS
from audit.store.tables import findings, pages
from tests.store.samples import findings_page, sample_run

REPO = Path(__file__).resolve().parents[2]
PAGE_FINDINGS = len(findings_page().findings)
pytestmark = pytest.mark.usefixtures("subprocesses")


def _start(*commands: tuple[str, ...]) -> list[subprocess.Popen[str]]:
    """One writer process per command, all started before any is waited for (each takes a
    second or more to import): returned once every one has said it is ready."""
    processes = [subprocess.Popen(
        [sys.executable, "-m", "tests.store.writer_process", *args], cwd=REPO, text=True,
        stdout=subprocess.PIPE, stderr=subprocess.PIPE) for args in commands]
    for process in processes:
        assert process.stdout is not None and process.stderr is not None
        assert process.stdout.readline().strip() == "ready", process.stderr.read()
    return processes


def _finish(process: subprocess.Popen[str]) -> str:
    out, err = process.communicate(timeout=120)
    assert process.returncode == 0, err
    assert "locked" not in err
    return out


def _count(store, table, scan_id: int) -> int:
    with store.engine.connect() as connection:
        return int(connection.scalar(
            select(func.count()).select_from(table).where(table.c.scan_id == scan_id)))


def test_processes_opening_a_new_store_at_once(store_url, tmp_path):
    go = tmp_path / "go"
    workers = _start(*[("open", store_url, str(go))] * 3)
    go.touch()
    scan_ids = [int(_finish(worker)) for worker in workers]
    assert len(set(scan_ids)) == 3
    with open_store(store_url) as store:
        assert store.migrations() == [migration.name for migration in MIGRATIONS]


def test_processes_writing_the_same_store_at_once(store_url, tmp_path):
    with open_store(store_url) as store:
        scan_id = store.begin_scan(sample_run())
        go = tmp_path / "go"
        workers = _start(*[("write", store_url, str(go), str(scan_id), f"https://w{n}.example/",
                            "40") for n in range(3)])
        go.touch()
        for i in range(40):  # and this process writes too
            store.save_page(scan_id, findings_page(f"https://parent.example/{i}"))
        for worker in workers:
            _finish(worker)
        assert _count(store, pages, scan_id) == 160
        assert _count(store, findings, scan_id) == 160 * PAGE_FINDINGS
        assert len(store.documents(scan_id)) == 15
        counts = store.frontier_counts(scan_id)
        assert counts[FrontierState.DONE] == 120  # the three roots were queued, never saved
        assert sum(counts.values()) == 123


def test_a_killed_crawl_resumes_without_loss_or_duplicates(store_url, tmp_path):
    urls = [f"https://gov.example.cn/page/{i}" for i in range(30)]
    with open_store(store_url) as store:
        scan_id = store.begin_scan(sample_run())
        store.enqueue(scan_id, [(url, "desktop", 1, None) for url in urls])
    go = tmp_path / "go"
    [crawler] = _start(("crawl", store_url, str(go), str(scan_id), "0.02"))
    go.touch()
    assert crawler.stdout is not None
    for _ in range(5):
        assert crawler.stdout.readline().startswith("saved")
    os.kill(crawler.pid, signal.SIGKILL)
    crawler.wait(timeout=30)

    with open_store(store_url) as store:
        saved_before = _count(store, pages, scan_id)
        assert saved_before >= 5
        assert store.resume_scan(scan_id) <= 2  # at most what was in flight
        while items := store.claim(scan_id, 4):
            for item in items:
                store.save_page(scan_id, findings_page(item.url, item.viewport))
        loaded = [page.url for page in store.iter_pages(scan_id)]
        assert sorted(loaded) == sorted(urls)
        assert _count(store, findings, scan_id) == len(urls) * PAGE_FINDINGS
        assert store.frontier_counts(scan_id)[FrontierState.DONE] == len(urls)
