"""Carrying a page forward from one scan into another (incremental rounds), inside the
database: its row, artifacts, findings and the template regions they name are copied with
INSERT ... SELECT, so an unchanged page costs a few statements, not a decode and re-encode
of its results."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Connection, delete, literal, select

from audit.clock import utc_now
from audit.model import PageResult, Viewport
from audit.store import _pages, _rows
from audit.store._sql import upsert_insert, url_key
from audit.store.tables import artifacts, findings, pages, templates


def last_check(connection: Connection, scan_id: int, url: str,
               viewport: Viewport | str) -> PageResult | None:
    """The page's row (no findings, no artifacts): what it was made of and when it was last
    checked in full; None when the scan has no such page."""
    row = connection.execute(select(pages).where(
        pages.c.scan_id == scan_id, pages.c.url_key == url_key(url),
        pages.c.viewport == str(Viewport(viewport)))).first()
    return None if row is None else _rows.page_from_row(row, [])


def carry_page(connection: Connection, scan_id: int, from_scan: int, url: str,
               viewport: Viewport | str) -> PageResult | None:
    """Copy the page from ``from_scan`` into ``scan_id`` (replacing what that scan has for it);
    the copy as saved, with its links but without its
    findings and raw result. None when ``from_scan`` has no such page."""
    source = connection.execute(select(pages).where(
        pages.c.scan_id == from_scan, pages.c.url_key == url_key(url),
        pages.c.viewport == str(Viewport(viewport)))).first()
    if source is None:
        return None
    values = {name: value for name, value in source._mapping.items() if name != "id"}
    values.update(scan_id=scan_id, scanned_at=utc_now(), carried_from=from_scan)
    key_columns = {"scan_id", "url_key", "viewport"}
    insert = upsert_insert(connection, pages).values(**values).on_conflict_do_update(
        index_elements=sorted(key_columns),
        set_={name: value for name, value in values.items() if name not in key_columns})
    page_id = int(connection.execute(insert.returning(pages.c.id)).scalar_one())
    connection.execute(delete(findings).where(findings.c.page_id == page_id))
    connection.execute(delete(artifacts).where(artifacts.c.page_id == page_id))
    _copy(connection, artifacts, {"page_id": page_id}, artifacts.c.page_id == source.id)
    _copy(connection, findings, {"page_id": page_id, "scan_id": scan_id},
          findings.c.page_id == source.id)
    _copy_templates(connection, scan_id, from_scan, page_id, str(values["viewport"]))
    page = _rows.page_from_row(connection.execute(
        select(pages).where(pages.c.id == page_id)).one(), [])
    page.links = _pages.stored_links(connection, page_id)
    return page


def _copy(connection: Connection, table: Any, replaced: dict[str, int], where: Any) -> None:
    """INSERT INTO table SELECT the rows ``where`` selects, with ``replaced`` columns set."""
    columns = [column for column in table.c if column.name != "id"]
    chosen = [literal(replaced[c.name]) if c.name in replaced else c for c in columns]
    connection.execute(table.insert().from_select([c.name for c in columns],
                                                  select(*chosen).where(where)))


def _copy_templates(connection: Connection, scan_id: int, from_scan: int, page_id: int,
                    viewport: str) -> None:
    """The template regions the copied findings lie in, unless the scan has them already."""
    keys = select(findings.c.template).where(findings.c.page_id == page_id,
                                             findings.c.template.is_not(None)).distinct()
    wanted = select(literal(scan_id), templates.c.key, templates.c.viewport, templates.c.kind,
                    templates.c.label, templates.c.elements).where(
        templates.c.scan_id == from_scan, templates.c.viewport == viewport,
        templates.c.key.in_(keys))
    insert = upsert_insert(connection, templates).from_select(
        ["scan_id", "key", "viewport", "kind", "label", "elements"], wanted)
    connection.execute(insert.on_conflict_do_nothing(
        index_elements=["scan_id", "key", "viewport"]))
