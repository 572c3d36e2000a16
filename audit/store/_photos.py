"""Photo rows and their links to inspection items. Functions take an open connection.

The bytes are in the file folder (``audit.store._files``); a row is written only after its
bytes are safely on disk, so no row names a missing file. A photo removed from an item keeps
its link, marked removed (who, when), and its bytes: evidence is hidden, never erased.
"""

from __future__ import annotations

from dataclasses import asdict
from typing import Any

from sqlalchemy import Connection, Row, select, update

from audit.clock import utc_now
from audit.errors import StoreError
from audit.store import _trail
from audit.store._sql import clean, clean_or_none, known, upsert_insert
from audit.store.records import PhotoRecord
from audit.store.tables import photo_links, photos

_BEFORE = "before"  # photo_links.stage of a photo of the state before the work


def save_photo(connection: Connection, photo: PhotoRecord) -> None:
    """Record a photo once; the same bytes stored again keep the first row."""
    values = asdict(photo)
    del values["before"]  # how a photo is attached, not the photo
    values["original_name"] = clean_or_none(photo.original_name)
    connection.execute(upsert_insert(connection, photos).values(created_at=utc_now(), **values)
                       .on_conflict_do_nothing(index_elements=["sha256"]))


def link(connection: Connection, inspection_id: int, item_id: str, sha256: str,
         by: str | None = None, *, before: bool = False) -> bool:
    """Attach a stored photo to an item (again, if it was removed; ``before``: of the state
    before the work); False when it was attached already, StoreError when it is attached as
    the other stage."""
    known(get_photo(connection, sha256), f"photo {sha256}")
    key = {"inspection_id": inspection_id, "item_id": clean(item_id), "sha256": sha256}
    existing = connection.execute(
        select(photo_links.c.id, photo_links.c.removed_at, photo_links.c.stage).where(
            *(photo_links.c[name] == value for name, value in key.items()))).first()
    if existing is not None and existing.removed_at is None:
        if (existing.stage == _BEFORE) is not before:
            was = "before the work" if existing.stage == _BEFORE else "at the inspection"
            raise StoreError(f"photo {sha256[:12]} is already attached to {item_id} as taken "
                             f"{was}; one photo cannot show both")
        return False
    stamp = {"added_by": clean_or_none(by), "added_at": utc_now(), "removed_by": None,
             "removed_at": None, "stage": _BEFORE if before else None}
    if existing is None:
        connection.execute(upsert_insert(connection, photo_links).values(**key, **stamp)
                           .on_conflict_do_nothing(
                               index_elements=["inspection_id", "item_id", "sha256"]))
    else:
        connection.execute(update(photo_links).where(photo_links.c.id == existing.id)
                           .values(**stamp))
    _trail.record(connection, by, "photo", "add", inspection_id=inspection_id, item_id=item_id,
                  new=sha256)
    return True


def unlink(connection: Connection, inspection_id: int, item_id: str, sha256: str,
           by: str | None) -> bool:
    """Mark a photo removed from an item; False when it was not attached."""
    done = connection.execute(update(photo_links).where(
        photo_links.c.inspection_id == inspection_id, photo_links.c.item_id == item_id,
        photo_links.c.sha256 == sha256, photo_links.c.removed_at.is_(None))
        .values(removed_by=clean_or_none(by), removed_at=utc_now()))
    if not done.rowcount:
        return False
    _trail.record(connection, by, "photo", "remove", inspection_id=inspection_id,
                  item_id=item_id, old=sha256)
    return True


def unlink_all(connection: Connection, inspection_id: int, by: str | None) -> None:
    """Mark every photo of an inspection removed (before it is imported again)."""
    query = select(photo_links.c.item_id, photo_links.c.sha256).where(
        photo_links.c.inspection_id == inspection_id, photo_links.c.removed_at.is_(None))
    for row in connection.execute(query).all():
        unlink(connection, inspection_id, row.item_id, row.sha256, by)


def inspections_with(connection: Connection, sha256: str) -> list[int]:
    """The inspections a photo was ever attached to (removed links included)."""
    query = select(photo_links.c.inspection_id).distinct().where(photo_links.c.sha256 == sha256)
    return sorted(connection.scalars(query))


def get_photo(connection: Connection, sha256: str) -> PhotoRecord | None:
    row = connection.execute(select(photos).where(photos.c.sha256 == sha256)).first()
    return None if row is None else _photo(row)


def photos_of(connection: Connection, inspection_id: int) -> dict[str, list[PhotoRecord]]:
    """The photos of each item, in the order attached; ``before`` marks those of the state
    before the work."""
    query = (select(photo_links.c.item_id, photo_links.c.stage, photos)
             .join(photos, photos.c.sha256 == photo_links.c.sha256)
             .where(photo_links.c.inspection_id == inspection_id,
                    photo_links.c.removed_at.is_(None))
             .order_by(photo_links.c.id))
    found: dict[str, list[PhotoRecord]] = {}
    for row in connection.execute(query):
        found.setdefault(row.item_id, []).append(_photo(row, before=row.stage == _BEFORE))
    return found


def _photo(row: Row[Any], *, before: bool = False) -> PhotoRecord:
    return PhotoRecord(sha256=row.sha256, media_type=row.media_type, width=row.width,
                       height=row.height, size=row.size, taken_at=row.taken_at, lat=row.lat,
                       lon=row.lon, original_name=row.original_name,
                       original_sha256=row.original_sha256, original_size=row.original_size,
                       before=before)
