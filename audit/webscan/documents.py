"""Checking the documents a scan or a crawl meets (PDF, Word, Excel ...): fetch each one
politely and within the size cap, check it in the sandbox (``audit.documents``), keep the
result like a page's. A crawl checks each document once: by URL (the store's queue) and by
content (the same bytes under another URL are recorded as a duplicate of the first).

A document that cannot be fetched or read is a result with the reason, never a lost one.
"""

from __future__ import annotations

import asyncio
import tempfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from audit.documents import Limits, check_file, failed, sha256_of
from audit.model import DocumentInfo, DocumentStatus, Note, NoteCode, PageResult, Viewport
from audit.store import Store
from audit.store.records import DocumentLink, DocumentState
from audit.webscan.crawl.fetch import download
from audit.webscan.crawl.filetypes import extension
from audit.webscan.crawl.politeness import HostLimiter
from audit.webscan.crawl.robots import RobotsCache

_IDLE_WAIT_S = 0.2
DocumentCallback = Callable[[PageResult], None]


@dataclass(frozen=True)
class DocumentOptions:
    max_mb: float = 50.0  # larger documents are not downloaded (--max-document-mb)
    max_documents: int = 500  # a crawl checks at most this many (--max-documents)
    timeout_s: float = 60.0  # to download one document
    limits: Limits = field(default_factory=Limits)

    @property
    def max_bytes(self) -> int:
        return int(self.max_mb * 1024 * 1024)


async def fetch_and_check(url: str, options: DocumentOptions, *,
                          limiter: HostLimiter | None = None, robots: RobotsCache | None = None,
                          found_on: str | None = None,
                          same_bytes: Callable[[str], str | None] | None = None) -> PageResult:
    """Download ``url`` (asking ``robots`` first when given) and check it. ``same_bytes``
    names an already checked document with the given SHA-256, if there is one."""
    if robots is not None and not await robots.check(url):
        return not_checked(url, "robots.txt does not allow fetching it", found_on=found_on)
    with tempfile.TemporaryDirectory(prefix="a11y-audit-document-") as folder:
        path = Path(folder) / "document"
        got = await download(url, path, max_bytes=options.max_bytes,
                             timeout_s=options.timeout_s, limiter=limiter)
        if got.error or got.too_big:
            reason = got.error or (f"it is larger than {options.max_mb:g} MB "
                                   "(--max-document-mb); not downloaded")
            return not_checked(url, reason, found_on=found_on, status=got.status,
                               final_url=got.final_url, media_type=got.media_type)
        known = same_bytes(sha256_of(path)) if same_bytes is not None else None
        if known is not None:
            return _duplicate(url, path, known, found_on, got.status, got.media_type)
        return await asyncio.to_thread(
            check_file, path, url, limits=options.limits, name=_name(got.final_url),
            status=got.status, final_url=got.final_url, media_type=got.media_type,
            found_on=found_on)


async def check_local(path: Path, options: DocumentOptions) -> PageResult:
    """Check a document on this machine (``scan ./downloads/*.pdf``)."""
    if not path.is_file():
        return not_checked(str(path), "no such file")
    return await asyncio.to_thread(check_file, path, str(path), limits=options.limits)


def not_checked(url: str, reason: str, *, found_on: str | None = None,
                status: int | None = None, final_url: str | None = None,
                media_type: str | None = None) -> PageResult:
    """The result of a document that was never read, and why."""
    info = DocumentInfo(format=extension(url).lstrip(".") or "unknown",
                        status=DocumentStatus.FAILED, media_type=media_type, found_on=found_on)
    return failed(PageResult(url=url, viewport=Viewport.DOCUMENT, status=status,
                             final_url=final_url, document=info), reason)


class DocumentChecker:
    """One of a crawl's document checkers: claims documents from the store until the pages are
    done and none is left, and stops checking (the rest: skipped) at the cap."""

    def __init__(self, store: Store, scan_id: int, options: DocumentOptions,
                 limiter: HostLimiter, robots: RobotsCache, counter: list[int],
                 on_result: DocumentCallback | None = None) -> None:
        self._store = store
        self._scan_id = scan_id
        self._options = options
        self._limiter = limiter
        self._robots = robots
        self._counter = counter  # documents taken, shared by the checkers of one crawl
        self._on_result = on_result

    async def work(self, pages_done: asyncio.Event, found: asyncio.Event) -> None:
        """Claim and check documents until the pages are done and none is left. While none
        is queued it waits until the crawl finds some (``found``, also set when the pages are
        done) instead of reading the store every 0.2 s: on a loaded machine those reads were
        a fifth of the coordinator's CPU (bench/README.md). Once the pages are done it only
        reads (a claim is a write transaction), every 0.2 s while others still check."""
        while True:
            found.clear()
            claimed = claim_within_cap(self._store, self._scan_id, 1, self._options.max_documents,
                                       taken=self._counter[0]) if self._queued() else []
            if not claimed:
                if not pages_done.is_set():
                    await found.wait()
                    continue
                if not self._left():
                    return
                await asyncio.sleep(_IDLE_WAIT_S)
                continue
            self._counter[0] += 1
            page = await check_and_save(self._store, self._scan_id, claimed[0], self._options,
                                        self._limiter, self._robots)
            if self._on_result is not None:
                self._on_result(page)

    def _left(self) -> bool:
        """Whether queued documents remain that this crawl may still check."""
        return self._counter[0] < self._options.max_documents and self._queued()

    def _queued(self) -> bool:
        return bool(self._store.documents(self._scan_id, state=DocumentState.QUEUED, limit=1))


def claim_within_cap(store: Store, scan_id: int, n: int, max_documents: int, *,
                     taken: int | None = None) -> list[DocumentLink]:
    """Claim up to ``n`` queued documents while fewer than ``max_documents`` were taken
    (``taken``: documents done or in flight, counted in the store when not given); at the cap
    the documents still queued are skipped."""
    taken = checked_before(store, scan_id)[0] if taken is None else taken
    if taken >= max_documents:
        store.set_document_state(scan_id, DocumentState.SKIPPED,
                                 where_state=DocumentState.QUEUED)
        return []
    return store.claim_documents(scan_id, min(n, max_documents - taken))


async def check_and_save(store: Store, scan_id: int, document: DocumentLink,
                         options: DocumentOptions, limiter: HostLimiter,
                         robots: RobotsCache) -> PageResult:
    """Check a claimed document of a crawl (local or distributed alike) and save its result,
    a duplicate of the same bytes under another URL as such."""
    def same_bytes(sha256: str) -> str | None:
        return store.document_with_hash(scan_id, sha256, other_than=document.url)

    page = await fetch_and_check(document.url, options, limiter=limiter, robots=robots,
                                 found_on=document.found_on, same_bytes=same_bytes)
    store.save_page(scan_id, page)
    return page


def checked_before(store: Store, scan_id: int) -> list[int]:
    """The shared counter of a crawl's checkers: documents done or in flight (on resume)."""
    return [sum(1 for d in store.documents(scan_id)
                if d.state in (DocumentState.DONE, DocumentState.IN_FLIGHT))]


def _duplicate(url: str, path: Path, original: str, found_on: str | None, status: int | None,
               media_type: str | None) -> PageResult:
    info = DocumentInfo(format=extension(url).lstrip(".") or "unknown",
                        status=DocumentStatus.DUPLICATE, size=path.stat().st_size,
                        sha256=sha256_of(path), media_type=media_type, duplicate_of=original,
                        found_on=found_on)
    return PageResult(url=url, viewport=Viewport.DOCUMENT, status=status, document=info,
                      notes=[Note(NoteCode.SAME_FILE, {"url": original})])


def _name(url: str) -> str:
    return url.rsplit("/", 1)[-1].split("?", 1)[0]


async def check_all(targets: list[str], options: DocumentOptions, *, concurrency: int = 1,
                    on_page: DocumentCallback | None = None) -> list[PageResult]:
    """Check documents given by URL or local path (``scan``), ``concurrency`` at a time, in
    the order given; ``on_page`` sees each result as soon as it is there."""
    gate = asyncio.Semaphore(max(1, concurrency))

    async def one(target: str) -> PageResult:
        async with gate:
            if target.startswith(("http://", "https://")):
                page = await fetch_and_check(target, options)
            else:
                page = await check_local(Path(target), options)
        if on_page is not None:
            on_page(page)
        return page

    return list(await asyncio.gather(*(one(target) for target in targets)))
