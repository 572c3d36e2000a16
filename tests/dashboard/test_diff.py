"""The dashboard's diff of two rounds (counted in the store) groups, totals and orders what
``audit.report.diff.diff_pages`` finds in the same rounds, grouped here in Python; a diff kept
or computed beforehand (a server's warm-up) is the one computed cold."""

from __future__ import annotations

import itertools
from collections.abc import Iterator
from contextlib import contextmanager

import pytest
from sqlalchemy import event

from audit.dashboard import (
    Cache,
    cached_diff,
    latest_pair,
    load_snapshot,
    round_diff,
    warm_diffs,
)
from audit.dashboard.diff import GROUPINGS, DiffGroup
from audit.errors import UsageError
from audit.model import ScanRun, Severity
from audit.report.assemble import bundled_checklists
from audit.report.diff import diff_pages
from audit.store import Store
from tests.dashboard.district import TODAY
from tests.dashboard.district import generate as generate_district
from tests.store.test_diff import generate


def grouped_in_python(store: Store, old: int, new: int, by: str) -> list[DiffGroup]:
    diff = diff_pages(store.iter_pages(old), store.iter_pages(new))
    counts: dict[str | None, list[int]] = {}
    worst: dict[str | None, Severity] = {}
    for index, found in enumerate((diff.new, diff.fixed, diff.persisting)):
        for item in found:
            key = getattr(item.finding, by) or None
            counts.setdefault(key, [0, 0, 0])[index] += 1
            if key not in worst or item.finding.impact.rank < worst[key].rank:
                worst[key] = item.finding.impact
    groups = [DiffGroup(key, str(worst[key]), *numbers) for key, numbers in counts.items()]
    return sorted(groups, key=lambda g: (Severity(g.impact).rank, -g.new, g.key or ""))


@pytest.mark.parametrize("by", GROUPINGS)
def test_the_diff_groups_as_the_reports_diff_does(store: Store, by: str):
    ids = generate(store)
    for old, new in itertools.product(ids, repeat=2):
        found = round_diff(store, "site", old, new, group=by)
        diff = diff_pages(store.iter_pages(old), store.iter_pages(new))
        assert found.groups == grouped_in_python(store, old, new, by), (old, new)
        assert found.totals == (len(diff.new), len(diff.fixed), len(diff.persisting))
        assert found.not_comparable == len(diff.not_comparable)


def test_the_diff_is_grouped_only_by_a_known_column(store: Store):
    ids = generate(store)
    with pytest.raises(UsageError, match="grouped by one of rule, template, not 'url'"):
        round_diff(store, "site", ids[0], ids[1], group="url")



@contextmanager
def statements(store: Store) -> Iterator[list[str]]:
    """The SQL statements executed meanwhile."""
    executed: list[str] = []

    def seen(_conn, _cursor, statement, *_args) -> None:
        executed.append(statement)

    event.listen(store.engine, "before_cursor_execute", seen)
    try:
        yield executed
    finally:
        event.remove(store.engine, "before_cursor_execute", seen)


def test_warmed_diffs_are_those_computed_cold_and_read_nothing_again(store: Store):
    district = generate_district(store, targets=3, rounds=3, pages=3, facilities=0)
    store.save_target("one-round")
    store.save_run(ScanRun(engine="playwright", standard="wcag22aa", tool_version="t",
                           started_at="2025-09-01T08:00:00+00:00",
                           finished_at="2025-09-01T09:00:00+00:00"), target="one-round")
    cache = Cache(bundled_checklists())
    snapshot = load_snapshot(store, cache, today=TODAY)
    warm_diffs(store, cache, snapshot)
    pairs = {t.name: latest_pair(t) for t in snapshot.targets}
    only = next(t for t in snapshot.targets if t.name == "one-round").rounds[0].scan_id
    assert pairs == {**{t.name: (t.rounds[-2].scan_id, t.rounds[-1].scan_id)
                        for t in district.targets}, "one-round": (only, only)}
    with statements(store) as executed:
        warmed = {name: cached_diff(store, cache, name, *pair) for name, pair in pairs.items()}
    assert executed == []
    assert warmed == {name: round_diff(store, name, *pair) for name, pair in pairs.items()}
    assert len(cache.diffs) == len(pairs)


def test_a_pair_not_warmed_is_computed_once_and_one_of_no_snapshot_each_time(store: Store):
    district = generate_district(store, targets=1, rounds=3, pages=3, facilities=0)
    first, last = district.targets[0].rounds[0].scan_id, district.targets[0].rounds[-1].scan_id
    with statements(store) as cold:
        expected = round_diff(store, "site-00", first, last)
    cache = Cache(bundled_checklists())
    with statements(store) as executed:
        unknown = [cached_diff(store, cache, "site-00", first, last) for _ in range(2)]
    assert len(executed) == 2 * len(cold) and cache.diffs == {}
    load_snapshot(store, cache, today=TODAY)
    with statements(store) as executed:
        known = [cached_diff(store, cache, "site-00", first, last) for _ in range(2)]
    assert len(executed) == len(cold)
    assert known == unknown == [expected] * 2
