"""Field records that can be trusted, on SQLite and PostgreSQL: answers versioned and merged,
entries kept aside, idempotent starts, empty drafts deleted, photos removed but kept, one
review decision, the four-eyes rule, the append-only change log, accounts, sessions and
facilities given to people or teams."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import delete, update
from sqlalchemy.exc import DBAPIError

from audit.errors import ConflictError, StoreError
from audit.evidence import keep_photo
from audit.store import (
    AnswerConflict,
    AnswerDraft,
    DraftProblem,
    FacilityInfo,
    InspectionStatus,
    Store,
    StoredAnswer,
    open_store,
)
from audit.store.tables import change_log
from tests.evidence.evidence_factory import make_photo

CODE = "FAC-9"


@pytest.fixture
def store(store_url: str, tmp_path: Path) -> Iterator[Store]:
    with open_store(store_url, files_dir=tmp_path / "files") as opened:
        opened.save_facility(FacilityInfo(code=CODE, name="服务中心"))
        yield opened


def _start(store: Store, inspector: str = "alice") -> tuple[int, bool]:
    return store.start_inspection(CODE, "gb55019-parking", "2025.1", inspector=inspector,
                                  building="existing")


def test_a_change_made_on_an_old_version_of_the_same_part_is_refused_with_both_values(store):
    inspection, _ = _start(store)
    first = store.save_answer(inspection, StoredAnswer("aisle_width", "1200"), by="alice",
                              base_version=0)
    assert (first.version, first.updated_by) == (1, "alice")
    store.save_answer(inspection, StoredAnswer("aisle_width", "1300"), by="bob",
                      base_version=1)
    with pytest.raises(AnswerConflict) as caught:
        store.save_answer(inspection, StoredAnswer("aisle_width", "1250"), by="alice",
                          base_version=1)
    assert caught.value.mine.value == "1250"
    assert (caught.value.theirs.value, caught.value.theirs.updated_by,
            caught.value.theirs.version) == ("1300", "bob", 2)
    assert store.inspection(inspection).answers["aisle_width"].value == "1300"


def test_changes_to_different_parts_merge_and_untouched_parts_keep_the_newer_value(store):
    inspection, _ = _start(store)
    store.save_answer(inspection, StoredAnswer("aisle_width", "1200"), by="alice",
                      base_version=0)
    store.save_answer(inspection, StoredAnswer("aisle_width", "1200", note="花坛占用"),
                      by="bob", base_version=1)
    merged = store.save_answer(inspection, StoredAnswer("aisle_width", "1250"), by="alice",
                               base_version=1)
    assert (merged.value, merged.note, merged.version) == ("1250", "花坛占用", 3)
    same = store.save_answer(inspection, StoredAnswer("aisle_width", "1200"), by="carol",
                             base_version=1)  # carol changed nothing: alice's value stays
    assert (same.value, same.version) == ("1250", 3)


def test_a_form_loaded_before_the_first_answer_does_not_wipe_it(store):
    inspection, _ = _start(store)
    store.save_answer(inspection, StoredAnswer("aisle_width", "1200"), by="alice",
                      base_version=0)
    with pytest.raises(AnswerConflict):
        store.save_answer(inspection, StoredAnswer("aisle_width", "900"), by="bob",
                          base_version=0)
    kept = store.save_answer(inspection, StoredAnswer("aisle_width", None), by="bob",
                             base_version=0)  # bob's form had it empty and he left it so
    assert (kept.value, kept.version) == ("1200", 1)


def test_every_change_is_logged_with_who_old_and_new_and_the_log_is_append_only(store):
    inspection, _ = _start(store)
    store.save_answer(inspection, StoredAnswer("aisle_width", "1200"), by="alice",
                      base_version=0)
    store.save_answer(inspection, StoredAnswer("aisle_width", "1100", note="复测"),
                      by="alice", base_version=1)
    changes = [c for c in store.history(inspection_id=inspection) if c.subject == "answer"]
    assert [(c.actor, c.action, c.version) for c in changes] == [
        ("alice", "create", 1), ("alice", "update", 2)]
    assert changes[1].old == {"value": "1200", "unit": None, "na": False, "note": None}
    assert changes[1].new == {"value": "1100", "unit": None, "na": False, "note": "复测"}
    assert changes[0].at <= changes[1].at
    for statement in (update(change_log).values(actor="mallory"), delete(change_log)):
        with pytest.raises(DBAPIError, match="append-only"), store.engine.begin() as db:
            db.execute(statement)
    assert len(store.history(inspection_id=inspection)) == len(
        store.history(inspection_id=inspection))


def test_entries_kept_aside_until_their_author_fixes_or_drops_them(store):
    inspection, _ = _start(store)
    draft = AnswerDraft("aisle_width", "alice", DraftProblem.INVALID, "约45米",
                        note="长" * 1200, error="answer.invalid.measurement", base_version=0)
    store.save_draft(inspection, draft)
    [kept] = store.drafts(inspection, author="alice")
    assert (kept.value, kept.note, kept.problem) == ("约45米", "长" * 1200,
                                                     DraftProblem.INVALID)
    assert store.drafts(inspection, author="bob") == []
    store.save_answer(inspection, StoredAnswer("aisle_width", "45", "m"), by="alice",
                      base_version=0)
    assert store.drafts(inspection) == []
    store.save_draft(inspection, draft)
    assert store.discard_draft(inspection, "aisle_width", author="alice")
    assert [c.old["value"] for c in store.history(inspection_id=inspection)
            if c.subject == "draft"] == ["约45米"]


def test_starting_twice_starts_once_and_a_returned_round_is_reopened(store):
    first, new = _start(store)
    assert new and _start(store) == (first, False)
    store.set_inspection_status(first, InspectionStatus.SUBMITTED, by="alice")
    store.decide(first, reviewer="rita", decision=InspectionStatus.RETURNED, comment="补照片")
    assert _start(store) == (first, False)
    store.set_inspection_status(first, InspectionStatus.SUBMITTED, by="alice")
    store.decide(first, reviewer="rita", decision=InspectionStatus.APPROVED, comment=None)
    second, new = _start(store)
    assert new and store.inspection(second).info.round == 2


def test_only_an_empty_draft_is_deleted_and_the_deletion_is_logged(store):
    inspection, _ = _start(store)
    store.delete_inspection(inspection, by="alice")
    with pytest.raises(StoreError, match=f"no inspection with id {inspection}"):
        store.inspection(inspection)
    assert [(c.subject, c.action, c.actor) for c in store.history(inspection_id=inspection)] \
        == [("inspection", "create", "alice"), ("inspection", "delete", "alice")]
    used, _ = _start(store)
    store.save_answer(used, StoredAnswer("total_spaces", "12"), by="alice", base_version=0)
    with pytest.raises(ConflictError, match="not an empty draft"):
        store.delete_inspection(used, by="alice")


def test_a_removed_photo_is_hidden_from_the_item_but_kept_and_can_come_back(store):
    inspection, _ = _start(store)
    photo = keep_photo(store, make_photo("jpeg"), name="wrong.jpg")
    assert store.attach_photo(inspection, "aisle_width", photo.sha256, by="alice")
    assert store.remove_photo(inspection, "aisle_width", photo.sha256, by="alice")
    assert store.inspection(inspection).photos == {}
    assert store.photo_bytes(photo.sha256)  # the evidence is not erased
    assert store.photo_inspections(photo.sha256) == [inspection]
    actions = [(c.subject, c.action, c.new or c.old) for c in
               store.history(inspection_id=inspection) if c.subject == "photo"]
    assert actions == [("photo", "add", photo.sha256), ("photo", "remove", photo.sha256)]
    assert not store.remove_photo(inspection, "aisle_width", photo.sha256, by="alice")
    assert store.attach_photo(inspection, "aisle_width", photo.sha256, by="alice")
    assert len(store.inspection(inspection).photos["aisle_width"]) == 1


def test_one_review_decision_wins(store):
    inspection, _ = _start(store)
    store.set_inspection_status(inspection, InspectionStatus.SUBMITTED, by="alice",
                                expect=(InspectionStatus.DRAFT, InspectionStatus.RETURNED))
    assert store.inspection(inspection).info.submitted_at
    store.decide(inspection, reviewer="rita", decision=InspectionStatus.APPROVED, comment=None)
    with pytest.raises(ConflictError, match="is approved now"):
        store.decide(inspection, reviewer="ravi", decision=InspectionStatus.RETURNED,
                     comment="重测")
    assert [r.reviewer for r in store.reviews(inspection)] == ["rita"]
    with pytest.raises(ConflictError):
        store.set_inspection_status(inspection, InspectionStatus.SUBMITTED, by="alice",
                                    expect=(InspectionStatus.DRAFT, InspectionStatus.RETURNED))


def test_nobody_decides_on_what_they_entered_or_changed(store):
    inspection, _ = _start(store)
    store.save_answer(inspection, StoredAnswer("total_spaces", "12"), by="rita",
                      base_version=0)
    store.set_inspection_status(inspection, InspectionStatus.SUBMITTED, by="alice")
    assert store.authors(inspection) == {"alice", "rita"}
    with pytest.raises(ConflictError, match="four-eyes"):
        store.decide(inspection, reviewer="rita", decision=InspectionStatus.APPROVED,
                     comment=None)
    with pytest.raises(ConflictError, match="four-eyes"):  # sending back is a decision too
        store.decide(inspection, reviewer="rita", decision=InspectionStatus.RETURNED,
                     comment="请核对车位数")
    with pytest.raises(ConflictError, match="four-eyes"):
        store.decide(inspection, reviewer="alice", decision=InspectionStatus.RETURNED,
                     comment="自己退回")
    assert store.reviews(inspection) == []
    assert store.inspection(inspection).info.status is InspectionStatus.SUBMITTED
    store.decide(inspection, reviewer="ravi", decision=InspectionStatus.RETURNED,
                 comment="请核对车位数")
    store.set_inspection_status(inspection, InspectionStatus.SUBMITTED, by="alice")
    store.decide(inspection, reviewer="ravi", decision=InspectionStatus.APPROVED, comment=None)


def test_facility_changes_are_logged_and_facilities_go_to_people_or_teams(store):
    store.create_facility(FacilityInfo(code="FAC-10", name="停车场", address="人民路"),
                          by="alice")
    with pytest.raises(ConflictError, match="taken"):
        store.create_facility(FacilityInfo(code="FAC-10", name="x"), by="bob")
    store.overwrite_facility(FacilityInfo(code="FAC-10", name="停车场"), by="bob")
    assert store.facility("FAC-10").address is None
    [created, changed, ] = [c for c in store.history(facility="FAC-10")
                            if c.subject == "facility"]
    assert (created.actor, created.new["address"]) == ("alice", "人民路")
    assert (changed.actor, changed.old, changed.new) == ("bob", {"address": "人民路"},
                                                         {"address": None})
    assert store.facility_codes_for("alice", None) == {"FAC-10"}
    store.assign_facility(CODE, "team", "东区", by="admin")
    assert store.facility_codes_for("bob", "东区") == {CODE}
    assert store.facility_codes_for("bob", None) == set()
    assert store.unassign_facility(CODE, "team", "东区", by="admin")
    assert store.facility_codes_for("bob", "东区") == set()


def test_sessions_end_on_logout_password_change_and_disabling(store):
    user = store.add_user("alice", role="inspector", password_hash="$argon2id$a")
    with pytest.raises(ConflictError, match="exists already"):
        store.add_user("alice", role="admin", password_hash="$argon2id$b")
    for sid in ("s1", "s2"):
        store.open_session(sid, user.id, expires_at="2999-01-01T00:00:00+00:00")
    store.open_session("old", user.id, expires_at="2000-01-01T00:00:00+00:00")
    assert store.session_user("s1").name == "alice" and store.session_user("old") is None
    store.end_session("s1")
    assert store.session_user("s1") is None and store.session_user("s2") is not None
    store.update_user("alice", by="admin", password_hash="$argon2id$new")
    assert store.session_user("s2") is None
    store.open_session("s3", user.id, expires_at="2999-01-01T00:00:00+00:00")
    store.update_user("alice", by="admin", team="东区", role="reviewer")
    assert store.session_user("s3") is not None  # a new team or role keeps the session
    store.update_user("alice", by="admin", disabled=True)
    assert store.session_user("s3") is None
    logged = [c for c in store.history() if c.subject == "user"]
    assert [c.new for c in logged] == [
        {"role": "inspector", "team": None}, {"password": "changed"},
        {"role": "reviewer", "team": "东区"}, {"disabled": True}]
    assert "$argon2id" not in repr(logged)
    assert store.app_secret("session", lambda: "k1") == store.app_secret("session") == "k1"


def test_versions_keep_counting_after_the_answers_are_cleared_for_a_new_import(store):
    """A form loaded before a re-import carries a version the new answers never had, so it
    cannot overwrite them unnoticed."""
    inspection, _ = _start(store)
    store.save_answer(inspection, StoredAnswer("total_spaces", "12"), by="alice",
                      base_version=0)
    store.reset_inspection(inspection, by="cli:wang")
    assert store.inspection(inspection).answers == {}
    imported = store.save_answer(inspection, StoredAnswer("total_spaces", "14"))
    assert imported.version == 2
    with pytest.raises(AnswerConflict):
        store.save_answer(inspection, StoredAnswer("total_spaces", "13"), by="alice",
                          base_version=1)
    cleared = [c for c in store.history(inspection_id=inspection) if c.subject == "answers"]
    assert [(c.actor, c.old) for c in cleared] == [("cli:wang", {"total_spaces": {
        "value": "12", "unit": None, "na": False, "note": None}})]


def test_an_import_over_an_inspection_says_who_changed_its_header_and_spares_an_approved_one(
        store):
    """Importing a sheet again (``--replace``) changed the inspector, date and building
    without a line in the change log (the record named another person, and nobody could say
    who made it so), and replaced the answers of an approved inspection under its approval."""
    inspection, _ = _start(store)
    store.save_answer(inspection, StoredAnswer("total_spaces", "12"), by="alice",
                      base_version=0)
    store.reset_inspection(inspection, by="cli:wang", inspector="李工",
                           inspected_on="2026-12-01", building="existing")
    header = [c for c in store.history(inspection_id=inspection)
              if (c.subject, c.action) == ("inspection", "update")]
    assert [(c.actor, c.old, c.new) for c in header] == [
        ("cli:wang", {"inspector": "alice", "inspected_on": None},
         {"inspector": "李工", "inspected_on": "2026-12-01"})]
    store.save_answer(inspection, StoredAnswer("total_spaces", "14"), by="李工")
    store.set_inspection_status(inspection, InspectionStatus.SUBMITTED, by="李工")
    store.decide(inspection, reviewer="rita", decision=InspectionStatus.APPROVED, comment=None)
    before = len(store.history(inspection_id=inspection))
    with pytest.raises(ConflictError, match=r"inspection \d+ is approved: its answers and "
                       "photos are not replaced; import the sheet as a new round"):
        store.reset_inspection(inspection, by="cli:wang", inspector="bob")
    record = store.inspection(inspection)
    assert (record.info.inspector, record.answers["total_spaces"].value) == ("李工", "14")
    assert len(store.history(inspection_id=inspection)) == before


def test_a_decision_names_the_state_it_was_made_on(store):
    inspection, _ = _start(store)
    store.save_answer(inspection, StoredAnswer("total_spaces", "12"), by="alice",
                      base_version=0)
    store.set_inspection_status(inspection, InspectionStatus.SUBMITTED, by="alice")
    seen = store.last_change(inspection)
    store.save_draft(inspection, AnswerDraft("aisle_width", "ravi", DraftProblem.INVALID,
                                             "wide"))  # kept aside: not what it holds
    assert store.last_change(inspection) == seen
    store.save_answer(inspection, StoredAnswer("total_spaces", "14"), by="bob")
    with pytest.raises(ConflictError, match="changed after ravi opened it"):
        store.decide(inspection, reviewer="ravi", decision=InspectionStatus.APPROVED,
                     comment=None, seen=seen)
    assert store.reviews(inspection) == []
    store.decide(inspection, reviewer="ravi", decision=InspectionStatus.APPROVED,
                 comment=None, seen=store.last_change(inspection))
    assert store.inspection(inspection).info.status is InspectionStatus.APPROVED


def test_an_inspection_sent_back_is_handed_to_another_inspector(store):
    """Its inspector left (account disabled): an admin gives it to a colleague, who continues
    and submits it; the hand-over is logged, and both inspectors stay out of the decision."""
    for name in ("alice", "bob", "carol"):
        store.add_user(name, role="inspector", password_hash="$argon2id$x")
    inspection, _ = _start(store)
    store.save_answer(inspection, StoredAnswer("total_spaces", "12"), by="alice",
                      base_version=0)
    store.set_inspection_status(inspection, InspectionStatus.SUBMITTED, by="alice")
    store.decide(inspection, reviewer="rita", decision=InspectionStatus.RETURNED,
                 comment="请核对车位数")
    store.update_user("alice", by="admin", disabled=True)
    store.hand_over(inspection, to="bob", by="admin")
    assert store.inspection(inspection).info.inspector == "bob"
    logged = store.history(inspection_id=inspection)[-1]
    assert (logged.actor, logged.subject, logged.action, logged.old, logged.new) == (
        "admin", "inspector", "hand_over", "alice", "bob")
    assert logged.at
    store.save_answer(inspection, StoredAnswer("total_spaces", "14"), by="bob",
                      base_version=1)
    store.set_inspection_status(inspection, InspectionStatus.SUBMITTED, by="bob",
                                expect=(InspectionStatus.DRAFT, InspectionStatus.RETURNED))
    assert store.authors(inspection) == {"alice", "bob"}
    with pytest.raises(ConflictError, match="four-eyes"):
        store.decide(inspection, reviewer="bob", decision=InspectionStatus.APPROVED,
                     comment=None)
    store.decide(inspection, reviewer="rita", decision=InspectionStatus.APPROVED, comment=None)


def test_a_hand_over_is_refused_when_it_cannot_be_done(store):
    store.add_user("bob", role="inspector", password_hash="$argon2id$x")
    store.add_user("dave", role="inspector", password_hash="$argon2id$x")
    store.update_user("dave", by="admin", disabled=True)
    inspection, _ = _start(store)
    with pytest.raises(ConflictError, match="no account named nobody"):
        store.hand_over(inspection, to="nobody", by="admin")
    with pytest.raises(ConflictError, match="the account of dave is disabled"):
        store.hand_over(inspection, to="dave", by="admin")
    with pytest.raises(ConflictError, match="is alice's already"):
        store.hand_over(inspection, to="alice", by="admin")
    store.add_user("rosa", role="reviewer", password_hash="$argon2id$x")
    store.add_user("adele", role="admin", password_hash="$argon2id$x")
    for name, role in (("rosa", "reviewer"), ("adele", "admin")):
        with pytest.raises(ConflictError, match=f"the account of {name} has the role {role}, "
                           "not inspector; choose an inspector"):
            store.hand_over(inspection, to=name, by="admin")
    store.set_inspection_status(inspection, InspectionStatus.SUBMITTED, by="alice")
    with pytest.raises(ConflictError, match="is submitted: only a draft or one sent back"):
        store.hand_over(inspection, to="bob", by="admin")
    assert store.inspection(inspection).info.inspector == "alice"
    assert all(c.subject != "inspector" for c in store.history(inspection_id=inspection))
