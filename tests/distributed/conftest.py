"""Fixtures for the distributed tests: a real Redis (one DB number per session, flushed at
the end), a real PostgreSQL database, the 24-page corpus served on 127.0.0.1, and real
worker processes. Without Redis or PostgreSQL the tests skip with the reason, and fail
under CI=true."""

from __future__ import annotations

import os
import secrets
import signal
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
import redis

from bench.serve import serve_corpus
from tests.store.conftest import in_ci, pg_database, pg_url  # noqa: F401 - fixtures

REDIS_ENV = "A11Y_AUDIT_TEST_REDIS"
REDIS_DEFAULT = "redis://127.0.0.1:6379"
VISIBILITY_S = 8
# Enough for two workers to share a crawl and for one to die in the middle; each page is
# scanned three times in test_distributed_crawl.py (local, two workers, a worker killed).
CORPUS_PAGES = 24
ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="session")
def redis_url() -> Iterator[str]:
    base = (os.environ.get(REDIS_ENV) or REDIS_DEFAULT).rstrip("/")
    try:
        client, url = _free_database(base)
    except redis.RedisError as err:
        reason = f"Redis not reachable at {base} (set {REDIS_ENV}): {err}"
        if in_ci():
            pytest.fail(f"CI must run the distributed tests: {reason}", pytrace=False)
        pytest.skip(reason)
    try:
        yield url
    finally:
        client.flushdb()
        client.close()


def _free_database(base: str) -> tuple[redis.Redis, str]:
    """An empty Redis database of 8-15, claimed for this session (others see the claim)."""
    token = secrets.token_hex(8)
    for number in sorted(range(8, 16), key=lambda _: secrets.randbelow(1000)):
        url = f"{base}/{number}"
        client = redis.Redis.from_url(url, socket_connect_timeout=3)
        if client.dbsize() == 0 and client.set("a11y:test-session", token, nx=True):
            return client, url
        client.close()
    raise redis.RedisError(f"no empty database among 8-15 at {base}")


@pytest.fixture(scope="session")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The start URL of a site of ``CORPUS_PAGES`` pages (small pages, varied barriers)."""
    with serve_corpus(tmp_path_factory.mktemp("corpus"), CORPUS_PAGES, small=True) as urls:
        yield urls[0]


StartWorker = Callable[[str], subprocess.Popen[bytes]]


@pytest.fixture
def start_worker(redis_url: str, pg_url: str,  # noqa: F811 - the fixture
                 subprocesses: None, tmp_path: Path) -> Iterator[StartWorker]:
    """Start real worker processes on this test's store; all are stopped at the end."""
    started: list[subprocess.Popen[bytes]] = []

    def start(name: str) -> subprocess.Popen[bytes]:
        log = (tmp_path / f"{name}.log").open("wb")
        process = subprocess.Popen(
            [sys.executable, "-m", "audit", "worker", "--broker", redis_url, "--db", pg_url,
             "--concurrency", "2", "--visibility-timeout", str(VISIBILITY_S),
             "--hostname", f"{name}@%h"],
            stdout=log, stderr=subprocess.STDOUT, cwd=ROOT)
        started.append(process)
        return process

    yield start
    for process in started:
        if process.poll() is None:
            process.send_signal(signal.SIGTERM)
    for process in started:
        try:
            process.wait(20)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(5)
