"""The dashboard reads the store in a fixed number of SQL statements: no statement per target,
scan, facility or inspection (no N+1)."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import event

from audit.dashboard import (
    department_trends,
    load_snapshot,
    overdue,
    overview,
    rank,
    target_trend,
)
from audit.report.assemble import bundled_checklists
from audit.report.datafiles import load_policy
from audit.store import Store, open_store
from tests.dashboard.district import TODAY, generate


def statements(store: Store) -> int:
    """How many SQL statements every dashboard figure takes together."""
    executed: list[str] = []

    def count(_conn, _cursor, statement, *_args) -> None:
        executed.append(statement)

    event.listen(store.engine, "before_cursor_execute", count)
    try:
        snapshot = load_snapshot(store, bundled_checklists(), today=TODAY)
        overview(snapshot)
        department_trends(snapshot)
        target_trend(snapshot, snapshot.targets[0].name)
        rank(snapshot, load_policy())
        overdue(snapshot, load_policy())
    finally:
        event.remove(store.engine, "before_cursor_execute", count)
    return len(executed)


def test_statements_do_not_grow_with_targets_and_facilities(tmp_path: Path):
    with open_store(tmp_path / "small.db") as small, open_store(tmp_path / "big.db") as big:
        generate(small, targets=2, rounds=2, pages=2, facilities=2)
        generate(big, targets=7, rounds=3, pages=2, facilities=6)
        assert statements(small) == statements(big) <= 21  # 14 SELECTs, 7 BEGINs
