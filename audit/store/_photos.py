"""Photo rows and their links to inspection items. Functions take an open connection.

The bytes are in the file folder (``audit.store._files``); a row is written only after its
bytes are safely on disk, so no row names a missing file.
"""

from __future__ import annotations

from dataclasses import asdict
from typing import Any

from sqlalchemy import Connection, Row, select

from audit.errors import StoreError
from audit.store._sql import clean, clean_or_none, upsert_insert, utc_now
from audit.store.records import PhotoRecord
from audit.store.tables import photo_links, photos


def save_photo(connection: Connection, photo: PhotoRecord) -> None:
    """Record a photo once; the same bytes stored again keep the first row."""
    values = asdict(photo)
    values["original_name"] = clean_or_none(photo.original_name)
    connection.execute(upsert_insert(connection, photos).values(created_at=utc_now(), **values)
                       .on_conflict_do_nothing(index_elements=["sha256"]))


def link(connection: Connection, inspection_id: int, item_id: str, sha256: str) -> bool:
    """Attach a stored photo to an item; False when it was attached already."""
    if get_photo(connection, sha256) is None:
        raise StoreError(f"no photo {sha256} in DB")
    key = {"inspection_id": inspection_id, "item_id": clean(item_id), "sha256": sha256}
    existing = connection.scalar(select(photo_links.c.id).where(
        *(photo_links.c[name] == value for name, value in key.items())))
    if existing is not None:
        return False
    insert = upsert_insert(connection, photo_links).values(**key)
    connection.execute(insert.on_conflict_do_nothing(
        index_elements=["inspection_id", "item_id", "sha256"]))
    return True


def get_photo(connection: Connection, sha256: str) -> PhotoRecord | None:
    row = connection.execute(select(photos).where(photos.c.sha256 == sha256)).first()
    return None if row is None else _photo(row)


def photos_of(connection: Connection, inspection_id: int) -> dict[str, list[PhotoRecord]]:
    query = (select(photo_links.c.item_id, photos)
             .join(photos, photos.c.sha256 == photo_links.c.sha256)
             .where(photo_links.c.inspection_id == inspection_id).order_by(photo_links.c.id))
    found: dict[str, list[PhotoRecord]] = {}
    for row in connection.execute(query):
        found.setdefault(row.item_id, []).append(_photo(row))
    return found


def _photo(row: Row[Any]) -> PhotoRecord:
    return PhotoRecord(sha256=row.sha256, media_type=row.media_type, width=row.width,
                       height=row.height, size=row.size, taken_at=row.taken_at, lat=row.lat,
                       lon=row.lon, original_name=row.original_name)
