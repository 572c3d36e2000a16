"""Shared by the hostile suite: one hostile fixture server for the whole session, and the
command line run in-process with the guarantee that no hostile input ever prints a traceback."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from click.testing import CliRunner, Result
from playwright.sync_api import Browser, sync_playwright

from audit.cli.main import cli
from audit.webscan.browser import find_browser, launch_flags
from tests.fieldapp.conftest import (  # noqa: F401 - the field app's own, for test_fieldapp
    _cheap_password_hashes,
    catalogue,
    field_store,
    server,
)
from tests.hostile.server import HostileSite


@pytest.fixture(scope="session")
def hostile() -> Iterator[HostileSite]:
    with HostileSite() as site:
        yield site


@pytest.fixture(scope="module")
def browser(chromium) -> Iterator[Browser]:
    """One Chromium per module for the tests that look at what we render."""
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=str(find_browser().path),
                                              args=launch_flags())
        yield launched
        launched.close()


def a11y(*args: str, input: str | None = None) -> Result:
    """``a11y-audit ARGS`` in-process. Whatever the input, nothing escapes the command line's
    top level and no output shows a Python traceback."""
    result = CliRunner().invoke(cli, list(args), input=input, prog_name="a11y-audit")
    assert "Traceback" not in result.output, result.output
    assert result.exception is None or isinstance(result.exception, SystemExit), \
        f"{type(result.exception).__name__} escaped: {result.exception}"
    return result
