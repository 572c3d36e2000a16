"""The dashboard's diff of two rounds (counted in the store) groups, totals and orders what
``audit.report.diff.diff_pages`` finds in the same rounds, grouped here in Python."""

from __future__ import annotations

import itertools

import pytest

from audit.dashboard import round_diff
from audit.dashboard.diff import GROUPINGS, DiffGroup
from audit.errors import UsageError
from audit.model import Severity
from audit.report.diff import diff_pages
from audit.store import Store
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
