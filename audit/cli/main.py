"""Entry point: the ``a11y-audit`` command group and how errors become exit codes."""

from __future__ import annotations

import importlib
from typing import Any

import click

from audit import __version__
from audit.cli.exitcodes import exit_on_errors

# Each command's module (under audit.cli) and object: imported only when the command is run or
# listed, so that `a11y-audit inspect status` does not pay for the browser, the web app and the
# report's imports (a third of a start's CPU; bench/README.md).
_COMMANDS = {
    "checklist": "checklist:command", "ci": "ci:command", "crawl": "crawl:command",
    "demo": "demo:command", "diff": "scans:diff_command", "doctor": "doctor:command",
    "facility": "facility:command", "inspect": "inspect:command", "report": "report:command",
    "run": "run:command", "scan": "scan:command", "scans": "scans:scans_command",
    "schedule": "schedule:command", "serve": "serve:command", "setup": "setup:command",
    "show": "scans:show_command", "statement": "statement:command", "user": "user:command",
    "worker": "worker:command",
}


class _AuditGroup(click.Group):
    """Loads each command when it is asked for; turns library errors into one-line messages
    and the documented exit codes."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted({*_COMMANDS, *self.commands})

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        if cmd_name not in self.commands and cmd_name in _COMMANDS:
            module, name = _COMMANDS[cmd_name].split(":")
            self.add_command(getattr(importlib.import_module(f"audit.cli.{module}"), name),
                             cmd_name)
        return self.commands.get(cmd_name)

    def invoke(self, ctx: click.Context) -> Any:
        with exit_on_errors():
            return super().invoke(ctx)


@click.group(cls=_AuditGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="a11y-audit")
def cli() -> None:
    """Accessibility audits of websites (WCAG 2.2, axe-core in Chromium) and facilities."""


def main() -> None:
    cli(prog_name="a11y-audit")
