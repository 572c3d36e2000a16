from __future__ import annotations

import socket
from pathlib import Path

import pytest

from tests.webscan.crawl.server import CrawlSite

SITE = Path(__file__).parent / "site"


@pytest.fixture
def site():
    """The fixture site, fresh per test (answers set by one test do not leak). Shadows the
    ``site`` of tests/webscan/conftest.py for the tests in this folder."""
    with CrawlSite(SITE) as running:
        yield running


@pytest.fixture
def bare():
    """A server with no files: every path 404 unless a test sets an answer."""
    with CrawlSite() as running:
        yield running


@pytest.fixture
def closed_port() -> int:
    """A local port nothing listens on (connection refused)."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]
