"""The command line's top level: a bug of ours is a short message and exit code 4, never a
Python traceback; the full traceback goes to a file named in the message."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

from click.testing import CliRunner

from audit.cli.exitcodes import ExitCode
from audit.cli.main import cli

BOOM = "a bug in a11y-audit\nwith a second line"
HINT = ("This is a bug in a11y-audit. Please report it with the output of `a11y-audit doctor`, "
        "the command you ran and the file {file}")


def _crash(*args: object, **kwargs: object) -> None:
    raise RuntimeError(BOOM)


def crash_file(output: str) -> Path:
    found = re.search(r"the file (\S+a11y-audit-error-\S+\.txt)", output)
    assert found, output
    return Path(found.group(1))


def test_an_unexpected_error_is_one_message_and_exit_code_4(monkeypatch):
    monkeypatch.setattr("audit.cli.checklist.load_bundled", _crash)
    result = CliRunner().invoke(cli, ["checklist", "list"])
    assert result.exit_code == ExitCode.INTERNAL == 4
    assert "Traceback" not in result.output
    file = crash_file(result.output)
    assert result.output.splitlines() == [
        "error: an unexpected error stopped a11y-audit: RuntimeError: a bug in a11y-audit",
        HINT.format(file=file),
    ]
    saved = file.read_text(encoding="utf-8")
    assert saved.startswith("a11y-audit 0.1.0, Python 3.")
    assert "Traceback (most recent call last)" in saved
    assert "RuntimeError: a bug in a11y-audit\nwith a second line" in saved
    file.unlink()


def test_click_and_library_errors_keep_their_exit_codes():
    assert CliRunner().invoke(cli, ["no-such-command"]).exit_code == 2
    result = CliRunner().invoke(cli, ["checklist", "show", "no-such-checklist"])
    assert result.exit_code == ExitCode.USAGE
    assert result.output.startswith("error: ")


def test_the_real_entry_point_prints_no_traceback(subprocesses, tmp_path):
    # The installed entry point (audit.cli.main:main) in its own process, with a library
    # function replaced by one that fails: what a user would see of a bug.
    code = ("import sys, audit.cli.checklist as c\n"
            "def boom(*a, **k): raise KeyError('surprise')\n"
            "c.load_bundled = boom\n"
            "sys.argv = ['a11y-audit', 'checklist', 'list']\n"
            "from audit.cli.main import main\nmain()\n")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          timeout=60, check=False, cwd=tmp_path)
    assert done.returncode == 4
    assert done.stdout == ""
    assert "Traceback" not in done.stderr
    assert done.stderr.startswith(
        "error: an unexpected error stopped a11y-audit: KeyError: 'surprise'\n")
    file = crash_file(done.stderr)
    assert file.read_text(encoding="utf-8").splitlines()[0].endswith(
        ": a11y-audit checklist list")
    file.unlink()
