"""Exit codes of ``a11y-audit``, the same for every command (documented in README.md)."""

import sys
from collections.abc import Iterator
from contextlib import contextmanager
from enum import IntEnum

import click

from audit.errors import AuditError, UsageError


class ExitCode(IntEnum):
    OK = 0  # done; no finding over the gate
    GATE_FAILED = 1  # findings over the gate (--fail-on / --max-violations)
    USAGE = 2  # bad arguments, config or input file
    ENVIRONMENT = 3  # could not run: no browser, site unreachable, every page errored
    INTERRUPTED = 130  # Ctrl-C: 128 + SIGINT, as shells report it; the scan can be resumed


@contextmanager
def exit_on_errors() -> Iterator[None]:
    """Library errors as one line and the documented exit code, also outside the main group."""
    try:
        yield
    except UsageError as err:
        click.echo(f"error: {err}", err=True)
        sys.exit(ExitCode.USAGE)
    except AuditError as err:
        click.echo(f"error: {err}", err=True)
        sys.exit(ExitCode.ENVIRONMENT)
