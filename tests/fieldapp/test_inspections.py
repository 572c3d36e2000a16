"""Inspections over HTTP: sections, answers saved as entered, photos, verdict, permissions,
review."""

from __future__ import annotations

from pathlib import Path

from audit.fieldapp.server import FieldServer
from audit.store import InspectionStatus, Store
from tests.fieldapp.conftest import MAX_PHOTO_BYTES, jpeg, logged_in, start_ramp_inspection


def test_a_failing_ramp_slope_shows_as_a_failure_with_its_clause(server: FieldServer,
                                                                 field_store: Store):
    client = logged_in(server)
    inspection_id = start_ramp_inspection(client)
    section = client.get(f"/inspections/{inspection_id}/sections/2").text
    assert 'id="v-ramp_slope"' in section and 'id="u-ramp_slope"' in section
    assert 'accept="image/*" capture="environment" multiple' in section
    reply = client.post(f"/inspections/{inspection_id}/sections/2",
                        {"v-ramp_slope": "1:10", "u-ramp_slope": "ratio", "go": "stay",
                         "note-ramp_slope": "最陡一段"},
                        files={"photo-ramp_slope": [("ramp.jpg", jpeg()), ("b.jpg", jpeg(80))]})
    assert reply.status == 303, reply.text
    record = field_store.inspection(inspection_id)
    assert record.answers["ramp_slope"].value == "1:10"
    assert record.answers["ramp_slope"].note == "最陡一段"
    assert len(record.photos["ramp_slope"]) == 2
    assert client.post(f"/inspections/{inspection_id}/submit").status == 303
    verdict = client.get(f"/inspections/{inspection_id}/verdict").text
    row = verdict.split('<tr class="outcome-fail">', 1)[1].split("</tr>", 1)[0]
    assert "坡道坡度" in row and "1:10" in row and "1:12" in row
    assert "GB 55019-2021 §2.3.1" in row and "重大" in row
    assert field_store.inspection(inspection_id).info.status is InspectionStatus.SUBMITTED


def test_measurement_in_another_unit_and_the_other_input_kinds(server: FieldServer,
                                                               field_store: Store):
    client = logged_in(server)
    inspection_id = start_ramp_inspection(client)
    reply = client.post(f"/inspections/{inspection_id}/sections/2",
                        {"v-ramp_rise": "70", "u-ramp_rise": "cm", "v-ramp_slope": "8",
                         "u-ramp_slope": "%", "go": "next"})
    assert reply.status == 303
    answers = field_store.inspection(inspection_id).answers
    assert (answers["ramp_rise"].value, answers["ramp_rise"].unit) == ("70", "cm")
    assert (answers["ramp_slope"].value, answers["ramp_slope"].unit) == ("8", "%")
    overview = client.get(f"/inspections/{inspection_id}").text
    assert "已答 2 /" in overview


def test_a_bad_value_is_refused_tied_to_its_field_and_kept_over_a_reload(server: FieldServer,
                                                                          field_store: Store):
    client = logged_in(server)
    inspection_id = start_ramp_inspection(client)
    url = f"/inspections/{inspection_id}/sections/2"
    reply = client.post(url, {"v-ramp_slope": "1:10", "v-ramp_rise": "steep", "go": "stay"})
    assert reply.status == 422
    assert '<a href="#v-ramp_rise">' in reply.text
    assert 'value="steep"' in reply.text
    assert 'aria-describedby="v-ramp_rise-hint v-ramp_rise-error" aria-invalid="true"' \
        in reply.text
    assert field_store.inspection(inspection_id).answers["ramp_slope"].value == "1:10"
    again = client.get(url).text  # a reload: the error and what was typed are still there
    assert 'value="steep"' in again and 'id="v-ramp_rise-error"><span' in again
    client.post(url, {"v-ramp_slope": "1:10", "v-ramp_rise": "600", "go": "stay"})
    assert 'value="steep"' not in client.get(url).text


def test_each_answer_is_saved_as_entered(server: FieldServer, field_store: Store):
    client = logged_in(server)
    inspection_id = start_ramp_inspection(client)
    url = f"/inspections/{inspection_id}/answer"
    reply = client.post(url, {"item": "ramp_width", "v-ramp_width": "1.1", "u-ramp_width": "m"})
    assert reply.status == 200 and '"saved":true' in reply.text.replace(" ", "")
    assert field_store.inspection(inspection_id).answers["ramp_width"].value == "1.1"
    bad = client.post(url, {"item": "ramp_width", "v-ramp_width": "wide"})
    assert bad.status == 422
    assert field_store.inspection(inspection_id).answers["ramp_width"].value == "1.1"
    na = client.post(url, {"item": "ramp_width", "na-ramp_width": "1"})
    assert na.status == 200 and field_store.inspection(inspection_id).answers["ramp_width"].na
    unknown = client.post(url, {"item": "no_such_item", "v-no_such_item": "1"})
    assert unknown.status == 400 and '"saved":false' in unknown.text.replace(" ", "")


def test_bad_uploads_are_refused_and_names_never_become_paths(server: FieldServer,
                                                              field_store: Store,
                                                              tmp_path: Path):
    client = logged_in(server)
    inspection_id = start_ramp_inspection(client)
    url = f"/inspections/{inspection_id}/sections/2"
    big = b"\xff\xd8\xff" + b"\0" * (MAX_PHOTO_BYTES + 10)
    reply = client.post(url, {"v-ramp_slope": "1:10", "go": "stay"}, files={
        "photo-ramp_slope": [("notes.txt", b"just some text, not a photo"),
                             ("huge.jpg", big)],
        "photo-ramp_rise": [("../../../../evil.jpg", jpeg())]})
    assert reply.status == 422
    assert "notes.txt 不是可接受的照片" in reply.text
    assert "huge.jpg 太大" in reply.text
    record = field_store.inspection(inspection_id)
    assert "ramp_slope" not in record.photos
    stored = record.photos["ramp_rise"][0]
    assert stored.original_name == "evil.jpg"
    assert not (tmp_path.parent / "evil.jpg").exists() and not list(tmp_path.rglob("evil*"))
    files = [p for p in (tmp_path / "files").rglob("*") if p.is_file()]
    assert [p.name for p in files] == [stored.sha256]
    thumb = client.get(f"/photos/{stored.sha256}.jpg")
    assert thumb.status == 200 and thumb.headers["Content-Type"] == "image/jpeg"
    assert client.get("/photos/..%2F..%2Fetc%2Fpasswd.jpg").status == 404


def test_only_the_owner_edits_and_not_after_submitting_unless_a_reviewer(server: FieldServer,
                                                                         field_store: Store):
    alice = logged_in(server)
    inspection_id = start_ramp_inspection(alice)
    section = f"/inspections/{inspection_id}/sections/2"
    bob = logged_in(server, "bob")
    assert bob.post(section, {"v-ramp_slope": "1:20", "go": "stay"}).status == 403
    assert bob.post(f"/inspections/{inspection_id}/answer",
                    {"item": "ramp_slope", "v-ramp_slope": "1:20"}).status == 403
    assert bob.post(f"/inspections/{inspection_id}/photos", {"item": "ramp_slope"},
                    files={"photo-ramp_slope": [("b.jpg", jpeg())]}).status == 403
    assert "ramp_slope" not in field_store.inspection(inspection_id).photos
    assert alice.post(f"/inspections/{inspection_id}/submit").status == 303
    assert alice.post(section, {"v-ramp_slope": "1:20", "go": "stay"}).status == 403
    assert bob.post(f"/inspections/{inspection_id}/submit").status == 403
    assert bob.post(f"/inspections/{inspection_id}/review", {"action": "approved"}).status \
        == 403
    rita = logged_in(server, "rita")
    assert rita.post(section, {"v-ramp_slope": "1:11", "go": "stay"}).status == 303
    assert field_store.inspection(inspection_id).answers["ramp_slope"].value == "1:11"


def test_a_reviewer_sends_back_and_approves(server: FieldServer, field_store: Store):
    alice = logged_in(server)
    inspection_id = start_ramp_inspection(alice)
    alice.post(f"/inspections/{inspection_id}/submit")
    rita = logged_in(server, "rita")
    verdict = rita.get(f"/inspections/{inspection_id}/verdict").text
    assert 'name="action" value="returned"' in verdict
    reply = rita.post(f"/inspections/{inspection_id}/review",
                      {"action": "returned", "comment": "请补充坡道照片 <b>"})
    assert reply.status == 303
    assert field_store.inspection(inspection_id).info.status is InspectionStatus.RETURNED
    page = alice.get(f"/inspections/{inspection_id}").text
    assert "请补充坡道照片 &lt;b&gt;" in page and "已退回" in page
    assert alice.post(f"/inspections/{inspection_id}/sections/2",
                      {"v-ramp_slope": "1:12", "go": "stay"}).status == 303
    alice.post(f"/inspections/{inspection_id}/submit")
    rita.get("/")
    assert rita.post(f"/inspections/{inspection_id}/review",
                     {"action": "approved"}).status == 303
    assert field_store.inspection(inspection_id).info.status is InspectionStatus.APPROVED
    assert rita.post(f"/inspections/{inspection_id}/sections/2",
                     {"v-ramp_slope": "1:10", "go": "stay"}).status == 403


def test_a_request_over_the_upload_limit_gets_a_clear_refusal(server: FieldServer):
    client = logged_in(server)
    inspection_id = start_ramp_inspection(client)
    flood = [(f"p{n}.jpg", b"\0" * MAX_PHOTO_BYTES) for n in range(12)]
    reply = client.post(f"/inspections/{inspection_id}/sections/2", {"go": "stay"},
                        files={"photo-ramp_slope": flood})
    assert reply.status == 413
    assert "上传内容过大" in reply.text
