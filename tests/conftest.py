"""Fixtures shared by every test folder."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from audit.errors import BrowserNotFound
from audit.webscan.browser import find_browser


@pytest.fixture(scope="session")
def chromium() -> None:
    """Fail (under CI) or skip (locally) when no Chromium is installed."""
    try:
        find_browser()
    except BrowserNotFound as err:
        if os.environ.get("CI"):
            pytest.fail(f"CI must have a browser: {err}")
        pytest.skip(str(err))


@pytest.fixture(autouse=True)
def _store_outside_the_checkout(tmp_path_factory, monkeypatch):
    """Commands that store by default write to a temporary database, never the checkout."""
    if "A11Y_AUDIT_DB" not in os.environ:
        monkeypatch.setenv("A11Y_AUDIT_DB", str(tmp_path_factory.mktemp("db") / "a11y.db"))


@pytest.fixture(scope="session")
def repo_root() -> Path:
    return Path(__file__).resolve().parent.parent
