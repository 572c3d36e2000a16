from __future__ import annotations

import contextlib
import os
import subprocess
import sys

import pytest
from click.testing import CliRunner

from audit.cli.main import cli
from tests.support.site import FixtureSite
from tests.webscan.conftest import PAGES

# ``env`` of a run in English from a module fixture (these start before the function-scoped
# ``english``)
ENGLISH: dict[str, str | None] = {"A11Y_AUDIT_LANG": "en"}


def run_cli(*args: str, env: dict[str, str | None] | None = None,
            cwd: str | None = None) -> subprocess.CompletedProcess[str]:
    """``a11y-audit ARGS`` as a user runs it, in-process through click's runner: the same
    commands, exit codes, stdout and stderr apart, without starting Python for each call.
    An exception that would print a traceback is raised (a bug, never a pass).
    ``run_cli_process`` runs the real process, for the tests about the process itself."""
    with contextlib.chdir(cwd or os.getcwd()):
        result = CliRunner().invoke(cli, list(args), env=env, prog_name="a11y-audit",
                                    catch_exceptions=False)
    return subprocess.CompletedProcess(["a11y-audit", *args], result.exit_code, result.stdout,
                                       result.stderr)


def run_cli_process(*args: str, env: dict[str, str] | None = None,
                    cwd: str | None = None) -> subprocess.CompletedProcess[str]:
    """Run the real command line in a subprocess (tests using it ask for ``subprocesses``)."""
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
