"""What a crawl learnt about its template regions, kept in the store (migration 0013): read
back exactly under its digest only, replaced by a second save, dropped when the round that
started from it keeps its own; a store made before 0013 migrates with nothing else changed."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from audit.errors import StoreError
from audit.store import open_store
from audit.store.tables import findings, metadata, pages, scans
from tests.store.samples import as_before, sample_run

# a sample as a page hands it back: nested, with text a hostile page chose (a lone surrogate)
LEARNT = {"regions": [
    {"viewport": "desktop", "key": "a" * 28, "sighted_at": "2026-12-05T21:00:00+00:00",
     "sample": {"isolated": True, "passes": ["list"], "inapplicable": [], "incomplete": [],
                "violations": [{"id": "image-alt", "nodes": [
                    {"path": [0, 2], "impact": "critical", "failureSummary": "修复 \ud800"}]}]}},
    {"viewport": "mobile", "key": "b" * 28, "sighted_at": "2026-11-01T08:00:00+00:00",
     "sample": None}]}


def test_learning_is_read_back_exactly_under_its_digest_only(store):
    scan_id = store.begin_scan(sample_run())
    assert store.template_learning(scan_id, "d1") is None  # nothing kept yet
    store.save_template_learning(scan_id, "d1", LEARNT)
    assert store.template_learning(scan_id, "d1") == LEARNT
    assert store.template_learning(scan_id, "d2") is None  # learnt under other options
    store.save_template_learning(scan_id, "d2", {"regions": []})
    assert store.template_learning(scan_id, "d2") == {"regions": []}
    assert store.template_learning(scan_id, "d1") is None


def test_the_round_that_started_from_it_drops_the_learning_it_supersedes(store):
    base, other, round_ = (store.begin_scan(sample_run()) for _ in range(3))
    for scan_id in (base, other):
        store.save_template_learning(scan_id, "d1", LEARNT)
    store.save_template_learning(round_, "d1", {"regions": []}, replaces=base)
    assert store.template_learning(base, "d1") is None
    assert store.template_learning(other, "d1") == LEARNT
    assert store.template_learning(round_, "d1") == {"regions": []}


def test_learning_of_an_unknown_scan_is_refused(store):
    with pytest.raises(StoreError, match="^no scan with id 999 in DB"):
        store.save_template_learning(999, "d1", LEARNT)


def test_a_store_made_before_0013_migrates_with_nothing_else_changed(store_url):
    with open_store(store_url) as store:
        store.save_run(sample_run())
        before = _counts(store)
        as_before(store, "0013_template_learning", "template_learning")
    with open_store(store_url) as store:
        assert "0013_template_learning" in store.migrations()
        assert _counts(store) == before
        assert _counts(store, metadata.tables["template_learning"]) == (0,)


def _counts(store, *tables) -> tuple[int, ...]:
    with store.engine.connect() as connection:
        return tuple(connection.scalar(select(func.count()).select_from(table))
                     for table in tables or (scans, pages, findings))
