"""Fixtures for the distributed tests: a real Redis (one DB number per session, flushed at
the end), a real PostgreSQL database, the 16-page corpus served on 127.0.0.1, and real
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
from tests.store.conftest import (  # noqa: F401 - fixtures
    in_ci,
    pg_database,
    pg_url,
    schema_url,
)

REDIS_ENV = "A11Y_AUDIT_TEST_REDIS"
REDIS_DEFAULT = "redis://127.0.0.1:6379"
VISIBILITY_S = 8
LONG_VISIBILITY_S = 600  # workers no test kills
# Enough for two workers to share a crawl (each takes several pages) and for one to die in
# the middle (a quarter done, a dozen to go); each page is scanned three times in
# test_distributed_crawl.py (local, two workers, a worker killed), so no more than that.
CORPUS_PAGES = 16
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


class Workers:
    """Real worker processes on one store and broker, each logging to ``<logs>/<name>.log``."""

    def __init__(self, redis_url: str, db: str, logs: Path,
                 visibility_s: float = VISIBILITY_S) -> None:
        self.db = db
        self._visibility_s = visibility_s
        self._redis_url = redis_url
        self._logs = logs
        self.processes: dict[str, subprocess.Popen[bytes]] = {}

    def start(self, name: str, *, fault: tuple[str, str] | None = None,
              concurrency: int = 2) -> subprocess.Popen[bytes]:
        """Start worker ``name``; it is still booting when this returns. ``fault``: (how,
        path) of ``tests.distributed.faulty_worker``, a bug of ours on that page."""
        log = self.log_path(name).open("ab")
        program = ["tests.distributed.faulty_worker", *fault] if fault else ["audit"]
        process = subprocess.Popen(
            [sys.executable, "-m", *program, "worker", "--broker", self._redis_url, "--db",
             self.db, "--concurrency", str(concurrency), "--visibility-timeout",
             str(self._visibility_s), "--hostname", f"{name}@%h"],
            stdout=log, stderr=subprocess.STDOUT, cwd=ROOT)
        self.processes[name] = process
        return process

    def log_path(self, name: str) -> Path:
        return self._logs / f"{name}.log"

    def stop(self) -> None:
        """SIGTERM to every worker still running (a warm shutdown), then wait for each."""
        for process in self.processes.values():
            if process.poll() is None:
                process.send_signal(signal.SIGTERM)
        for process in self.processes.values():
            try:
                process.wait(20)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait(5)


@pytest.fixture
def start_worker(redis_url: str, pg_url: str,  # noqa: F811 - the fixture
                 subprocesses: None, tmp_path: Path) -> Iterator[StartWorker]:
    """Start real worker processes on this test's store; all are stopped at the end. None is
    killed, so no task needs to come back soon: a short visibility timeout had Redis hand a
    task still running (a page scan of 18 s at load 22) to a worker again, and the doubled
    work kept the round from finishing in time."""
    workers = Workers(redis_url, pg_url, tmp_path, visibility_s=LONG_VISIBILITY_S)
    yield workers.start
    workers.stop()


@pytest.fixture(scope="module")
def module_workers(redis_url: str, pg_database: str,  # noqa: F811 - the fixture
                   subprocesses: None, tmp_path_factory: pytest.TempPathFactory,
                   ) -> Iterator[Workers]:
    """Workers shared by a module's tests, on a store of the module's own: a worker costs
    seconds to boot (Python, Celery, Chromium), so a module starts each of its workers once.
    The tests see one store, so they name their scans by the ids they get."""
    workers = Workers(redis_url, schema_url(pg_database), tmp_path_factory.mktemp("workers"))
    yield workers
    workers.stop()
