"""Entry point: the ``a11y-audit`` command group and how errors become exit codes."""

from __future__ import annotations

import sys

import click

from audit import __version__
from audit.cli.exitcodes import ExitCode
from audit.errors import AuditError, UsageError


class _AuditGroup(click.Group):
    """Turns library errors into one-line messages and the documented exit codes."""

    def invoke(self, ctx: click.Context):
        try:
            return super().invoke(ctx)
        except UsageError as err:
            click.echo(f"error: {err}", err=True)
            sys.exit(ExitCode.USAGE)
        except AuditError as err:
            click.echo(f"error: {err}", err=True)
            sys.exit(ExitCode.ENVIRONMENT)


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
        setup,
    )

    for module in (scan, crawl, run, ci):
        cli.add_command(module.command)
    for command in scans.COMMANDS:
        cli.add_command(command)
    for module in (report, inspect, facility, checklist, demo, doctor, setup):
        cli.add_command(module.command)


def main() -> None:
    _register()
    cli(prog_name="a11y-audit")
