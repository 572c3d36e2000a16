"""Fixtures shared by every test folder, and the markers that sort tests into tiers.

A test's markers come from the fixtures it uses, directly or through other fixtures (see
``NEEDS``): a test that asks for ``chromium`` is a ``browser`` test, one that asks for
``pg_database`` or ``redis_url`` a ``services`` test, and so on. ``make test-fast`` leaves out
browser, services and subprocess tests; in such a run a test that starts a program anyway fails
and says which fixture to ask for, so the fast tier stays fast and honest.
"""

from __future__ import annotations

import os
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import settings

from audit.errors import BrowserNotFound
from audit.webscan.browser import find_browser
from audit.webscan.scanner import ScanOptions
from tests.support import durations
from tests.support.own_scan import OWN_CHECKS, SharedScanner

# marker -> the fixtures that imply it (a marker's fixtures may be defined in any conftest).
NEEDS: dict[str, frozenset[str]] = {
    "browser": frozenset({"chromium", "browser"}),
    "services": frozenset({"pg_database", "redis_url"}),
    "subprocess": frozenset({"subprocesses"}),
    "server": frozenset({"server", "site", "bare", "cli_site", "check_site", "corpus"}),
}
# Parameter values that open a service through ``request.getfixturevalue`` (store backends).
SERVICE_PARAMS = frozenset({"postgresql"})
FAST_TIER_EXCLUDES = ("browser", "services", "subprocess")

# Property tests: no time limit per example (a busy machine is not a failure; speed is measured
# in bench/), and a failing example is printed so that it can be replayed with @example.
settings.register_profile("a11y-audit", deadline=None, print_blob=True)
settings.load_profile("a11y-audit")


@pytest.hookimpl(tryfirst=True)  # before ``-m`` deselects by marker
def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Markers from fixtures; then the slowest files first (tests/durations.json), each file's
    tests in their order: with ``--dist loadfile --no-loadscope-reorder`` the workers take the
    long files at the start and the short ones fill the end, instead of one worker finishing a
    long file alone."""
    for item in items:
        for marker in needs_of(item):
            item.add_marker(marker)
    seconds = durations.load()
    items.sort(key=lambda item: -seconds.get(item.nodeid.split("::", 1)[0], 0.0))


def needs_of(item: pytest.Item) -> set[str]:
    """The markers ``item`` earns by its fixtures and parameters."""
    used = set(getattr(item, "fixturenames", ()))
    found = {marker for marker, fixtures in NEEDS.items() if used & fixtures}
    params = getattr(getattr(item, "callspec", None), "params", {})
    if any(isinstance(value, str) and value in SERVICE_PARAMS for value in params.values()):
        found.add("services")
    return found


def fast_tier(config: pytest.Config) -> bool:
    """A run that leaves browser tests out (``make test-fast``, ``-m "not browser"``)."""
    return "not browser" in (config.getoption("markexpr") or "")


@pytest.fixture(autouse=True)
def _fast_tier_starts_no_programs(request: pytest.FixtureRequest,
                                  monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """In the fast tier, a test not marked ``browser`` or ``subprocess`` that starts a program
    (Chromium, chromedriver, Playwright's driver, ``python -m audit``) fails, naming it."""
    marked = {mark.name for mark in request.node.iter_markers()}
    if not fast_tier(request.config) or marked & set(FAST_TIER_EXCLUDES):
        yield
        return
    started: list[str] = []
    execute = subprocess.Popen._execute_child  # type: ignore[attr-defined]

    def refuse(self: subprocess.Popen, args: object, *rest: object, **kwargs: object) -> None:
        started.append(" ".join(map(str, args)) if isinstance(args, list | tuple) else str(args))
        raise OSError(f"the fast tier starts no programs: {started[-1]}")

    monkeypatch.setattr(subprocess.Popen, "_execute_child", refuse)
    yield
    monkeypatch.setattr(subprocess.Popen, "_execute_child", execute)
    if started:
        pytest.fail(f"started {started[0]!r} in the fast tier: ask for the `chromium` fixture "
                    "(a browser) or `subprocesses` (programs of its own)", pytrace=False)


@pytest.fixture(scope="session")
def chromium() -> None:
    """Fail (under CI) or skip (locally) when no Chromium is installed."""
    try:
        find_browser()
    except BrowserNotFound as err:
        if os.environ.get("CI"):
            pytest.fail(f"CI must have a browser: {err}")
        pytest.skip(str(err))


@pytest.fixture(scope="session")
def own_scanner(chromium: None) -> Iterator[SharedScanner]:
    """Our own scanner over our own pages (the field app, the dashboard, the report): one
    browser for every such scan of the process (each scan still a run of its own, in fresh
    tabs), so a file does not pay for a launch of its own. The checks are ``OWN_CHECKS``."""
    with SharedScanner(ScanOptions(concurrency=2, timeout_s=60, checks=OWN_CHECKS)) as scanner:
        yield scanner


@pytest.fixture(scope="session")
def subprocesses() -> None:
    """Says that a test starts programs of its own (the command line as a user runs it,
    workers): it is left out of ``make test-fast``."""


@pytest.fixture(autouse=True)
def _store_outside_the_checkout(tmp_path_factory, monkeypatch):
    """Commands that store by default write to a temporary database, never the checkout."""
    if "A11Y_AUDIT_DB" not in os.environ:
        monkeypatch.setenv("A11Y_AUDIT_DB", str(tmp_path_factory.mktemp("db") / "a11y.db"))


@pytest.fixture(scope="session")
def repo_root() -> Path:
    return Path(__file__).resolve().parent.parent
