"""Exit codes of ``a11y-audit``, the same for every command (documented in README.md).

Library errors become one line and their exit code. Anything else that escapes a command is a
bug of ours: the user sees one line saying so, how to report it, and the file holding the
traceback (exit code 4), never the traceback itself.
"""

import sys
from collections.abc import Iterator
from contextlib import contextmanager
from enum import IntEnum

import click

from audit.errors import AuditError, UsageError
from audit.terminal import plain
from audit.tracebacks import save_traceback


class ExitCode(IntEnum):
    OK = 0  # done; no finding over the gate
    GATE_FAILED = 1  # findings over the gate (--fail-on / --max-violations)
    USAGE = 2  # bad arguments, config or input file
    ENVIRONMENT = 3  # could not run: no browser, site unreachable, every page errored
    INTERNAL = 4  # a bug of a11y-audit: an unexpected error, reported with a hint
    INTERRUPTED = 130  # Ctrl-C: 128 + SIGINT, as shells report it; the scan can be resumed


_CLICK_OWN = (click.exceptions.ClickException, click.exceptions.Exit, click.exceptions.Abort)


@contextmanager
def exit_on_errors() -> Iterator[None]:
    """Library errors as one line and the documented exit code, also outside the main group;
    an unexpected error as a bug report hint and exit code 4."""
    try:
        yield
    except UsageError as err:
        click.echo(f"error: {plain(str(err))}", err=True)
        sys.exit(ExitCode.USAGE)
    except AuditError as err:
        click.echo(f"error: {plain(str(err))}", err=True)
        sys.exit(ExitCode.ENVIRONMENT)
    except _CLICK_OWN:
        raise
    except Exception as err:
        _report_bug(err)
        sys.exit(ExitCode.INTERNAL)


def _report_bug(err: Exception) -> None:
    first = plain((str(err).strip().splitlines() or [""])[0][:300])
    click.echo(f"error: an unexpected error stopped a11y-audit: {type(err).__name__}"
               f"{': ' + first if first else ''}", err=True)
    saved = save_traceback(err, " ".join(["a11y-audit", *sys.argv[1:]]))
    where = f" and the file {saved}" if saved else ""
    click.echo("This is a bug in a11y-audit. Please report it with the output of "
               f"`a11y-audit doctor`, the command you ran{where}", err=True)
