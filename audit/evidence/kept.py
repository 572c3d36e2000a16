"""Photos kept in the result store: evidence verifies and describes a new photo and hands the
store its bytes and record; copies of a kept photo are made here from the bytes the store
gives back. The store keeps bytes and records and never opens an image.
"""

from __future__ import annotations

from dataclasses import replace

from audit.evidence.copies import RenderedCopies, render_copies
from audit.evidence.info import inspect_photo
from audit.evidence.strip import strip_metadata
from audit.store import PhotoRecord, Store


def photo_record(data: bytes, *, name: str = "photo",
                 original: PhotoRecord | None = None) -> PhotoRecord:
    """The record of a verified photo (EvidenceError says why one is not acceptable).

    ``original`` describes the photo ``data`` is a smaller copy of (made on the phone): its
    hash and size are recorded, and its time and place where the copy has none.
    """
    info = inspect_photo(data, name=name)
    record = PhotoRecord(
        sha256=info.sha256, media_type=info.media_type, width=info.width,
        height=info.height, size=info.size_bytes,
        taken_at=info.taken_at.isoformat() if info.taken_at else None,
        lat=info.gps.lat if info.gps else None, lon=info.gps.lon if info.gps else None,
        original_name=name)
    return record if original is None else _with_original(record, original)


def keep_photo(store: Store, data: bytes, *, name: str = "photo",
               original: PhotoRecord | None = None) -> PhotoRecord:
    """Verify a photo, then have the store keep its bytes and record it (once per hash).

    A photo that is not acceptable raises the EvidenceError that says why, and nothing is
    stored.
    """
    return store.add_photo(data, photo_record(data, name=name, original=original))


def photo_copies(store: Store, sha256: str, *, strip_location: bool = True) -> RenderedCopies:
    """A thumbnail and a report-size JPEG of a kept photo, made on demand from the original."""
    return render_copies(store.photo_bytes(sha256), strip_location=strip_location,
                         name=sha256[:12])


def shareable_photo(store: Store, sha256: str) -> bytes:
    """A kept photo re-encoded without GPS or any other metadata, for sending outside."""
    return strip_metadata(store.photo_bytes(sha256), name=sha256[:12])


def _with_original(copy: PhotoRecord, original: PhotoRecord) -> PhotoRecord:
    """A copy's record that names its original (hash, size) and takes the original's time
    and place when the copy lost them."""
    located = copy.lat is not None and copy.lon is not None
    return replace(copy, original_sha256=original.sha256, original_size=original.size,
                   taken_at=copy.taken_at or original.taken_at,
                   lat=copy.lat if located else original.lat,
                   lon=copy.lon if located else original.lon)
