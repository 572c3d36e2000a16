"""The crawl frontier and found documents: what is left to scan survives a kill.

A page moves queued → in_flight (claimed) → done (saved, in the same transaction as the page).
After a crash, in_flight entries are put back in the queue: at most those pages are scanned
again, and saving them again replaces rather than duplicates.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from itertools import islice
from typing import Any

from sqlalchemy import Connection, func, select, update

from audit.model import DocumentInfo, DocumentStatus, Viewport
from audit.store._rows import document_info
from audit.store._sql import clean, clean_or_none, upsert_insert, url_key
from audit.store.records import DocumentLink, DocumentState, FrontierItem, FrontierState
from audit.store.tables import documents, frontier

QueueEntry = tuple[str, Viewport | str, int, str | None]  # url, viewport, depth, found_on
_CHUNK = 500


def enqueue(connection: Connection, scan_id: int, items: Iterable[QueueEntry]) -> int:
    """Queue new entries in chunks; return how many were new (known ones are ignored)."""
    added = 0
    for chunk in _chunks((_entry_values(scan_id, item) for item in items), _CHUNK):
        insert = (upsert_insert(connection, frontier)
                  .on_conflict_do_nothing(index_elements=["scan_id", "url_key", "viewport"])
                  .returning(frontier.c.id))
        added += len(connection.execute(insert, chunk).all())
    return added


def claim(connection: Connection, scan_id: int, n: int) -> list[FrontierItem]:
    """Mark up to ``n`` queued entries in flight, shallowest and oldest first.

    ``FOR UPDATE SKIP LOCKED`` lets several PostgreSQL workers claim at once without taking
    the same entries; SQLite's compiler drops it (its writers are serialised anyway).
    """
    chosen = (select(frontier.c.id)
              .where(frontier.c.scan_id == scan_id,
                     frontier.c.state == str(FrontierState.QUEUED))
              .order_by(frontier.c.depth, frontier.c.id).limit(n)
              .with_for_update(skip_locked=True))
    rows = list(connection.execute(
        update(frontier).where(frontier.c.id.in_(chosen.scalar_subquery()))
        .values(state=str(FrontierState.IN_FLIGHT))
        .returning(frontier.c.id, frontier.c.url, frontier.c.viewport, frontier.c.depth,
                   frontier.c.found_on, frontier.c.attempts)))
    rows.sort(key=lambda row: (row.depth, row.id))  # RETURNING promises no order
    return [FrontierItem(row.url, Viewport(row.viewport), row.depth, row.found_on,
                         row.attempts or 0)
            for row in rows]


def set_state(connection: Connection, scan_id: int, state: FrontierState,
              *, where_state: FrontierState | None = None, url: str | None = None,
              viewport: Viewport | str | None = None) -> int:
    """Move entries of a scan (optionally only one URL/viewport, or one state) to ``state``."""
    query = update(frontier).where(frontier.c.scan_id == scan_id)
    if where_state is not None:
        query = query.where(frontier.c.state == str(where_state))
    if url is not None:
        query = query.where(frontier.c.url_key == url_key(url))
    if viewport is not None:
        query = query.where(frontier.c.viewport == str(Viewport(viewport)))
    return int(connection.execute(query.values(state=str(state))).rowcount)


def count_attempt(connection: Connection, scan_id: int, url: str, viewport: Viewport | str,
                  change: int = 1) -> int:
    """Count one more visit started on an entry (``change`` -1: one less); the visits so far
    (0: no such entry)."""
    attempts = connection.execute(
        update(frontier).where(frontier.c.scan_id == scan_id,
                               frontier.c.url_key == url_key(url),
                               frontier.c.viewport == str(Viewport(viewport)))
        .values(attempts=frontier.c.attempts + change).returning(frontier.c.attempts)).scalar()
    return int(attempts or 0)


def counts(connection: Connection, scan_id: int) -> dict[FrontierState, int]:
    """Entries per state; every state is present, zero when empty."""
    query = (select(frontier.c.state, func.count()).where(frontier.c.scan_id == scan_id)
             .group_by(frontier.c.state))
    found = {FrontierState(state): int(number) for state, number in connection.execute(query)}
    return {state: found.get(state, 0) for state in FrontierState}


def add_document(connection: Connection, scan_id: int, url: str, found_on: str | None) -> bool:
    """Record a document link once per scan; True when it was new."""
    insert = (upsert_insert(connection, documents)
              .values(scan_id=scan_id, url=clean(url), url_key=url_key(url),
                      found_on=clean_or_none(found_on))
              .on_conflict_do_nothing(index_elements=["scan_id", "url_key"])
              .returning(documents.c.id))
    return connection.execute(insert).first() is not None


def list_documents(connection: Connection, scan_id: int, state: DocumentState | None = None,
                   limit: int | None = None) -> list[DocumentLink]:
    query = (select(documents.c.url, documents.c.found_on, documents.c.state,
                    documents.c.summary, documents.c.thumbnail)
             .where(documents.c.scan_id == scan_id).order_by(documents.c.id).limit(limit))
    if state is not None:
        query = query.where(documents.c.state == str(state))
    return [_link(row) for row in connection.execute(query)]


def claim_documents(connection: Connection, scan_id: int, n: int) -> list[DocumentLink]:
    """Mark up to ``n`` queued documents in flight, oldest first (SKIP LOCKED on PostgreSQL)."""
    chosen = (select(documents.c.id)
              .where(documents.c.scan_id == scan_id,
                     documents.c.state == str(DocumentState.QUEUED))
              .order_by(documents.c.id).limit(n).with_for_update(skip_locked=True))
    rows = list(connection.execute(
        update(documents).where(documents.c.id.in_(chosen.scalar_subquery()))
        .values(state=str(DocumentState.IN_FLIGHT))
        .returning(documents.c.id, documents.c.url, documents.c.found_on, documents.c.state,
                   documents.c.summary, documents.c.thumbnail)))
    rows.sort(key=lambda row: row.id)
    return [_link(row) for row in rows]


def set_document_state(connection: Connection, scan_id: int, state: DocumentState, *,
                       where_state: DocumentState, url: str | None = None) -> int:
    """Move the scan's documents in ``where_state`` (or only ``url``) to ``state``."""
    query = update(documents).where(documents.c.scan_id == scan_id,
                                    documents.c.state == str(where_state))
    if url is not None:
        query = query.where(documents.c.url_key == url_key(url))
    return int(connection.execute(query.values(state=str(state))).rowcount)


def checked_with_hash(connection: Connection, scan_id: int, sha256: str,
                      other_than: str) -> str | None:
    """The URL of a document of the scan with these bytes that was read (not a duplicate)."""
    rows = connection.execute(
        select(documents.c.url, documents.c.summary)
        .where(documents.c.scan_id == scan_id, documents.c.sha256 == sha256,
               documents.c.state == str(DocumentState.DONE),
               documents.c.url_key != url_key(other_than))
        .order_by(documents.c.id))
    for row in rows:
        if (row.summary or {}).get("status") != DocumentStatus.DUPLICATE:
            return str(row.url)
    return None


def save_document(connection: Connection, scan_id: int, url: str, values: dict[str, Any]) -> None:
    """Record a checked document (its row is created if the crawl never found it: ``scan``)."""
    insert = (upsert_insert(connection, documents)
              .values(scan_id=scan_id, url=clean(url), url_key=url_key(url), **values)
              .on_conflict_do_update(index_elements=["scan_id", "url_key"],
                                     set_={key: value for key, value in values.items()
                                           if key != "found_on" or value is not None}))
    connection.execute(insert)


def document_infos(connection: Connection, scan_id: int,
                   urls: list[str]) -> dict[str, DocumentInfo]:
    """The stored summaries of these documents of the scan, by url."""
    rows = connection.execute(
        select(documents.c.url, documents.c.summary, documents.c.thumbnail)
        .where(documents.c.scan_id == scan_id,
               documents.c.url_key.in_([url_key(url) for url in urls])))
    found = {row.url: document_info(row.summary, row.thumbnail) for row in rows}
    return {url: info for url, info in found.items() if info is not None}


def _link(row: Any) -> DocumentLink:
    return DocumentLink(row.url, row.found_on, DocumentState(row.state),
                        document_info(row.summary, row.thumbnail))


def _entry_values(scan_id: int, item: QueueEntry) -> dict[str, Any]:
    url, viewport, depth, found_on = item
    return {"scan_id": scan_id, "url": clean(url), "url_key": url_key(url),
            "viewport": str(Viewport(viewport)), "depth": int(depth),
            "found_on": clean_or_none(found_on), "state": str(FrontierState.QUEUED)}


def _chunks(values: Iterable[dict[str, Any]], size: int) -> Iterator[list[dict[str, Any]]]:
    iterator = iter(values)
    while chunk := list(islice(iterator, size)):
        yield chunk
