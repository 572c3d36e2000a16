"""The Celery tasks of a distributed crawl: one page or one document per task (rounds:
``round_tasks``).

``scan_page`` carries its frontier entry (scan, URL, viewport, depth, found on), which its
dispatcher marked in flight. If the worker dies, the broker delivers the message again (late
acknowledgement) and the page is scanned again; saving it replaces, never duplicates, what an
earlier attempt saved (the store's writes are keyed by scan, URL and viewport). A page whose
task raised or killed its worker three times is saved with an error (``crawl_attempts``), so
the crawl completes. A scan that
is no longer running (interrupted) is left alone: its entries stay in flight and
``crawl --resume`` puts them back in the queue.
"""

from __future__ import annotations

import logging
import threading
from typing import Any

from celery.signals import worker_process_shutdown, worker_shutdown
from redis.exceptions import RedisError

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
    if store.scan_status(scan_id) != ScanStatus.RUNNING:
        return "skipped: the scan is not running"
    page = worker.scan_page(scan_id, FrontierItem(url, Viewport(viewport), depth, found_on))
    _go_on(worker, scan_id)
    outcome = "failed, queued again" if page is None else page.error or "ok"
    log.info("scan %s: %s (%s) %s", scan_id, url, viewport, outcome)
    return outcome


@app.task(name=CHECK_DOCUMENT, acks_late=True, reject_on_worker_lost=True,
          autoretry_for=(StoreError, RedisError), retry_backoff=True, max_retries=8)
def check_document(scan_id: int, url: str, found_on: str | None) -> str:
    """Check one document of a distributed crawl, as a local crawl does."""
    worker = runtime()
    if worker.store.scan_status(scan_id) != ScanStatus.RUNNING:
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
