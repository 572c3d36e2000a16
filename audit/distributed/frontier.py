"""The distributed frontier: PostgreSQL holds it, Celery carries one message per entry.

An entry moves queued → in_flight when a dispatcher claims it and sends its task, and → done
when the task saved its page. Dispatchers are the coordinator (after seeding) and every task
(after queueing the links of its page); a claim is atomic in the store, so no entry is sent
twice. At most ``window`` entries of a scan are in flight at once: messages of many sites
interleave in the queue instead of one site's pages queueing behind another's politeness limit.

Queueing (page cap) and claiming (window) of a scan run under a short Redis lock, so the page
cap and the window hold exactly with any number of workers. Documents found by the pages go the
same way, one task each, within the crawl's document cap.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager

from redis import Redis

from audit.clock import utc_now
from audit.store import Store
from audit.store.records import (
    DocumentLink,
    DocumentState,
    FrontierItem,
    FrontierState,
    ScanStatus,
)
from audit.webscan.crawl import Scope
from audit.webscan.documents import claim_within_cap
from audit.webscan.site_crawl import CrawlSettings, QueuedLink, enqueue_capped, known_urls
from audit.webscan.sitepass import judge_stored_scan

Send = Callable[[int, FrontierItem], None]
SendDocument = Callable[[int, DocumentLink], None]
_LOCK_TIMEOUT_S = 10  # held for milliseconds; a dead holder blocks no longer than this


@contextmanager
def frontier_lock(redis: Redis, scan_id: int) -> Iterator[None]:
    with redis.lock(f"a11y:scan:{scan_id}:frontier", timeout=_LOCK_TIMEOUT_S,
                    blocking_timeout=_LOCK_TIMEOUT_S * 2):
        yield


def window(settings: CrawlSettings) -> int:
    """Entries of one scan in flight at once: the host's slots, and as many waiting."""
    return max(2, 2 * settings.per_host)


def enqueue(store: Store, redis: Redis, scan_id: int, settings: CrawlSettings, scope: Scope,
            items: Iterable[QueuedLink], count_cap: bool = True) -> int:
    """Queue links in every viewport up to the page cap, counted in the store; new URLs."""
    with frontier_lock(redis, scan_id):
        known = known_urls(store, scan_id, len(settings.viewports))
        return enqueue_capped(store, scan_id, scope, settings.viewports, items, known,
                              count_cap)


def dispatch(store: Store, redis: Redis, scan_id: int, size: int, send: Send) -> int:
    """Claim queued entries up to ``size`` in flight and send a task for each; how many."""
    with frontier_lock(redis, scan_id):
        counts = store.frontier_counts(scan_id)
        room = size - counts[FrontierState.IN_FLIGHT]
        claimed = store.claim(scan_id, room) if room > 0 and counts[FrontierState.QUEUED] else []
    for item in claimed:
        send(scan_id, item)
    return len(claimed)


def dispatch_documents(store: Store, redis: Redis, scan_id: int, settings: CrawlSettings,
                       send: SendDocument) -> int:
    """Claim a queued document when none of the scan is in flight, within the crawl's
    document cap, and send its task; how many. None with ``--no-documents``. One at a time:
    a document's bytes are compared with those saved before it (the same file under two URLs
    is checked once), which two checked at once could not see of each other."""
    if not settings.documents:
        return 0
    with frontier_lock(redis, scan_id):
        room = 1 - len(store.documents(scan_id, state=DocumentState.IN_FLIGHT))
        claimed = claim_within_cap(store, scan_id, room, settings.max_documents) \
            if room > 0 else []
    for document in claimed:
        send(scan_id, document)
    return len(claimed)


def complete(store: Store, scan_id: int, documents: bool = True) -> bool:
    """Nothing queued and nothing in flight: every page found was saved, and every document
    found was checked or skipped (when the crawl checks documents)."""
    counts = store.frontier_counts(scan_id)
    if counts[FrontierState.QUEUED] or counts[FrontierState.IN_FLIGHT]:
        return False
    return not documents or not any(
        document.state in (DocumentState.QUEUED, DocumentState.IN_FLIGHT)
        for document in store.documents(scan_id))


def finish_if_complete(store: Store, scan_id: int, documents: bool = True) -> bool:
    """Mark a running scan finished once it is complete; True when it is (now) finished."""
    if not complete(store, scan_id, documents):
        return False
    if store.scan_status(scan_id) == ScanStatus.RUNNING:
        judge_stored_scan(store, scan_id)
        store.finish_scan(scan_id, finished_at=utc_now())
    return True
