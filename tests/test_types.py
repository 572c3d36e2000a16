"""The package type-checks (mypy with pyproject.toml's [tool.mypy]): CI runs only
``make test``, so this test is what checks types there; ``make lint`` runs mypy too."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


def cache_args() -> list[str]:
    """Under CI, no cache: CI starts from a clean clone and never reads it again, and writing
    it is a quarter of a cold run's CPU (24 s against 18 s). Elsewhere the cache of
    pyproject.toml, shared with ``make lint``: warm, a run takes seconds."""
    in_ci = os.environ.get("CI", "").strip().lower() not in ("", "0", "false", "no")
    return ["--cache-dir", os.devnull] if in_ci else []


@pytest.mark.timeout(600)  # a cold cache on a busy machine; warm, it takes seconds
def test_mypy_finds_no_errors(subprocesses: None) -> None:
    done = subprocess.run([sys.executable, "-m", "mypy", *cache_args()], cwd=ROOT,
                          capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stdout + done.stderr
    assert done.stdout.startswith("Success: no issues found")
