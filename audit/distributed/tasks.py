"""The Celery tasks: one page (or one document) per task, and the rounds of ``a11y-audit schedule``.

``scan_page`` carries its frontier entry (scan, URL, viewport, depth, found on), which its
dispatcher marked in flight. If the worker dies, the broker delivers the message again (late
acknowledgement) and the page is scanned again; saving it replaces, never duplicates, what an
earlier attempt saved (the store's writes are keyed by scan, URL and viewport). A scan that
is no longer running (interrupted) is left alone: its entries stay in flight and
``crawl --resume`` puts them back in the queue.
"""

from __future__ import annotations

import logging
import threading
from pathlib import Path
from typing import Any

from celery.signals import worker_process_shutdown, worker_shutdown
from redis.exceptions import RedisError

from audit.clock import utc_now
from audit.distributed import frontier
from audit.distributed.app import app, endpoints_of
from audit.distributed.runtime import WorkerRuntime
from audit.errors import StoreError
from audit.model import Viewport
from audit.store.records import DocumentLink, FrontierItem, ScanStatus

log = logging.getLogger(__name__)
SCAN_PAGE = "a11y_audit.scan_page"
CHECK_DOCUMENT = "a11y_audit.check_document"

_runtime: WorkerRuntime | None = None
_runtime_lock = threading.Lock()
browser_args: tuple[str, ...] = ()  # set by ``audit.distributed.worker`` before it starts


def runtime() -> WorkerRuntime:
    """This process's runtime, started on its first task."""
    global _runtime
    with _runtime_lock:
        if _runtime is None:
            _runtime = WorkerRuntime(endpoints_of(app), browser_args)
        return _runtime


@worker_shutdown.connect
@worker_process_shutdown.connect
def _close_runtime(**_: Any) -> None:
    global _runtime
    with _runtime_lock:
        if _runtime is not None:
            _runtime.close()
            _runtime = None


@app.task(name=SCAN_PAGE, acks_late=True, reject_on_worker_lost=True,
          autoretry_for=(StoreError, RedisError), retry_backoff=True, max_retries=8)
def scan_page(scan_id: int, url: str, viewport: str, depth: int,
              found_on: str | None) -> str:
    """Scan one page of a distributed crawl, queue and dispatch what it links to."""
    worker = runtime()
    store = worker.store
    if frontier.scan_status(store, scan_id) != ScanStatus.RUNNING:
        return "skipped: the scan is not running"
    page = worker.scan_page(scan_id, FrontierItem(url, Viewport(viewport), depth, found_on))
    _go_on(worker, scan_id)
    log.info("scan %s: %s (%s) %s", scan_id, url, viewport, page.error or "ok")
    return page.error or "ok"


@app.task(name=CHECK_DOCUMENT, acks_late=True, reject_on_worker_lost=True,
          autoretry_for=(StoreError, RedisError), retry_backoff=True, max_retries=8)
def check_document(scan_id: int, url: str, found_on: str | None) -> str:
    """Check one document of a distributed crawl, as a local crawl does."""
    worker = runtime()
    if frontier.scan_status(worker.store, scan_id) != ScanStatus.RUNNING:
        return "skipped: the scan is not running"
    page = worker.check_document(scan_id, DocumentLink(url, found_on))
    _go_on(worker, scan_id)
    log.info("scan %s: document %s %s", scan_id, url, page.error or "ok")
    return page.error or "ok"


def _go_on(worker: WorkerRuntime, scan_id: int) -> None:
    """Send what the scan has queued, and finish it once nothing is left."""
    settings = worker.settings(scan_id)
    frontier.dispatch(worker.store, worker.redis, scan_id, worker.window(scan_id), send_page)
    frontier.dispatch_documents(worker.store, worker.redis, scan_id, settings, send_document)
    frontier.finish_if_complete(worker.store, scan_id, settings.documents)


def send_page(scan_id: int, item: FrontierItem) -> None:
    scan_page.apply_async((scan_id, item.url, str(item.viewport), item.depth, item.found_on))


def send_document(scan_id: int, document: DocumentLink) -> None:
    check_document.apply_async((scan_id, document.url, document.found_on))


START_ROUND = "a11y_audit.start_round"
FINISH_ROUND = "a11y_audit.finish_round"
ROUND_POLL_S = 10.0


@app.task(name=START_ROUND, bind=True, acks_late=True)
def start_round(self: Any, config: dict[str, Any], names: list[str], reports: str,
                lang: str = "zh", poll_s: float = ROUND_POLL_S) -> list[int]:
    """Queue a crawl of every target (or the named ones); report when all are done.

    Delivered again after a worker died, it does not start the round a second time."""
    from audit.config import Config
    from audit.distributed.rounds import queue_targets

    worker = runtime()
    key = f"a11y:round:{self.request.id}"
    known = worker.redis.get(key)
    if known is not None:
        scan_ids = [int(n) for n in known.decode().split(",") if n]
    else:
        parsed = Config.model_validate(config)
        targets = [parsed.target(name) for name in names] if names else None
        scan_ids = queue_targets(worker.store, worker.redis, parsed, targets)
        worker.redis.set(key, ",".join(map(str, scan_ids)), ex=90 * 86400)
    stamp = utc_now().replace("+00:00", "Z").replace(":", "")
    output = str(Path(reports) / f"round-{stamp}.html")
    finish_round.apply_async((scan_ids, output, lang, stamp, poll_s), countdown=poll_s)
    return scan_ids


@app.task(name=FINISH_ROUND, acks_late=True)
def finish_round(scan_ids: list[int], output: str, lang: str, round_name: str,
                 poll_s: float = ROUND_POLL_S) -> str:
    """Write the round's report once its scans are over; else look again in ``poll_s``."""
    from audit.distributed.rounds import round_over, write_round_report

    worker = runtime()
    if not round_over(worker.store, scan_ids):
        finish_round.apply_async((scan_ids, output, lang, round_name, poll_s),
                                 countdown=poll_s)
        return "waiting"
    path = write_round_report(worker.store, scan_ids, Path(output), lang=lang,
                              round_name=round_name)
    log.info("round %s: report %s", round_name, path)
    return str(path)
