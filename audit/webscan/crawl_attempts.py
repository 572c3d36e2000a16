"""A page that breaks the crawler stops neither a crawl nor its completion.

Every visit of a frontier entry is counted in the store (so the count survives ``--resume``
and is shared by the workers of a distributed crawl). A visit that raises is logged with its
traceback (to the log, never the terminal) and its entry goes back in the queue; after
``MAX_ATTEMPTS`` the page is stored with an error instead, which marks its entry done, and the
crawl goes on. The last try's traceback is also kept in a file of the temporary folder, which
the error names: a local crawl configures no logging, and the user is asked to report it. An
entry whose visits all died with their process (a browser driver that crashed, a worker
killed) is given up the same way when it comes back once more.

A process that dies takes every page in flight in it with it, and each had its try counted:
the pages beside the one that killed it would lose a try each time, and be given up with it.
So a page whose earlier try failed or vanished is visited alone in its process
(``Isolation``): if the process dies again, that page alone loses a try. A page beside a
killing one loses at most the try of the first death, when nobody knew which page it was.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager, suppress

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


class Isolation:
    """The visits of one process: a retried page's (``alone``) waits until no other visit
    runs and keeps new ones waiting until it ends; the others run side by side."""

    def __init__(self) -> None:
        self._running = 0
        self._alone = False
        self._waiting_alone = 0  # retried visits waiting: new visits queue behind them
        self._changed = asyncio.Condition()

    @asynccontextmanager
    async def visit(self, alone: bool) -> AsyncIterator[None]:
        async with self._changed:
            if alone:
                self._waiting_alone += 1
                try:
                    await self._changed.wait_for(lambda: not self._running)
                finally:
                    self._waiting_alone -= 1
                    self._changed.notify_all()  # a visit cancelled while waiting frees others
                self._alone = True
            else:
                await self._changed.wait_for(
                    lambda: not self._alone and not self._waiting_alone)
            self._running += 1
        try:
            yield
        finally:
            async with self._changed:
                self._running -= 1
                self._alone = self._alone and not alone
                self._changed.notify_all()


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
