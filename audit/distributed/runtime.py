"""What one worker process keeps for its lifetime: one browser, one event loop, the store.

Celery runs tasks in threads (``--pool threads``, one per page in progress); the browser and
its tabs live on one asyncio loop in a thread of their own, and each task hands its page to
that loop. So a worker is one Chromium with a tab per task thread, like a local crawl.
Per scan the process keeps its settings, robots.txt rules, login session and a ``PageWorker``
(tabs) per task thread, for the few scans it worked on last.
"""

from __future__ import annotations

import asyncio
import threading
from collections import OrderedDict
from collections.abc import Coroutine, Iterable
from dataclasses import dataclass, field, replace
from functools import partial
from typing import Any, TypeVar

from redis import Redis
from redis.exceptions import RedisError

from audit.distributed import frontier
from audit.distributed.endpoints import Endpoints
from audit.distributed.politeness import RedisHostLimiter
from audit.model import PageResult
from audit.store import Store, open_store
from audit.store.records import DocumentLink, FrontierItem
from audit.webscan.axe import AxeScript, load_axe
from audit.webscan.crawl import RobotsCache
from audit.webscan.crawl_attempts import visit_counted
from audit.webscan.documents import check_and_save
from audit.webscan.scanner import BrowserSession, PageWorker, ScanOptions
from audit.webscan.site_crawl import (
    CrawlSettings,
    QueuedLink,
    SiteVisit,
    crawl_scope,
    incremental_round,
    log_in_session,
    resumed_options,
)

T = TypeVar("T")
_KEEP_SCANS = 4


@dataclass
class _Scan:
    visit: SiteVisit
    window: int
    workers: dict[int, PageWorker] = field(default_factory=dict)  # by task thread


class WorkerRuntime:
    def __init__(self, endpoints: Endpoints, browser_args: tuple[str, ...] = ()) -> None:
        self.endpoints = endpoints
        self.store: Store = open_store(endpoints.db)
        self.redis = Redis.from_url(endpoints.redis_url)
        self._browser_args = browser_args
        self._loop = asyncio.new_event_loop()
        self._thread = threading.Thread(target=self._loop.run_forever, name="a11y-browser",
                                        daemon=True)
        self._thread.start()
        self._lock = threading.Lock()
        self._session: BrowserSession | None = None
        self._axe: AxeScript | None = None
        self._scans: OrderedDict[int, _Scan] = OrderedDict()

    def run(self, coroutine: Coroutine[Any, Any, T]) -> T:
        """Run ``coroutine`` on the browser's loop and wait for it (from a task thread)."""
        return asyncio.run_coroutine_threadsafe(coroutine, self._loop).result()

    def scan_page(self, scan_id: int, item: FrontierItem) -> PageResult | None:
        """Scan one frontier entry of ``scan_id``, queue its links and save it; None when the
        visit failed and the entry went back in the queue (``crawl_attempts``)."""
        scan = self._scan(scan_id)
        worker = self._worker(scan)
        visited = self.run(visit_counted(self.store, scan_id, item,
                                         partial(scan.visit.visit, worker, item),
                                         (RedisError,)))
        return visited[0] if visited is not None else None

    def check_document(self, scan_id: int, document: DocumentLink) -> PageResult:
        """Check one claimed document of ``scan_id`` and save it."""
        visit = self._scan(scan_id).visit
        return self.run(check_and_save(self.store, scan_id, document,
                                       visit.settings.document_options(), visit.limiter,
                                       visit.robots))

    def window(self, scan_id: int) -> int:
        return self._scan(scan_id).window

    def settings(self, scan_id: int) -> CrawlSettings:
        return self._scan(scan_id).visit.settings

    def close(self) -> None:
        with self._lock:
            scans, self._scans = list(self._scans.values()), OrderedDict()
            for scan in scans:
                self.run(_close_workers(scan))
            if self._session is not None:
                self.run(self._session.close())
                self._session = None
        self._loop.call_soon_threadsafe(self._loop.stop)
        self._thread.join(10)
        self.store.close()
        self.redis.close()

    def _scan(self, scan_id: int) -> _Scan:
        with self._lock:
            if scan_id in self._scans:
                self._scans.move_to_end(scan_id)
                return self._scans[scan_id]
            scan = self._open_scan(scan_id)
            self._scans[scan_id] = scan
            while len(self._scans) > _KEEP_SCANS:
                _, old = self._scans.popitem(last=False)
                self.run(_close_workers(old))
            return scan

    def _open_scan(self, scan_id: int) -> _Scan:
        stored = self.store.scan(scan_id).options or {}
        settings = CrawlSettings.from_json(stored["crawl"])
        options = resumed_options(self.store, scan_id, ScanOptions(concurrency=1))
        options = replace(options, browser_args=self._browser_args)
        session = self._browser(options)
        self.store.update_scan_versions(scan_id, browser_version=session.version)
        if settings.login or settings.headers:
            options = replace(options,
                              session=self.run(log_in_session(session, settings, options)))
        scope = crawl_scope(settings)
        limiter = RedisHostLimiter(self.redis, settings.per_host, settings.delay_s)
        robots = RobotsCache(ignore_robots=not settings.respect_robots, limiter=limiter)
        self.run(robots.load_all(scope.start_urls))

        def enqueue(items: Iterable[QueuedLink], count_cap: bool) -> None:
            frontier.enqueue(self.store, self.redis, scan_id, settings, scope, items, count_cap)

        visit = SiteVisit(self.store, scan_id, settings, options, scope, limiter, robots,
                          enqueue, incremental_round(self.store, scan_id, settings, options,
                                                     limiter))
        return _Scan(visit, frontier.window(settings))

    def _browser(self, options: ScanOptions) -> BrowserSession:
        if self._session is None:
            session = BrowserSession(options)
            self.run(session.start())
            self._session = session
        return self._session

    def _worker(self, scan: _Scan) -> PageWorker:
        thread = threading.get_ident()
        with self._lock:
            if thread not in scan.workers:
                assert self._session is not None
                if self._axe is None:
                    self._axe = load_axe(scan.visit.options.axe_script)
                scan.workers[thread] = PageWorker(self._session, self._axe, scan.visit.options)
            return scan.workers[thread]

    @property
    def browser_version(self) -> str | None:
        return self._session.version if self._session else None

    @property
    def axe_version(self) -> str:
        return (self._axe or load_axe(None)).version


async def _close_workers(scan: _Scan) -> None:
    for worker in scan.workers.values():
        await worker.close()
