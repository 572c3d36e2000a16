"""Helpers for checklist tests: write a small checklist into tmp_path and load it."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from checklist_helpers import HEADER

from audit.checklist import Checklist, load_checklist


@pytest.fixture
def write_checklist(tmp_path: Path) -> Callable[..., Path]:
    def write(*items: str, name: str = "test.yaml", header: str = HEADER) -> Path:
        path = tmp_path / name
        path.write_text(header + "".join(items), encoding="utf-8")
        return path

    return write


@pytest.fixture
def make_checklist(write_checklist: Callable[..., Path]) -> Callable[..., Checklist]:
    def make(*items: str) -> Checklist:
        return load_checklist(write_checklist(*items))

    return make
