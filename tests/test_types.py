"""The package type-checks (mypy with pyproject.toml's [tool.mypy]): CI runs only
``make test``, so this test is what checks types there; ``make lint`` runs mypy too."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


@pytest.mark.timeout(600)  # a cold cache on a busy machine; warm, it takes seconds
def test_mypy_finds_no_errors(subprocesses: None) -> None:
    done = subprocess.run([sys.executable, "-m", "mypy"], cwd=ROOT, capture_output=True,
                          text=True, check=False)
    assert done.returncode == 0, done.stdout + done.stderr
    assert done.stdout.startswith("Success: no issues found")
