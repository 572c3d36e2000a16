"""Named migrations: recorded, idempotent, atomic, and a newer database is refused."""

from __future__ import annotations

import pytest
from sqlalchemy import Column, Integer, MetaData, Table, inspect, select

from audit.errors import StoreError
from audit.evidence import keep_photo
from audit.store import _migrate, open_store
from audit.store.migrations import MIGRATIONS, Migration
from audit.store.tables import metadata, schema_migrations


def _recorded(store) -> list[tuple[str, str]]:
    with store.engine.connect() as connection:
        return [tuple(row) for row in connection.execute(
            select(schema_migrations.c.name, schema_migrations.c.applied_at)
            .order_by(schema_migrations.c.name))]


def test_migration_names_are_unique_and_ordered():
    names = [migration.name for migration in MIGRATIONS]
    assert names == sorted(set(names))
    assert names[0] == "0001_initial"


def test_open_records_every_migration(store):
    assert store.migrations() == [migration.name for migration in MIGRATIONS]
    assert all(applied_at for _, applied_at in _recorded(store))


def test_reopening_applies_nothing_again(store_url):
    with open_store(store_url) as store:
        first = _recorded(store)
    with open_store(store_url) as store:
        assert _recorded(store) == first


def test_migrated_schema_matches_the_query_tables(store):
    inspector = inspect(store.engine)
    assert set(inspector.get_table_names()) == set(metadata.tables)
    for table in metadata.sorted_tables:
        columns = {column["name"] for column in inspector.get_columns(table.name)}
        assert columns == set(table.columns.keys()), table.name
    unique = {tuple(c["column_names"]) for c in inspector.get_unique_constraints("pages")}
    assert ("scan_id", "url_key", "viewport") in unique
    indexes = {tuple(ix["column_names"]) for ix in inspector.get_indexes("findings")}
    assert {("scan_id", "fingerprint"), ("scan_id", "rule")} <= indexes


def test_unknown_newer_migration_is_refused(store_url):
    with open_store(store_url) as store, store.engine.begin() as connection:
        connection.execute(schema_migrations.insert().values(
            name="0099_inspections", applied_at="2031-01-01T00:00:00+00:00"))
        name = store.name
    with pytest.raises(StoreError) as caught:
        open_store(store_url)
    assert str(caught.value) == (
        f"database {name} has schema migrations this version of a11y-audit does not know "
        "(0099_inspections): it was written by a newer a11y-audit; upgrade to use it")


def test_a_failing_migration_leaves_no_trace(store_url, monkeypatch):
    """DDL runs in the migration transaction on both backends: all or nothing."""
    open_store(store_url).close()
    extra = MetaData()
    Table("half_done", extra, Column("id", Integer, primary_key=True))

    def broken(connection) -> None:
        extra.create_all(connection)
        raise RuntimeError("migration bug")

    monkeypatch.setattr(_migrate, "MIGRATIONS", (*MIGRATIONS, Migration("0002_broken", broken)))
    with pytest.raises(RuntimeError, match="migration bug"):
        open_store(store_url)
    monkeypatch.undo()
    with open_store(store_url) as store:
        assert "half_done" not in inspect(store.engine).get_table_names()
        assert store.migrations() == [migration.name for migration in MIGRATIONS]


def test_a_later_migration_applies_on_open(store_url, monkeypatch):
    """Adding tables later is one more entry in MIGRATIONS."""
    open_store(store_url).close()
    extra = MetaData()
    Table("later", extra, Column("id", Integer, primary_key=True))
    monkeypatch.setattr(_migrate, "MIGRATIONS",
                        (*MIGRATIONS, Migration("0999_later", extra.create_all)))
    with open_store(store_url) as store:
        assert store.migrations()[-1] == "0999_later"
        assert "later" in inspect(store.engine).get_table_names()


def test_the_field_app_tables_it_made_itself_are_taken_over(store_url, monkeypatch):
    """Before migration 0003 the field app created its tables itself: a database that has
    them (with accounts) gets 0003 recorded and keeps every row."""
    from sqlalchemy import insert, select

    from audit.store.migrations import m0003_field_app

    monkeypatch.setattr(_migrate, "MIGRATIONS", MIGRATIONS[:2])
    with open_store(store_url) as store, store.engine.begin() as connection:
        m0003_field_app.metadata.create_all(connection)  # as the app used to
        connection.execute(insert(m0003_field_app.users).values(
            name="wang", role="reviewer", password_hash="$argon2id$x", created_at="2026-01-01"))
    monkeypatch.undo()
    with open_store(store_url) as store:
        assert "0003_field_app" in store.migrations()
        with store.engine.connect() as connection:
            assert connection.scalar(select(m0003_field_app.users.c.name)) == "wang"


def test_0004_keeps_the_rows_of_a_database_made_before_it(store_url, monkeypatch, tmp_path):
    """A store from before migration 0004, with an account, a facility, an inspection, an
    answer and a photo, opens with every row kept: answers at version 1, accounts enabled,
    photos attached, and the new tables empty."""
    from audit.store import FacilityInfo, StoredAnswer
    from audit.store.migrations import m0002_inspections as m2
    from audit.store.migrations import m0003_field_app as m3
    from tests.evidence.evidence_factory import make_photo

    monkeypatch.setattr(_migrate, "MIGRATIONS", MIGRATIONS[:3])
    with open_store(store_url, files_dir=tmp_path / "files") as old, \
            old.engine.begin() as connection:  # rows as the code of that time wrote them
        connection.execute(m3.users.insert().values(
            name="wang", role="reviewer", password_hash="$argon2id$x",
            created_at="2026-01-01T00:00:00+00:00"))
        connection.execute(m2.facilities.insert().values(
            code="FAC-1", name="服务中心", created_at="2026-01-01"))
        connection.execute(m2.inspections.insert().values(
            facility_id=1, checklist_id="gb55019-parking", checklist_version="1",
            inspector="wang", round=1, building="new", status="submitted",
            created_at="2026-01-01", updated_at="2026-01-01"))
        connection.execute(m2.answers.insert().values(
            inspection_id=1, item_id="total_spaces", value="12", na=False,
            updated_at="2026-01-02"))
    monkeypatch.undo()
    photo_data = make_photo("jpeg")
    with open_store(store_url, files_dir=tmp_path / "files") as store:
        assert "0004_field_records" in store.migrations()
        user = store.user("wang")
        assert (user.role, user.disabled, user.team) == ("reviewer", False, None)
        record = store.inspection(1)
        answer = record.answers["total_spaces"]
        assert (answer.value, answer.version, answer.updated_by) == ("12", 1, None)
        assert record.info.status == "submitted" and record.facility.name == "服务中心"
        photo = keep_photo(store, photo_data, name="p.jpg")
        assert store.attach_photo(1, "total_spaces", photo.sha256, by="wang")
        assert store.save_answer(1, StoredAnswer("total_spaces", "13"), by="wang",
                                 base_version=1).version == 2
        assert [c.subject for c in store.history(inspection_id=1)] == ["photo", "answer"]
        assert store.facility_codes_for("wang", None) == set()
        store.save_facility(FacilityInfo(code="FAC-1", name="改名"))
        assert store.facility("FAC-1").name == "改名"


def test_photos_linked_before_migration_0005_stay_photos_of_the_inspection(
        store_url, monkeypatch, tmp_path):
    from sqlalchemy import insert

    from audit.store import FacilityInfo
    from audit.store.migrations import m0002_inspections
    from tests.evidence.evidence_factory import make_photo

    monkeypatch.setattr(_migrate, "MIGRATIONS", MIGRATIONS[:4])
    with open_store(store_url, files_dir=tmp_path / "files") as store:
        store.save_facility(FacilityInfo(code="FAC-1", name="中心"))
        inspection = store.create_inspection("FAC-1", "gb55019-doors", "2025.1")
        photo = keep_photo(store, make_photo("jpeg"), name="door.jpg")
        with store.engine.begin() as connection:
            connection.execute(insert(m0002_inspections.photo_links).values(
                inspection_id=inspection, item_id="door_width", sha256=photo.sha256))
    monkeypatch.undo()
    with open_store(store_url, files_dir=tmp_path / "files") as store:
        assert "0005_photo_stage" in store.migrations()
        [linked] = store.inspection(inspection).photos["door_width"]
        assert (linked.sha256, linked.before) == (photo.sha256, False)


def test_findings_stored_before_facts_were_kept_read_back_without_them(store_url, monkeypatch):
    """A database written before 0006 keeps its findings; they come back with no facts."""
    from audit.store import _rows
    from tests.store.samples import findings_page, sample_run

    original = _rows.finding_values

    def without_facts(*args, **kwargs):  # the row as a11y-audit wrote it before 0006
        values = original(*args, **kwargs)
        del values["facts"]
        del values["template"]  # 0008
        return values

    page_values = _rows.page_values

    def without_blocked(*args, **kwargs):  # 0008
        values = page_values(*args, **kwargs)
        del values["blocked_requests"]
        for name in ("etag", "last_modified", "content_hash", "subresources", "verified_at",
                     "carried_from"):  # 0009
            del values[name]
        return values

    monkeypatch.setattr(_migrate, "MIGRATIONS", MIGRATIONS[:6])
    monkeypatch.setattr(_rows, "finding_values", without_facts)
    monkeypatch.setattr(_rows, "page_values", without_blocked)
    with open_store(store_url) as store:
        scan_id = store.begin_scan(sample_run())
        store.save_page(scan_id, findings_page())
    monkeypatch.undo()
    with open_store(store_url) as store:
        assert store.migrations()[-1] == MIGRATIONS[-1].name
        [page] = store.load_run(scan_id).pages
        assert [f.facts for f in page.findings] == [None, None, None]
        assert page.findings[0].message == "图片缺少替代文本 (image has no alt text)"
        assert (page.version, page.carried_from) == (None, None)  # 0009: not recorded then
        assert page.verified_at is not None and page.verified_at.startswith("20")
