"""Entry point: the ``a11y-audit`` command group and how errors become exit codes."""

from __future__ import annotations

from typing import Any

import click

from audit import __version__
from audit.cli.exitcodes import exit_on_errors


class _AuditGroup(click.Group):
    """Turns library errors into one-line messages and the documented exit codes."""

    def invoke(self, ctx: click.Context) -> Any:
        with exit_on_errors():
            return super().invoke(ctx)


@click.group(cls=_AuditGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="a11y-audit")
def cli() -> None:
    """Accessibility audits of websites (WCAG 2.2, axe-core in Chromium) and facilities."""


def _register() -> None:
    from audit.cli import (
        checklist,
        ci,
        crawl,
        demo,
        doctor,
        facility,
        inspect,
        report,
        run,
        scan,
        scans,
        schedule,
        serve,
        setup,
        statement,
        user,
        worker,
    )

    for module in (scan, crawl, run, ci):
        cli.add_command(module.command)
    for command in scans.COMMANDS:
        cli.add_command(command)
    for module in (worker, schedule, report, statement, inspect, facility, serve, user,
                   checklist, demo, doctor, setup):
        cli.add_command(module.command)


def main() -> None:
    _register()
    cli(prog_name="a11y-audit")
