"""A page that breaks the crawler stops neither a crawl nor its completion.

Every visit of a frontier entry is counted in the store (so the count survives ``--resume``
and is shared by the workers of a distributed crawl). A visit that raises is logged with its
traceback (to the log, never the terminal) and its entry goes back in the queue; after
``MAX_ATTEMPTS`` the page is stored with an error instead, which marks its entry done, and the
crawl goes on. The last try's traceback is also kept in a file of the temporary folder, which
the error names: a local crawl configures no logging, and the user is asked to report it. An
entry whose visits all died with their process (a browser driver that crashed, a worker
killed) is given up the same way when it comes back once more.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable
from contextlib import suppress

from audit.errors import AuditError
from audit.model import PageResult, Viewport
from audit.store import Store
from audit.store.records import FrontierItem
from audit.tracebacks import save_traceback
from audit.webscan.scanner import BUG_HINT

log = logging.getLogger(__name__)
log.addHandler(logging.NullHandler())  # unconfigured, tracebacks stay off the terminal
MAX_ATTEMPTS = 3
VANISHED = "the process scanning it stopped"
INTERNAL_ERROR = "internal error: "  # how the error of a page a bug of ours stopped begins

Visit = Callable[[], Awaitable[tuple[PageResult, int]]]
# the user's Ctrl-C (the interrupt, or the crawl's tasks cancelled by it): no try of the page
_INTERRUPTIONS: tuple[type[BaseException], ...] = (asyncio.CancelledError, KeyboardInterrupt)


def gave_up(reason: str, details: str | None = None) -> str:
    """The error stored for a page the crawl gave up on; ``details`` names the file holding
    the last try's traceback, when there is one."""
    where = f" and the file {details}" if details else ""
    return (f"{INTERNAL_ERROR}{reason} (the crawl gave up on this page after {MAX_ATTEMPTS} "
            f"tries; {BUG_HINT}{where})")


async def visit_counted(store: Store, scan_id: int, item: FrontierItem, visit: Visit,
                        transient: tuple[type[Exception], ...] = ()
                        ) -> tuple[PageResult, int] | None:
    """Run ``visit`` for ``item`` counting the attempt: the page and its new documents; None
    when the visit failed and the entry went back in the queue for another try. Our own
    errors (``AuditError``: the store away, no browser, bad options), those of the
    ``transient`` types (the broker away) and an interruption (Ctrl-C) are no fault of the
    page: they are raised as before (the crawl stops, the task is retried) and the try is
    taken back."""
    attempts = store.count_attempt(scan_id, item.url, item.viewport)
    if attempts > MAX_ATTEMPTS:
        return _give_up(store, scan_id, item, VANISHED), 0
    expected: tuple[type[BaseException], ...] = (AuditError, *transient, *_INTERRUPTIONS)
    try:
        return await visit()
    except expected:
        with suppress(AuditError, *transient):
            store.count_attempt(scan_id, item.url, item.viewport, -1)
        raise
    except Exception as err:
        failed = (f"scan {scan_id}: visiting {item.url} ({item.viewport}) failed, "
                  f"try {attempts} of {MAX_ATTEMPTS}")
        log.error("%s", failed, exc_info=True)
        if attempts >= MAX_ATTEMPTS:
            return _give_up(store, scan_id, item, f"{type(err).__name__}: {err}",
                            save_traceback(err, failed)), 0
    store.requeue(scan_id, item.url, item.viewport)
    return None


def _give_up(store: Store, scan_id: int, item: FrontierItem, reason: str,
             details: str | None = None) -> PageResult:
    page = PageResult(url=item.url, viewport=Viewport(item.viewport),
                      error=gave_up(reason, details))
    store.save_page(scan_id, page)
    return page
