"""Nothing typed is lost or silently overwritten (over HTTP, through the real server): an
answer saved meanwhile is not wiped by an old form, both values are shown, the author chooses;
an unreadable value and a long note survive navigating away and reloading."""

from __future__ import annotations

from audit.checklist.intake import judge
from audit.fieldapp.server import FieldServer
from audit.model import ItemOutcome
from audit.store import DraftProblem, Store
from tests.fieldapp.conftest import logged_in, start_ramp_inspection

LONG_NOTE = "坡道表面有裂缝，雨天积水，" * 100  # 1,200 Chinese characters


def test_an_old_form_does_not_wipe_a_value_saved_meanwhile(server: FieldServer,
                                                          field_store: Store):
    """Two people on one section: rita autosaves a value, alice then saves the form she
    loaded earlier (with the item empty but her own value in another): rita's value stays,
    alice's is saved."""
    alice = logged_in(server)
    inspection_id = start_ramp_inspection(alice)
    url = f"/inspections/{inspection_id}/sections/2"
    assert 'name="ver-ramp_width" value="0"' in alice.get(url).text  # alice loads the form
    rita = logged_in(server, "rita")
    saved = rita.post(f"/inspections/{inspection_id}/answer",
                      {"item": "ramp_width", "v-ramp_width": "1.2", "u-ramp_width": "m",
                       "ver-ramp_width": "0"})
    assert saved.status == 200 and '"version":1' in saved.text.replace(" ", "")
    reply = alice.post(url, {"v-ramp_width": "", "ver-ramp_width": "0", "v-ramp_rise": "600",
                             "ver-ramp_rise": "0", "go": "stay"})
    assert reply.status == 303
    answers = field_store.inspection(inspection_id).answers
    assert (answers["ramp_width"].value, answers["ramp_width"].updated_by) == ("1.2", "rita")
    assert answers["ramp_rise"].value == "600"


def test_two_values_for_the_same_item_are_refused_with_both_shown(server: FieldServer,
                                                                   field_store: Store):
    alice = logged_in(server)
    inspection_id = start_ramp_inspection(alice)
    url = f"/inspections/{inspection_id}/sections/2"
    rita = logged_in(server, "rita")
    rita.post(f"/inspections/{inspection_id}/answer",
              {"item": "ramp_width", "v-ramp_width": "1.2", "u-ramp_width": "m",
               "ver-ramp_width": "0"})
    reply = alice.post(url, {"v-ramp_width": "0.9", "u-ramp_width": "m",
                             "ver-ramp_width": "0", "go": "next"})
    assert reply.status == 422
    assert "rita 于" in reply.text and "修改并保存了此项：1.2 米" in reply.text
    assert "您的填写（未保存）：0.9 米" in reply.text
    assert field_store.inspection(inspection_id).answers["ramp_width"].value == "1.2"
    [kept] = field_store.drafts(inspection_id, author="alice")
    assert (kept.problem, kept.value) == (DraftProblem.CONFLICT, "0.9")
    page = alice.get(url).text  # a reload shows the same choice
    assert "您的填写（未保存）：0.9 米" in page and 'form="keep-mine-ramp_width"' in page
    chosen = alice.post(f"/inspections/{inspection_id}/items/ramp_width/resolve",
                        {"keep": "mine"})
    assert chosen.status == 303
    answer = field_store.inspection(inspection_id).answers["ramp_width"]
    assert (answer.value, answer.updated_by, answer.version) == ("0.9", "alice", 2)
    assert field_store.drafts(inspection_id) == []
    log = [(c.actor, c.new["value"]) for c in field_store.history(inspection_id=inspection_id)
           if c.item_id == "ramp_width"]
    assert log == [("rita", "1.2"), ("alice", "0.9")]


def test_the_script_hears_a_conflict_as_409_with_both_values(server: FieldServer,
                                                             field_store: Store):
    alice = logged_in(server)
    inspection_id = start_ramp_inspection(alice)
    answer = f"/inspections/{inspection_id}/answer"
    alice.post(answer, {"item": "ramp_rise", "v-ramp_rise": "500", "ver-ramp_rise": "0"})
    rita = logged_in(server, "rita")
    rita.post(answer, {"item": "ramp_rise", "v-ramp_rise": "450", "ver-ramp_rise": "1"})
    reply = alice.post(answer, {"item": "ramp_rise", "v-ramp_rise": "520", "ver-ramp_rise": "1"})
    assert reply.status == 409
    assert "rita 于" in reply.json()["message"] and "450 毫米" in reply.json()["message"]
    assert reply.json()["version"] == 2
    theirs = alice.post(f"/inspections/{inspection_id}/items/ramp_rise/resolve",
                        {"keep": "theirs"})
    assert theirs.status == 303
    assert field_store.inspection(inspection_id).answers["ramp_rise"].value == "450"
    assert [c.old["value"] for c in field_store.history(inspection_id=inspection_id)
            if c.subject == "draft"] == ["520"]  # the discarded entry stays on record


def test_an_unreadable_value_and_a_long_note_survive_leaving_the_section(
        server: FieldServer, field_store: Store):
    client = logged_in(server)
    inspection_id = start_ramp_inspection(client)
    url = f"/inspections/{inspection_id}/sections/2"
    reply = client.post(url, {"v-ramp_slope": "1:10", "v-ramp_rise": "约45米",
                              "note-ramp_rise": LONG_NOTE, "go": "next"})
    assert reply.status == 422
    assert '<a href="#v-ramp_rise">' in reply.text and 'value="约45米"' in reply.text
    assert 'aria-describedby="v-ramp_rise-hint v-ramp_rise-error" aria-invalid="true"' \
        in reply.text
    client.get(f"/inspections/{inspection_id}/sections/3")  # away, and back
    again = client.get(url).text
    assert 'value="约45米"' in again and LONG_NOTE in again
    assert 'id="v-ramp_rise-error"><span' in again
    record = field_store.inspection(inspection_id)
    assert record.answers["ramp_slope"].value == "1:10"
    assert record.answers["ramp_rise"].note == LONG_NOTE  # the note is an answer already
    assert "ramp_rise" not in {k for k, a in record.answers.items() if a.value}
    submit = client.get(f"/inspections/{inspection_id}/submit").text
    assert "有 1 项填写尚未保存为回答" in submit and "约45米" in submit
    client.post(url, {"v-ramp_rise": "450", "note-ramp_rise": LONG_NOTE, "go": "stay"})
    assert 'value="约45米"' not in client.get(url).text
    assert field_store.drafts(inspection_id) == []


def test_an_unreadable_value_typed_with_scripts_on_is_kept(server: FieldServer,
                                                           field_store: Store):
    client = logged_in(server)
    inspection_id = start_ramp_inspection(client)
    reply = client.post(f"/inspections/{inspection_id}/answer",
                        {"item": "ramp_width", "v-ramp_width": "约45米", "ver-ramp_width": "0"})
    assert reply.status == 422 and reply.json()["saved"] is False
    page = client.get(f"/inspections/{inspection_id}/sections/2").text
    assert 'value="约45米"' in page and "请输入数值" in page
    [kept] = field_store.drafts(inspection_id)
    assert (kept.author, kept.problem, kept.value) == ("alice", DraftProblem.INVALID, "约45米")
    bob = logged_in(server, "rita")
    assert 'value="约45米"' not in bob.get(f"/inspections/{inspection_id}/sections/2").text


def test_progress_and_applicability_come_back_with_each_saved_answer(server: FieldServer):
    client = logged_in(server)
    inspection_id = start_ramp_inspection(client)
    answer = f"/inspections/{inspection_id}/answer"
    reply = client.post(answer, {"item": "ramp_rise", "v-ramp_rise": "200",
                                 "ver-ramp_rise": "0"}).json()
    assert reply["progress"] == {"answered": 1, "applicable": 6, "text": "已答 1 / 6 项"}
    assert reply["applies"]["handrails_both_sides"] is False  # rise under 300 mm
    reply = client.post(answer, {"item": "ramp_rise", "v-ramp_rise": "600",
                                 "ver-ramp_rise": "1"}).json()
    assert reply["applies"]["handrails_both_sides"] is True


def test_two_tabs_of_one_inspector_do_not_overwrite_each_other(server: FieldServer,
                                                               field_store: Store):
    """alice has the section open in two tabs: the second tab's save of an older page is
    not taken over the first's, though both are hers; a form without its version field
    (a crafted one, or a page kept from before versions) is not taken over a saved value
    either."""
    alice = logged_in(server)
    inspection_id = start_ramp_inspection(alice)
    url = f"/inspections/{inspection_id}/sections/2"
    first = alice.post(url, {"v-ramp_width": "1.2", "u-ramp_width": "m",
                             "ver-ramp_width": "0", "go": "stay"})
    assert first.status == 303
    second = alice.post(url, {"v-ramp_width": "0.9", "u-ramp_width": "m",
                              "ver-ramp_width": "0", "go": "stay"})
    assert second.status == 422
    assert "修改并保存了此项：1.2 米" in second.text and "您的填写（未保存）：0.9 米" in second.text
    unversioned = alice.post(url, {"v-ramp_width": "0.8", "u-ramp_width": "m", "go": "stay"})
    assert unversioned.status == 422
    assert "修改并保存了此项：1.2 米" in unversioned.text
    assert "您的填写（未保存）：0.8 米" in unversioned.text
    odd = alice.post(url, {"v-ramp_width": "0.8", "u-ramp_width": "m", "ver-ramp_width": "²",
                           "go": "stay"})  # "²".isdigit(), but no int: was a server error
    assert odd.status == 422 and "修改并保存了此项：1.2 米" in odd.text
    answer = field_store.inspection(inspection_id).answers["ramp_width"]
    assert (answer.value, answer.unit, answer.version) == ("1.2", "m", 1)
    [kept] = field_store.drafts(inspection_id, author="alice")
    assert (kept.problem, kept.value) == (DraftProblem.CONFLICT, "0.8")


def test_a_chinese_phone_keyboards_numbers_are_read_right_or_refused_saying_why(
        server: FieldServer, field_store: Store):
    """Full-width digits (１２００) are the number they show; a comma is refused, never read
    as a decimal point or a thousands separator (1,2 could be 1.2 or 12; 1,200 could be
    1200 or 1.2), and nothing is stored from it but the draft that shows it."""
    alice = logged_in(server)
    inspection_id = start_ramp_inspection(alice)
    url = f"/inspections/{inspection_id}/sections/2"
    wide = alice.post(url, {"v-ramp_rise": "１２００", "ver-ramp_rise": "0",
                            "v-ramp_width": "１．５", "u-ramp_width": "m",
                            "ver-ramp_width": "0", "go": "stay"})
    assert wide.status == 303
    record = field_store.inspection(inspection_id)
    assert record.answers["ramp_rise"].value == "１２００"  # kept as typed
    assert record.answers["ramp_width"].unit == "m"
    _checklist, verdict = judge(record)
    measured = {r.item: (r.measured, r.outcome) for r in verdict.results}
    assert measured["ramp_rise"] == ("1200 mm", ItemOutcome.FAIL)  # above 750 mm
    assert measured["ramp_width"] == ("1500 mm", ItemOutcome.PASS)  # was read as 1.5 mm
    page = alice.get(f"/inspections/{inspection_id}/verdict").text
    assert "1.5 mm" not in page and "1500 mm" in page
    for typed in ("1,2", "1，2", "1,200", "１,２"):
        reply = alice.post(url, {"v-ramp_width": typed, "u-ramp_width": "m",
                                 "ver-ramp_width": "1", "go": "stay"})
        assert reply.status == 422, typed
        assert ("请用小数点“.”表示小数，不要用逗号；例如 1.2。数值中不要加千位分隔符，例如 1200。"
                in reply.text), typed
        assert field_store.inspection(inspection_id).answers["ramp_width"].value == "１．５"
    alice.get("/lang/en")
    english = alice.post(url, {"v-ramp_width": "1,2", "u-ramp_width": "m",
                               "ver-ramp_width": "1", "go": "stay"})
    assert ("Write decimals with a point, not a comma (e.g. 1.2), and numbers without "
            "thousands separators (e.g. 1200).") in english.text
    [kept] = field_store.drafts(inspection_id, author="alice")
    assert (kept.problem, kept.value) == (DraftProblem.INVALID, "1,2")
