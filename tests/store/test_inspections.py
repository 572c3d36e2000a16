"""Facilities, inspections, answers and content-addressed photos, on SQLite and PostgreSQL."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import pytest

from audit.errors import EvidenceError, StoreError
from audit.evidence import keep_photo
from audit.store import (
    FacilityInfo,
    InspectionStatus,
    PhotoRecord,
    Store,
    StoredAnswer,
    open_store,
    sha256_hex,
)
from tests.evidence.evidence_factory import make_photo

PLACE = FacilityInfo(code="FAC-001", name="示范区政务服务中心", type="政务服务中心",
                     address="人民路 100 号", lat=30.27415, lon=120.1552,
                     department="行政审批服务局")


@pytest.fixture
def store(store_url: str, tmp_path: Path) -> Iterator[Store]:
    with open_store(store_url, files_dir=tmp_path / "files") as opened:
        yield opened


def _inspection(store: Store, **kwargs) -> int:
    store.save_facility(PLACE)
    return store.create_inspection("FAC-001", "gb55019-parking", "2025.1", inspector="王工",
                                   inspected_on="2025-03-14", **kwargs)


def test_facility_is_saved_updated_and_listed(store):
    first = store.save_facility(PLACE)
    again = store.save_facility(FacilityInfo(code="FAC-001", name="服务中心（新名）"))
    assert first == again
    found = store.facility("FAC-001")
    assert (found.name, found.department, found.lat) == ("服务中心（新名）", "行政审批服务局",
                                                         30.27415)
    store.save_facility(FacilityInfo(code="FAC-000", name="甲"), update=False)
    store.save_facility(FacilityInfo(code="FAC-000", name="乙"), update=False)
    assert [(f.code, f.name) for f in store.facilities()] == [("FAC-000", "甲"),
                                                             ("FAC-001", "服务中心（新名）")]


def test_unknown_facility_and_inspection_are_store_errors(store):
    with pytest.raises(StoreError, match="no facility 'FAC-404' in DB"):
        store.facility("FAC-404")
    with pytest.raises(StoreError, match="no facility 'FAC-404' in DB"):
        store.create_inspection("FAC-404", "gb55019-parking", "2025.1")
    with pytest.raises(StoreError, match="no inspection with id 99 in DB"):
        store.inspection(99)
    with pytest.raises(StoreError, match="no inspection with id 99 in DB"):
        store.save_answer(99, StoredAnswer("x", "1"))


def test_rounds_count_up_per_checklist_and_a_round_is_taken_once(store):
    first = _inspection(store)
    second = _inspection(store)
    other = store.create_inspection("FAC-001", "gb55019-curb-ramps", "2025.1")
    rounds = {i.id: (i.checklist_id, i.round) for i in store.inspections(facility="FAC-001")}
    assert rounds == {first: ("gb55019-parking", 1), second: ("gb55019-parking", 2),
                      other: ("gb55019-curb-ramps", 1)}
    assert store.find_inspection("FAC-001", "gb55019-parking", 2) == second
    assert store.find_inspection("FAC-001", "gb55019-parking", 3) is None
    with pytest.raises(StoreError, match=r"already has round 2 of checklist gb55019-parking"):
        _inspection(store, round=2)


def test_saving_an_answer_twice_replaces_it(store):
    inspection = _inspection(store)
    store.save_answer(inspection, StoredAnswer("aisle_width", "1100", "mm"))
    store.save_answer(inspection, StoredAnswer("total_spaces", "160"))
    store.save_answer(inspection, StoredAnswer("aisle_width", "1.25 m", note="重测"))
    record = store.inspection(inspection)
    assert record.answers == {
        "aisle_width": StoredAnswer("aisle_width", "1.25 m", None, False, "重测"),
        "total_spaces": StoredAnswer("total_spaces", "160")}
    assert record.facility.name == PLACE.name
    assert record.info.status is InspectionStatus.DRAFT


def test_status_and_reset(store):
    inspection = _inspection(store)
    store.save_answer(inspection, StoredAnswer("total_spaces", "160"))
    store.set_inspection_status(inspection, "submitted")
    assert store.inspection(inspection).info.status is InspectionStatus.SUBMITTED
    with pytest.raises(ValueError):
        store.set_inspection_status(inspection, "lost")
    store.reset_inspection(inspection, inspector="李工")
    record = store.inspection(inspection)
    assert (record.answers, record.info.inspector) == ({}, "李工")


def test_the_same_photo_attached_twice_is_stored_once(store):
    inspection = _inspection(store)
    data = make_photo("jpeg")
    first = keep_photo(store, data, name="a.jpg")
    second = keep_photo(store, data, name="copy-of-a.jpg")
    assert first == second and first.sha256 == sha256_hex(data)
    assert store.attach_photo(inspection, "aisle_width", first.sha256) is True
    assert store.attach_photo(inspection, "aisle_width", first.sha256) is False
    assert store.attach_photo(inspection, "markings", first.sha256) is True
    files = [p for p in store.photo_files.root.rglob("*") if p.is_file()]
    assert len(files) == 1 and files[0].name == first.sha256
    photos = store.inspection(inspection).photos
    assert {item: [p.sha256 for p in ps] for item, ps in photos.items()} == {
        "aisle_width": [first.sha256], "markings": [first.sha256]}


def test_a_photo_of_the_state_before_the_work_is_kept_apart(store):
    inspection = _inspection(store)
    before = keep_photo(store, make_photo("jpeg"), name="before.jpg")
    after = keep_photo(store, make_photo("png"), name="after.png")
    assert store.attach_photo(inspection, "door_clear_width", before.sha256, before=True)
    assert store.attach_photo(inspection, "door_clear_width", after.sha256)
    assert store.attach_photo(inspection, "door_clear_width", before.sha256,
                              before=True) is False
    photos = store.inspection(inspection).photos["door_clear_width"]
    assert [(p.original_name, p.before) for p in photos] == [
        ("before.jpg", True), ("after.png", False)]
    with pytest.raises(StoreError) as caught:
        store.attach_photo(inspection, "door_clear_width", before.sha256)
    assert str(caught.value) == (
        f"photo {before.sha256[:12]} is already attached to door_clear_width as taken before "
        "the work; one photo cannot show both")
    assert store.photo(before.sha256).before is False  # a photo itself has no stage


def test_the_store_keeps_bytes_and_their_record_without_opening_them(store):
    data = b"not an image: the store takes evidence's word for what the bytes are"
    record = PhotoRecord(sha256=sha256_hex(data), media_type="image/png", width=3, height=2,
                         size=len(data), original_name="x.png")
    assert store.add_photo(data, record) == record
    assert store.photo(record.sha256) == record
    assert store.photo_bytes(record.sha256) == data
    assert store.add_photo(data, replace(record, original_name="again.png")) == record
    store.photo_files.path(record.sha256).write_bytes(b"swapped")
    with pytest.raises(EvidenceError, match="was changed on disk"):
        store.photo_bytes(record.sha256)


def test_a_record_of_other_bytes_stores_nothing(store):
    record = PhotoRecord(sha256=sha256_hex(b"one"), media_type="image/png", width=1,
                         height=1, size=3, original_name="one.png")
    with pytest.raises(StoreError) as caught:
        store.add_photo(b"two", record)
    assert str(caught.value) == (f"photo one.png: the record is of other bytes (SHA-256 "
                                 f"{record.sha256[:12]}…); nothing stored")
    assert not store.photo_files.root.exists()
    with pytest.raises(StoreError, match="no photo"):
        store.photo(record.sha256)


def test_attaching_an_unknown_photo_is_refused(store):
    inspection = _inspection(store)
    with pytest.raises(StoreError, match="no photo"):
        store.attach_photo(inspection, "x", "0" * 64)


def test_sqlite_keeps_photos_next_to_the_database(tmp_path, monkeypatch):
    monkeypatch.delenv("A11Y_AUDIT_FILES", raising=False)
    with open_store(tmp_path / "audit.db") as store:
        photo = keep_photo(store, make_photo("png"), name="p.png")
        assert store.files_root == tmp_path / "audit.db.files"
        assert store.photo_files.path(photo.sha256).is_file()
    monkeypatch.setenv("A11Y_AUDIT_FILES", str(tmp_path / "elsewhere"))
    with open_store(tmp_path / "audit.db") as store:
        assert store.files_root == tmp_path / "elsewhere"


def test_postgresql_without_a_photo_folder_says_how_to_get_one(pg_url, monkeypatch):
    monkeypatch.delenv("A11Y_AUDIT_FILES", raising=False)
    with open_store(pg_url) as store:
        assert store.files_root is None
        inspection = _inspection(store)  # everything but photos works
        store.save_answer(inspection, StoredAnswer("total_spaces", "3"))
        with pytest.raises(StoreError, match="has no folder for photo files: set "
                                             "A11Y_AUDIT_FILES"):
            keep_photo(store, make_photo("jpeg"), name="a.jpg")
