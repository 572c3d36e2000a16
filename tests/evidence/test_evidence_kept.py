"""Photos kept in the store: evidence verifies and describes them, the store keeps bytes and
records; copies and shareable photos are made from the checked bytes the store gives back."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from evidence_factory import make_exif, make_photo

from audit.errors import EvidenceError, NotAnImage
from audit.evidence import inspect_photo, keep_photo, photo_copies, photo_record, shareable_photo
from audit.store import PhotoRecord, Store, open_store


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    with open_store(tmp_path / "audit.db", files_dir=tmp_path / "files") as opened:
        yield opened


def test_photo_facts_are_recorded_and_bytes_come_back_checked(store: Store) -> None:
    data = make_photo("jpeg")
    photo = keep_photo(store, data, name="aisle.jpg")
    info = inspect_photo(data)
    assert (photo.media_type, photo.width, photo.height, photo.size) == (
        "image/jpeg", 480, 640, len(data))
    assert info.taken_at is not None
    assert photo.taken_at == "2024-05-06T14:30:15+08:00" == info.taken_at.isoformat()
    assert photo.lat is not None and photo.lon is not None
    assert (round(photo.lat, 5), round(photo.lon, 5)) == (31.2267, 121.47009)
    assert photo.original_name == "aisle.jpg"
    assert photo == photo_record(data, name="aisle.jpg") == store.photo(photo.sha256)
    assert store.photo_bytes(photo.sha256) == data
    store.photo_files.path(photo.sha256).write_bytes(make_photo("jpeg", make_exif(gps=False)))
    with pytest.raises(EvidenceError, match="was changed on disk"):
        store.photo_bytes(photo.sha256)


def test_a_copy_names_its_original_and_takes_its_time_and_place_when_it_lost_them() -> None:
    copy = make_photo("png", make_exif(gps=False, taken=False))
    original = PhotoRecord(sha256="ab" * 32, media_type="image/jpeg", width=4000, height=3000,
                           size=9_000_000, taken_at="2024-05-06T14:30:15+08:00", lat=31.2,
                           lon=121.4)
    record = photo_record(copy, name="small.png", original=original)
    assert (record.original_sha256, record.original_size) == ("ab" * 32, 9_000_000)
    assert (record.taken_at, record.lat, record.lon) == ("2024-05-06T14:30:15+08:00", 31.2,
                                                         121.4)
    own = photo_record(make_photo("jpeg"), original=original)  # has its own time and place
    assert (own.taken_at, own.original_sha256) == ("2024-05-06T14:30:15+08:00", "ab" * 32)
    assert own.lat is not None and (round(own.lat, 5), own.lon) != (31.2, 121.4)


def test_copies_and_shareable_photos_leave_gps_behind(store: Store) -> None:
    photo = keep_photo(store, make_photo("jpeg"), name="a.jpg")
    copies = photo_copies(store, photo.sha256)
    assert inspect_photo(copies.thumbnail).gps is None
    assert inspect_photo(copies.report).gps is None
    kept = photo_copies(store, photo.sha256, strip_location=False)
    assert inspect_photo(kept.report).gps is not None
    shared = inspect_photo(shareable_photo(store, photo.sha256))
    assert (shared.gps, shared.taken_at, shared.camera) == (None, None, None)


def test_a_refused_photo_stores_nothing(store: Store) -> None:
    with pytest.raises(NotAnImage, match="notes.jpg is not an image"):
        keep_photo(store, b"just some text\n", name="notes.jpg")
    assert not store.photo_files.root.exists()
