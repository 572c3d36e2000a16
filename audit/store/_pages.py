"""Pages with their raw artifact and findings: saved in one transaction, read back in batches.

Element screenshots are not kept in the database: their PNG bytes go to the store's file
folder under their SHA-256 (beside the photos), and the finding names them ``sha256:<hex>``.
"""

from __future__ import annotations

import dataclasses
import logging
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from contextlib import AbstractContextManager
from itertools import islice
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, delete, func, select, update

from audit.clock import utc_now
from audit.errors import AuditError
from audit.model import THUMBNAIL, Finding, Outcome, PageResult, Viewport
from audit.store import _frontier, _rows, _templates
from audit.store._files import PhotoFiles
from audit.store._sql import clean, clean_or_none, upsert_insert, url_key
from audit.store.records import DocumentState, FrontierState
from audit.store.tables import artifacts, findings, frontier, pages

RAW_KIND = "axe"  # PageResult.raw: axe-core's results as gathered in the browser
LINKS_KIND = "links"  # PageResult.links: the links a page had (incremental crawls)
SCREENSHOT_PREFIX = "sha256:"
BULK_BATCH = 5_000  # rows per INSERT statement of save_new_pages
MAX_SCREENSHOT_BYTES = 8 * 1024 * 1024
_PNG_MAGIC = b"\x89PNG\r\n\x1a\n"

log = logging.getLogger(__name__)


def store_screenshots(root: Path | None, shots: Mapping[str, bytes]) -> dict[str, str]:
    """Write each PNG into the file folder; ``{fingerprint: "sha256:<hex>"}`` of those written.

    No folder (PostgreSQL without one configured): nothing is written and nothing fails. A PNG
    that is not one, too big, or cannot be written is skipped with a log line.
    """
    if root is None or not shots:
        return {}
    files = PhotoFiles(root)
    refs: dict[str, str] = {}
    for fingerprint, data in shots.items():
        if not data.startswith(_PNG_MAGIC) or len(data) > MAX_SCREENSHOT_BYTES:
            log.warning("screenshot for %s skipped: not a PNG of at most %d bytes",
                        fingerprint, MAX_SCREENSHOT_BYTES)
            continue
        try:
            refs[fingerprint] = SCREENSHOT_PREFIX + files.put(data)
        except (OSError, AuditError) as err:
            log.warning("screenshot for %s not stored in %s: %s", fingerprint, root, err)
    return refs


def with_screenshots(found: list[Finding], refs: Mapping[str, str]) -> list[Finding]:
    """The findings, each violation with a stored screenshot naming it."""
    if not refs:
        return found
    return [dataclasses.replace(f, screenshot=refs[f.fingerprint])
            if f.outcome is Outcome.VIOLATION and f.fingerprint in refs else f for f in found]


def save_page(connection: Connection, scan_id: int, page: PageResult,
              screenshots: Mapping[str, str] | None = None) -> int:
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
    if page.findings:
        connection.execute(findings.insert(), _finding_rows(scan_id, page_id, page, screenshots))
    connection.execute(update(frontier).where(
        frontier.c.scan_id == scan_id, frontier.c.url_key == values["url_key"],
        frontier.c.viewport == values["viewport"],
    ).values(state=str(FrontierState.DONE)))
    _save_extras(connection, scan_id, page_id, page, screenshots)
    return page_id


def save_new_pages(connection: Connection, scan_id: int, found: Sequence[PageResult],
                   screenshots: Sequence[Mapping[str, str]]) -> int:
    """Insert the pages of a scan that has none yet, with their findings and artifacts, in
    statements of ``batch`` rows each (executemany), not several statements per page; return
    how many pages. Of pages with the same URL and viewport the last wins, as with
    ``save_page``. ``screenshots[i]`` are the stored screenshots of ``found[i]``."""
    batch, now = BULK_BATCH, utc_now()
    latest = {(url_key(page.url), str(page.viewport)): index
              for index, page in enumerate(found)}
    chosen = sorted(latest.values())
    for rows in _chunks((_rows.page_values(scan_id, found[i], now) for i in chosen), batch):
        connection.execute(pages.insert(), rows)
    ids = {(row.url_key, row.viewport): row.id for row in connection.execute(
        select(pages.c.id, pages.c.url_key, pages.c.viewport).where(pages.c.scan_id == scan_id))}
    keyed = [(ids[(url_key(found[i].url), str(found[i].viewport))], found[i], screenshots[i])
             for i in chosen]
    every = (row for page_id, page, shots in keyed
             for row in _finding_rows(scan_id, page_id, page, shots))
    for rows in _chunks(every, batch):
        connection.execute(findings.insert(), rows)
    for page_id, page, shots in keyed:
        _save_extras(connection, scan_id, page_id, page, shots)
    return len(keyed)


def _finding_rows(scan_id: int, page_id: int, page: PageResult,
                  screenshots: Mapping[str, str] | None) -> list[dict[str, Any]]:
    return [_rows.finding_values(scan_id, page_id, position, finding)
            for position, finding in enumerate(with_screenshots(page.findings,
                                                                screenshots or {}))]


def _save_extras(connection: Connection, scan_id: int, page_id: int, page: PageResult,
                 screenshots: Mapping[str, str] | None) -> None:
    """The page's raw artifact, the template regions it names and its document, if any."""
    if page.raw is not None:
        data, size = _rows.compress(page.raw)
        connection.execute(artifacts.insert().values(
            page_id=page_id, kind=RAW_KIND, codec=_rows.CODEC, size=size, data=data))
        if isinstance(page.raw.get("templates"), list):
            _templates.save_templates(connection, scan_id, page.viewport, page.raw["templates"])
    if page.links is not None:
        data, size = _rows.compress({"links": [clean(link) for link in page.links]})
        connection.execute(artifacts.insert().values(
            page_id=page_id, kind=LINKS_KIND, codec=_rows.CODEC, size=size, data=data))
    if page.document is not None:
        _frontier.save_document(connection, scan_id, page.url, {
            "found_on": clean_or_none(page.document.found_on), "state": str(DocumentState.DONE),
            "sha256": page.document.sha256, "summary": _rows.document_summary(page.document),
            "thumbnail": (screenshots or {}).get(THUMBNAIL)})


def _chunks(rows: Iterable[dict[str, Any]], size: int) -> Iterator[list[dict[str, Any]]]:
    iterator = iter(rows)
    while chunk := list(islice(iterator, size)):
        yield chunk


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
    batch = [_rows.page_from_row(row, by_page[row.id]) for row in rows]
    documents = [page.url for page in batch if page.viewport is Viewport.DOCUMENT]
    if documents:
        infos = _frontier.document_infos(connection, scan_id, documents)
        for page in batch:
            page.document = infos.get(page.url) if page.viewport is Viewport.DOCUMENT else None
    return batch, rows[-1].id


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


def stored_links(connection: Connection, page_id: int) -> list[str] | None:
    row = connection.execute(select(artifacts.c.data, artifacts.c.codec).where(
        artifacts.c.page_id == page_id, artifacts.c.kind == LINKS_KIND)).first()
    return None if row is None else list(_rows.decompress(bytes(row.data), row.codec)["links"])


def reached(connection: Connection, scan_id: int, urls: Sequence[str],
            viewport: Viewport | str, other_than: str | None = None) -> bool:
    """Whether a page of the scan in ``viewport`` (other than the one stored under
    ``other_than``) was stored under one of ``urls`` or ended there (its final URL, after a
    redirect)."""
    query = select(pages.c.id).where(
        pages.c.scan_id == scan_id, pages.c.viewport == str(Viewport(viewport)),
        pages.c.url_key.in_([url_key(url) for url in urls]) | pages.c.final_url.in_(urls))
    if other_than is not None:
        query = query.where(pages.c.url_key != url_key(other_than))
    return connection.execute(query.limit(1)).first() is not None


def raw_artifact(connection: Connection, scan_id: int, url: str,
                 viewport: Viewport | str) -> dict[str, Any] | None:
    query = (select(artifacts.c.data, artifacts.c.codec)
             .join(pages, pages.c.id == artifacts.c.page_id)
             .where(pages.c.scan_id == scan_id, pages.c.url_key == url_key(url),
                    pages.c.viewport == str(Viewport(viewport)), artifacts.c.kind == RAW_KIND))
    row = connection.execute(query).first()
    return None if row is None else _rows.decompress(bytes(row.data), row.codec)


def replace_source_findings(connection: Connection, scan_id: int, source: str,
                            found: list[tuple[str, str, Finding]]) -> int:
    """Replace the scan's findings of ``source`` with ``found`` (url, viewport, finding),
    each placed after the findings its page already has; how many were stored. A finding
    whose page is not in the scan is left out."""
    connection.execute(delete(findings).where(findings.c.scan_id == scan_id,
                                              findings.c.source == source))
    stored = 0
    for url, viewport, finding in found:
        page_id = connection.execute(select(pages.c.id).where(
            pages.c.scan_id == scan_id, pages.c.url_key == url_key(url),
            pages.c.viewport == str(Viewport(viewport)))).scalar()
        if page_id is None:
            continue
        last = connection.execute(select(func.max(findings.c.position))
                                  .where(findings.c.page_id == page_id)).scalar()
        connection.execute(findings.insert().values(
            _rows.finding_values(scan_id, page_id, 0 if last is None else last + 1, finding)))
        stored += 1
    return stored
