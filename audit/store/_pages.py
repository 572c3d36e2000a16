"""Pages with their raw artifact and findings: saved in one transaction, read back in batches."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager
from typing import Any

from sqlalchemy import Connection, delete, select, update

from audit.model import Finding, PageResult, Viewport
from audit.store import _rows
from audit.store._sql import upsert_insert, url_key, utc_now
from audit.store.records import FrontierState
from audit.store.tables import artifacts, findings, frontier, pages

RAW_KIND = "axe"  # PageResult.raw: axe-core's results as gathered in the browser


def save_page(connection: Connection, scan_id: int, page: PageResult) -> int:
    """Insert or replace the page keyed by (scan, url, viewport); return its id.

    The upsert keeps the page's id (and so its place in the scan's order) when a page is saved
    again, and on PostgreSQL it row-locks the key so two writers of one page take turns.
    """
    values = _rows.page_values(scan_id, page, utc_now())
    key_columns = {"scan_id", "url_key", "viewport"}
    insert = upsert_insert(connection, pages).values(**values)
    insert = insert.on_conflict_do_update(
        index_elements=sorted(key_columns),
        set_={name: value for name, value in values.items() if name not in key_columns})
    page_id = int(connection.execute(insert.returning(pages.c.id)).scalar_one())
    connection.execute(delete(findings).where(findings.c.page_id == page_id))
    connection.execute(delete(artifacts).where(artifacts.c.page_id == page_id))
    if page.raw is not None:
        data, size = _rows.compress(page.raw)
        connection.execute(artifacts.insert().values(
            page_id=page_id, kind=RAW_KIND, codec=_rows.CODEC, size=size, data=data))
    if page.findings:
        connection.execute(findings.insert(), [
            _rows.finding_values(scan_id, page_id, position, finding)
            for position, finding in enumerate(page.findings)])
    connection.execute(update(frontier).where(
        frontier.c.scan_id == scan_id, frontier.c.url_key == values["url_key"],
        frontier.c.viewport == values["viewport"],
    ).values(state=str(FrontierState.DONE)))
    return page_id


def page_batch(connection: Connection, scan_id: int, after_id: int,
               size: int) -> tuple[list[PageResult], int]:
    """Up to ``size`` pages with id > ``after_id``, in saved order, and the last id read."""
    rows = connection.execute(
        select(pages).where(pages.c.scan_id == scan_id, pages.c.id > after_id)
        .order_by(pages.c.id).limit(size)).all()
    if not rows:
        return [], after_id
    by_page: dict[int, list[Finding]] = {row.id: [] for row in rows}
    finding_rows = connection.execute(
        select(findings).where(findings.c.page_id.in_(list(by_page)))
        .order_by(findings.c.page_id, findings.c.position))
    for finding_row in finding_rows:
        by_page[finding_row.page_id].append(_rows.finding_from_row(finding_row))
    return [_rows.page_from_row(row, by_page[row.id]) for row in rows], rows[-1].id


def iter_batches(read: Callable[[], AbstractContextManager[Connection]], scan_id: int,
                 size: int) -> Iterator[PageResult]:
    """Stream a scan's pages; ``read()`` opens a short read transaction per batch.

    No connection is held while the caller works on a batch, so an abandoned iterator leaks
    nothing and a long report does not pin an old snapshot of a scan still being written.
    """
    after_id = 0
    while True:
        with read() as connection:
            batch, after_id = page_batch(connection, scan_id, after_id, size)
        if not batch:
            return
        yield from batch


def raw_artifact(connection: Connection, scan_id: int, url: str,
                 viewport: Viewport | str) -> dict[str, Any] | None:
    query = (select(artifacts.c.data, artifacts.c.codec)
             .join(pages, pages.c.id == artifacts.c.page_id)
             .where(pages.c.scan_id == scan_id, pages.c.url_key == url_key(url),
                    pages.c.viewport == str(Viewport(viewport)), artifacts.c.kind == RAW_KIND))
    row = connection.execute(query).first()
    return None if row is None else _rows.decompress(bytes(row.data), row.codec)
