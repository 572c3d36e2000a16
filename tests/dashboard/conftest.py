"""A generated multi-round district in a real SQLite file, shared by the module's tests."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from audit.dashboard import Snapshot, load_snapshot
from audit.report.assemble import bundled_checklists
from audit.report.datafiles import load_policy
from audit.store import Store, open_store
from tests.dashboard.district import TODAY, District, generate


@pytest.fixture(scope="module")
def district_store(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Store, District]]:
    path: Path = tmp_path_factory.mktemp("district") / "district.db"
    with open_store(path) as store:
        yield store, generate(store)


@pytest.fixture(scope="module")
def snapshot(district_store: tuple[Store, District]) -> Snapshot:
    return load_snapshot(district_store[0], bundled_checklists(), today=TODAY)


@pytest.fixture(scope="module")
def district(district_store: tuple[Store, District]) -> District:
    return district_store[1]


@pytest.fixture(scope="module")
def policy() -> dict:
    return load_policy()
