from __future__ import annotations

import os
import subprocess
import sys

import pytest

from tests.support.site import FixtureSite
from tests.webscan.conftest import PAGES


def run_cli(*args: str, env: dict[str, str] | None = None,
            cwd: str | None = None) -> subprocess.CompletedProcess[str]:
    """Run the real command line in a subprocess, as a user would."""
    return subprocess.run([sys.executable, "-m", "audit", *args], capture_output=True, text=True,
                          env={**os.environ, **(env or {})}, cwd=cwd, timeout=300, check=False)


@pytest.fixture
def english(monkeypatch):
    """The command line's words in English, for tests that read them (the default, Chinese, is
    tested in test_lang_cli.py)."""
    monkeypatch.setenv("A11Y_AUDIT_LANG", "en")


@pytest.fixture(scope="session")
def cli_site(chromium):
    with FixtureSite(PAGES) as site:
        yield site
