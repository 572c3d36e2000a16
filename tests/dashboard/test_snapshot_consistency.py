"""The dashboard reads its snapshot in one read transaction: a scan that finishes while the
snapshot is being read (between two of its queries) is not half in it."""

from __future__ import annotations

from audit.dashboard import load_snapshot
from audit.model import ScanRun
from audit.report.assemble import bundled_checklists
from audit.store import open_store
from tests.dashboard.district import TODAY, generate

RUN = ScanRun(engine="playwright", standard="wcag22aa", tool_version="t",
              started_at="2026-01-05T08:00:00+00:00", finished_at="2026-01-05T09:00:00+00:00")


def test_a_scan_finishing_between_two_reads_is_not_in_the_snapshot(store, store_url,
                                                                   monkeypatch):
    generate(store, targets=2, rounds=2, pages=2, facilities=1)
    catalogue = bundled_checklists()
    before = load_snapshot(store, catalogue, today=TODAY)
    read_scans = store.finished_scans

    def a_scan_finishes_first():  # after the targets were read, before their scans are
        with open_store(store_url) as other:
            other.save_run(RUN, target="site-00")
        return read_scans()

    monkeypatch.setattr(store, "finished_scans", a_scan_finishes_first)
    assert load_snapshot(store, catalogue, today=TODAY) == before
    monkeypatch.undo()
    after = load_snapshot(store, catalogue, today=TODAY)
    assert [len(t.rounds) for t in after.targets] == [3, 2]
