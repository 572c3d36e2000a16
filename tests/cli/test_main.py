"""The command group: every command is there, each loaded only when it is asked for."""

from __future__ import annotations

import subprocess
import sys

import click

from audit.cli.main import cli

COMMANDS = ["checklist", "ci", "crawl", "demo", "diff", "doctor", "facility", "inspect",
            "report", "run", "scan", "scans", "schedule", "serve", "setup", "show",
            "statement", "user", "worker"]


def test_every_command_is_listed_and_loads_under_its_own_name():
    ctx = click.Context(cli)
    assert cli.list_commands(ctx) == COMMANDS
    assert [cli.get_command(ctx, name).name for name in COMMANDS] == COMMANDS
    assert cli.get_command(ctx, "no-such-command") is None


def test_a_command_line_start_imports_only_the_command_it_runs(subprocesses):
    """`a11y-audit serve` does not pay for the scanner, the report and the browser drivers
    (every command was imported at each start: 1.22 s of CPU for `serve --help`, 0.50 s now)."""
    heavy = ("audit.webscan", "audit.report", "audit.cli.scan", "audit.cli.inspect", "jinja2",
             "numpy", "playwright", "selenium")
    code = ("import sys\nfrom audit.cli.main import cli\n"
            "cli(['serve', '--help'], standalone_mode=False)\n"
            f"print(sorted(set({heavy!r}) & set(sys.modules)))")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          timeout=120, check=True)
    assert done.stdout.splitlines()[-1] == "[]"
