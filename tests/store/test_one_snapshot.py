"""``Store.one_snapshot``: the reads of a block see the database as at its first read, whatever
another process commits meanwhile; outside a block every read sees the latest commit."""

from __future__ import annotations

import pytest

from audit.model import ScanRun
from audit.store import open_store

RUN = ScanRun(engine="playwright", standard="wcag22aa", tool_version="t",
              started_at="2026-01-05T08:00:00+00:00", finished_at="2026-01-05T09:00:00+00:00")


def finish_a_scan(store_url: str) -> None:
    """Another process's writer (a store of its own) finishes a scan of a new target."""
    with open_store(store_url) as other:
        other.save_run(RUN, target="新网站")


def test_reads_in_a_block_do_not_see_a_commit_made_between_them(store, store_url):
    store.save_run(RUN, target="门户")
    with store.one_snapshot():
        before = (store.targets(), store.finished_scans())
        finish_a_scan(store_url)
        assert (store.targets(), store.finished_scans()) == before
        assert [t.name for t in store.targets()] == ["门户"]
    assert [t.name for t in store.targets()] == ["新网站", "门户"]
    assert len(store.finished_scans()) == 2


def test_without_a_block_the_next_read_sees_the_commit(store, store_url):
    store.save_run(RUN, target="门户")
    before = store.finished_scans()
    finish_a_scan(store_url)
    assert len(store.finished_scans()) == len(before) + 1


def test_a_nested_block_shares_the_outer_snapshot_and_writes_still_commit(store, store_url):
    with store.one_snapshot():
        assert store.targets() == []
        store.save_target("自己写的")  # its own transaction: committed, not seen in the block
        with store.one_snapshot():
            assert store.targets() == []
        assert store.targets() == []
    assert [t.name for t in store.targets()] == ["自己写的"]


def test_an_error_in_the_block_ends_it(store, store_url):
    with pytest.raises(KeyError), store.one_snapshot():
        store.targets()
        raise KeyError("x")
    finish_a_scan(store_url)
    assert [t.name for t in store.targets()] == ["新网站"]
