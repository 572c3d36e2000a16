"""The coordinating side of a distributed crawl: create the scan, seed its frontier, send the
first tasks, then (unless told not to wait) follow it until it is complete.

The coordinator scans nothing and holds counters only. Workers dispatch the pages they find
and finish the scan when its frontier is empty, so a crawl started with ``--no-wait`` completes
on its own. While following, the coordinator also repairs what no worker can see: entries
queued with nothing in flight (a dispatcher died between queueing and sending) are dispatched,
and when nothing moved for ``stall_s`` (longer than the broker's redelivery), entries left in
flight are queued again and sent anew — at worst a page is scanned twice, and stored once.
"""

from __future__ import annotations

import asyncio
import time
from collections import Counter
from collections.abc import Callable, Sequence

from redis import Redis

from audit.distributed import frontier
from audit.distributed.politeness import RedisHostLimiter
from audit.distributed.tasks import send_document, send_page
from audit.store import Store
from audit.store.records import DocumentState, FrontierState, ScanStatus
from audit.webscan.axe import load_axe
from audit.webscan.crawl import RobotsCache
from audit.webscan.scanner import ScanOptions
from audit.webscan.site_crawl import (
    CrawlProgress,
    CrawlSettings,
    begin_crawl,
    crawl_scope,
    stored_settings,
)

FollowCallback = Callable[[list[CrawlProgress]], None]


def start_crawl(store: Store, redis: Redis, settings: CrawlSettings, options: ScanOptions, *,
                target: str | None = None) -> int:
    """Record the crawl, seed its frontier like a local crawl, send the first tasks."""
    scan_id = asyncio.run(_seed(store, redis, settings, options, target))
    frontier.dispatch(store, redis, scan_id, frontier.window(settings), send_page)
    frontier.dispatch_documents(store, redis, scan_id, settings, send_document)
    return scan_id


def resume_crawl(store: Store, redis: Redis, scan_id: int) -> int:
    """Continue an interrupted crawl: in-flight entries back in the queue, then send."""
    store.resume_scan(scan_id)
    frontier.dispatch(store, redis, scan_id, _window(store, scan_id), send_page)
    frontier.dispatch_documents(store, redis, scan_id, stored_settings(store, scan_id),
                                send_document)
    return scan_id


def follow(store: Store, redis: Redis, scan_ids: Sequence[int], *, poll_s: float = 1.0,
           stall_s: float = 900.0, on_progress: FollowCallback | None = None) -> None:
    """Wait until every scan is finished (or no longer running), repairing stalls."""
    watches = {scan_id: _Watch(store, scan_id) for scan_id in scan_ids}
    while watches:
        for scan_id, watch in list(watches.items()):
            if watch.check(redis, stall_s):
                del watches[scan_id]
        if on_progress is not None:
            on_progress([watch.progress for watch in watches.values()])
        if watches:
            time.sleep(poll_s)


class _Watch:
    def __init__(self, store: Store, scan_id: int) -> None:
        self._store = store
        self._scan_id = scan_id
        self._settings = stored_settings(store, scan_id)
        self._window = frontier.window(self._settings)
        self._last: tuple[dict[FrontierState, int], Counter[DocumentState]] | None = None
        self._changed = time.monotonic()
        self._done_before = store.frontier_counts(scan_id)[FrontierState.DONE]
        self.progress = CrawlProgress(scan_id=scan_id)

    def check(self, redis: Redis, stall_s: float) -> bool:
        """One look at the scan; True once it is over."""
        store, scan_id = self._store, self._scan_id
        if frontier.finish_if_complete(store, scan_id, self._settings.documents):
            return True
        if store.scan_status(scan_id) != ScanStatus.RUNNING:
            return True  # interrupted by someone else
        counts = store.frontier_counts(scan_id)
        self._update(counts)
        moved = (counts, self._documents())
        if moved != self._last:
            self._last, self._changed = moved, time.monotonic()
        elif time.monotonic() - self._changed > stall_s:
            store.requeue_in_flight(scan_id)
            store.set_document_state(scan_id, DocumentState.QUEUED,
                                     where_state=DocumentState.IN_FLIGHT)
            self._changed = time.monotonic()
        if counts[FrontierState.IN_FLIGHT] < self._window:
            frontier.dispatch(store, redis, scan_id, self._window, send_page)
        frontier.dispatch_documents(store, redis, scan_id, self._settings, send_document)
        return False

    def _documents(self) -> Counter[DocumentState]:
        return Counter(document.state for document in self._store.documents(self._scan_id))

    def _update(self, counts: dict[FrontierState, int]) -> None:
        self.progress.done = counts[FrontierState.DONE]
        self.progress.queued = counts[FrontierState.QUEUED]
        self.progress.in_flight = counts[FrontierState.IN_FLIGHT]
        self.progress.scanned_now = self.progress.done - self._done_before


async def _seed(store: Store, redis: Redis, settings: CrawlSettings, options: ScanOptions,
                target: str | None) -> int:
    limiter = RedisHostLimiter(redis, settings.per_host, settings.delay_s)
    robots = RobotsCache(ignore_robots=not settings.respect_robots, limiter=limiter)
    return await begin_crawl(store, settings, options, crawl_scope(settings), limiter, robots,
                             axe_version=load_axe(options.axe_script).version,
                             browser_version=None, target=target)


def _window(store: Store, scan_id: int) -> int:
    return frontier.window(stored_settings(store, scan_id))

