"""Shared by the hostile suite: one hostile fixture server for the whole session, and the
command line run in-process with the guarantee that no hostile input ever prints a traceback."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from click.testing import CliRunner, Result

from audit.cli.main import _register, cli
from tests.hostile.server import HostileSite


@pytest.fixture(scope="session")
def hostile() -> Iterator[HostileSite]:
    with HostileSite() as site:
        yield site


def a11y(*args: str, input: str | None = None) -> Result:
    """``a11y-audit ARGS`` in-process. Whatever the input, nothing escapes the command line's
    top level and no output shows a Python traceback."""
    _register()
    result = CliRunner().invoke(cli, list(args), input=input, prog_name="a11y-audit")
    assert "Traceback" not in result.output, result.output
    assert result.exception is None or isinstance(result.exception, SystemExit), \
        f"{type(result.exception).__name__} escaped: {result.exception}"
    return result
