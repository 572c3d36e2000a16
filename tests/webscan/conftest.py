from __future__ import annotations

import socket
import subprocess
import time
from collections.abc import Callable, Iterator
from contextlib import ExitStack
from pathlib import Path

import pytest

from audit.webscan.browser import find_chromedriver
from audit.webscan.scanner import ScanOptions
from tests.support.own_scan import SharedScanner
from tests.support.site import FixtureSite

PAGES = Path(__file__).parent / "pages"


@pytest.fixture(scope="session")
def site(chromium) -> FixtureSite:
    with FixtureSite(PAGES) as running:
        yield running


class EngineScanners(dict[str, SharedScanner]):
    """One scanner per engine, started when a test first asks for it, for every scanner and
    check test of the process: a browser launch costs seconds on a busy machine, more than
    many of the scans. Each ``scan`` is still a run of its own (fresh tabs, its own judging).
    Tests about the launch itself, or that change the browser (its arguments, a crash), call
    ``scan`` and get a browser of their own."""

    def __init__(self, stack: ExitStack) -> None:
        super().__init__()
        self._stack = stack

    def __missing__(self, engine: str) -> SharedScanner:
        self[engine] = self._stack.enter_context(SharedScanner(ScanOptions(engine=engine)))
        return self[engine]


@pytest.fixture(scope="session")
def scanners(chromium) -> Iterator[EngineScanners]:
    with ExitStack() as stack:
        yield EngineScanners(stack)


@pytest.fixture(scope="session")
def shared_crawl(scanners) -> Callable[..., int]:
    """``crawl(store, settings, options, **kwargs)`` in the process's Playwright browser: a
    crawl of its own without a launch of its own. A crawl about the launch, or whose pages may
    leave the browser unusable (stuck scripts, crashes), calls ``crawl``."""
    return scanners["playwright"].crawl


@pytest.fixture
def remote_url(chromium) -> Iterator[str]:
    """A local chromedriver standing in as a Selenium Grid: its address."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    server = subprocess.Popen([str(find_chromedriver()), f"--port={port}"],
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            break
        except OSError:
            time.sleep(0.1)
    yield f"http://127.0.0.1:{port}"
    server.terminate()
    server.wait(10)
