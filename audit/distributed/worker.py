"""Starting a worker: the Celery app configured from our options, a thread per page.

One worker process runs one Chromium; ``concurrency`` task threads each drive a tab of it
(like ``crawl --concurrency``). Run one worker per machine with concurrency near its core
count (see docs/sizing.md).
"""

from __future__ import annotations

from audit.distributed import tasks
from audit.distributed.app import app, configure
from audit.distributed.endpoints import QUEUE, Endpoints


def worker_argv(concurrency: int, *, loglevel: str = "INFO",
                hostname: str | None = None) -> list[str]:
    argv = ["worker", "--pool=threads", f"--concurrency={concurrency}", f"--queues={QUEUE}",
            f"--loglevel={loglevel}", "--without-gossip", "--without-mingle"]
    return argv + ([f"--hostname={hostname}"] if hostname else [])


def run_worker(endpoints: Endpoints, *, concurrency: int, loglevel: str = "INFO",
               hostname: str | None = None, browser_args: tuple[str, ...] = ()) -> None:
    """Run a worker until it is stopped (SIGTERM/Ctrl-C: warm shutdown)."""
    endpoints.redis_url  # noqa: B018 - fails now, not at the first page, without a Redis
    configure(app, endpoints)
    tasks.browser_args = browser_args
    app.worker_main(worker_argv(concurrency, loglevel=loglevel, hostname=hostname))
