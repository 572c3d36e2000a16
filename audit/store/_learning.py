"""What a template-aware crawl learnt about its template regions (``audit.webscan.templates``),
kept with the crawl so that the next incremental round starts from it: one compressed row per
crawl, under the digest of what its samples rest on."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Connection, delete, select

from audit.clock import utc_now
from audit.store import _rows
from audit.store._sql import upsert_insert
from audit.store.tables import template_learning


def save_learning(connection: Connection, scan_id: int, digest: str, learnt: dict[str, Any],
                  replaces: int | None) -> None:
    """Keep ``learnt`` with the scan (replacing what it kept before); the learning of
    ``replaces`` (the round it started from, superseded now) is dropped."""
    data, size = _rows.compress(learnt)
    values = {"digest": digest, "saved_at": utc_now(), "codec": _rows.CODEC, "size": size,
              "data": data}
    insert = upsert_insert(connection, template_learning).values(scan_id=scan_id, **values)
    connection.execute(insert.on_conflict_do_update(index_elements=["scan_id"], set_=values))
    if replaces is not None and replaces != scan_id:
        connection.execute(delete(template_learning).where(
            template_learning.c.scan_id == replaces))


def learning(connection: Connection, scan_id: int, digest: str) -> dict[str, Any] | None:
    """What the scan learnt, if it was learnt under ``digest``; None otherwise."""
    row = connection.execute(select(template_learning.c.codec, template_learning.c.data).where(
        template_learning.c.scan_id == scan_id, template_learning.c.digest == digest)).first()
    return None if row is None else _rows.decompress(bytes(row.data), row.codec)
