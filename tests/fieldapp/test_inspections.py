"""Inspections over HTTP: sections, verdict with labels and photos, idempotent start and
reopening, deleting an empty draft, submitting with unanswered items, review decisions, the
work lists and the change log."""

from __future__ import annotations

import re
import threading
from datetime import UTC, datetime
from zoneinfo import ZoneInfo

from audit.fieldapp import add_user, create_app
from audit.fieldapp.server import FieldServer
from audit.store import InspectionStatus, Store
from tests.fieldapp.client import Client
from tests.fieldapp.conftest import (
    PASSWORD,
    RAMPS,
    jpeg,
    logged_in,
    new_facility,
    returned_by_one_who_left,
    start,
    start_ramp_inspection,
)


def _submitted(server: FieldServer, name: str = "alice") -> tuple[Client, int]:
    client = logged_in(server, name)
    inspection_id = start_ramp_inspection(client)
    reply = client.post(f"/inspections/{inspection_id}/submit", {"confirm": "yes"})
    assert reply.status == 303, reply.text
    return client, inspection_id


def test_a_failing_ramp_slope_shows_as_a_failure_with_its_clause_and_photos(
        server: FieldServer, field_store: Store):
    client = logged_in(server)
    inspection_id = start_ramp_inspection(client)
    section = client.get(f"/inspections/{inspection_id}/sections/2").text
    assert 'id="v-ramp_slope"' in section and 'id="u-ramp_slope"' in section
    assert 'accept="image/*" capture="environment" multiple' in section
    reply = client.post(f"/inspections/{inspection_id}/sections/2",
                        {"v-ramp_slope": "1:10", "u-ramp_slope": "ratio", "go": "stay",
                         "note-ramp_slope": "最陡一段", "v-edge_protection": "no"},
                        files={"photo-ramp_slope": [("ramp.jpg", jpeg(colour=(1, 2, 3))),
                                                    ("b.jpg", jpeg(80, colour=(1, 2, 3)))]})
    assert reply.status == 303, reply.text
    record = field_store.inspection(inspection_id)
    assert record.answers["ramp_slope"].value == "1:10"
    assert record.answers["ramp_slope"].note == "最陡一段"
    shas = [p.sha256 for p in record.photos["ramp_slope"]]
    assert len(shas) == 2
    client.post(f"/inspections/{inspection_id}/submit", {"confirm": "yes"})
    verdict = client.get(f"/inspections/{inspection_id}/verdict").text
    row = verdict.split('<tr class="outcome-fail">', 1)[1].split("</tr>", 1)[0]
    assert "坡道纵向坡度" in row and "1:10" in row and "1:12" in row
    assert "GB 55019-2021 §2.3.1" in row and "重大" in row
    assert all(f'src="/photos/{sha}.jpg"' in row for sha in shas)  # photos on the verdict
    edge = verdict.split('<tr class="outcome-fail">', 2)[2].split("</tr>", 1)[0]
    assert "安全阻挡措施" in edge and "<td>否</td>" in edge  # words, not internal ids
    assert field_store.inspection(inspection_id).info.status is InspectionStatus.SUBMITTED


def test_measurement_in_another_unit_and_progress_per_section(server: FieldServer,
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


def test_starting_twice_starts_once_and_a_returned_round_is_reopened(server: FieldServer,
                                                                     field_store: Store):
    alice = logged_in(server)
    code = new_facility(alice)
    replies: list[int] = []

    def tap() -> None:
        replies.append(start(alice, code))

    taps = [threading.Thread(target=tap) for _ in range(4)]  # a double (quadruple) tap
    for thread in taps:
        thread.start()
    for thread in taps:
        thread.join()
    assert len(set(replies)) == 1
    assert [i.round for i in field_store.inspections(facility=code)] == [1]
    inspection_id = replies[0]
    alice.post(f"/inspections/{inspection_id}/submit", {"confirm": "yes"})
    rita = logged_in(server, "rita")
    rita.post(f"/inspections/{inspection_id}/review", {"action": "returned",
                                                       "comment": "补拍坡道"})
    again = alice.post(f"/facilities/{code}/inspections", {"checklist": RAMPS,
                                                           "building": "existing"})
    assert again.headers.get("Location") == f"/inspections/{inspection_id}?open=1"
    page = alice.get(again.headers.get("Location")).text
    assert "已为您打开，没有新建一轮" in page and "补拍坡道" in page
    assert len(field_store.inspections(facility=code)) == 1


def test_the_building_is_asked_not_assumed(server: FieldServer, field_store: Store):
    client = logged_in(server)
    code = new_facility(client)
    page = client.get(f"/facilities/{code}").text
    assert 'value="new" checked' not in page and 'value="existing" checked' not in page
    reply = client.post(f"/facilities/{code}/inspections", {"checklist": RAMPS})
    assert reply.status == 422
    assert '<a href="#building">请选择“新建建筑”或“既有建筑”。</a>' in reply.text
    assert field_store.inspections(facility=code) == []


def test_an_empty_draft_is_deleted_one_with_answers_is_kept(server: FieldServer,
                                                           field_store: Store):
    alice = logged_in(server)
    code = new_facility(alice)
    empty = start(alice, code)
    assert "删除这份空白草稿" in alice.get(f"/inspections/{empty}").text
    assert logged_in(server, "bob").post(f"/inspections/{empty}/delete").status == 403
    reply = alice.post(f"/inspections/{empty}/delete")
    assert reply.status == 303 and reply.headers["Location"] == f"/facilities/{code}"
    assert field_store.inspections(facility=code) == []
    assert "删除空白草稿" in alice.get(f"/facilities/{code}").text  # the facility's log
    used = start_ramp_inspection(alice)
    assert "删除这份空白草稿" not in alice.get(f"/inspections/{used}").text
    assert alice.post(f"/inspections/{used}/delete").status == 409
    assert field_store.inspection(used).answers


def test_submitting_shows_what_is_unanswered_and_asks_first(server: FieldServer,
                                                            field_store: Store):
    client = logged_in(server)
    inspection_id = start_ramp_inspection(client)
    page = client.get(f"/inspections/{inspection_id}/submit").text
    assert "还有 23 个适用项未回答" in page
    assert f'href="/inspections/{inspection_id}/sections/2#item-ramp_slope"' in page
    assert 'name="confirm" value="yes" required' in page
    unconfirmed = client.post(f"/inspections/{inspection_id}/submit")
    assert unconfirmed.status == 422 and "还有 23 个适用项未回答" in unconfirmed.text
    assert field_store.inspection(inspection_id).info.status is InspectionStatus.DRAFT
    assert client.post(f"/inspections/{inspection_id}/submit",
                       {"confirm": "yes"}).status == 303
    rita = logged_in(server, "rita")
    queue = rita.get("/queue").text
    entry = queue.split(f'href="/inspections/{inspection_id}/verdict"', 1)[1].split("</li>")[0]
    assert "已答 1 / 24 项" in entry and "0 项不合格" in entry
    assert "已答 1/24 项（适用项）" in rita.get(f"/inspections/{inspection_id}/verdict").text


def test_sending_back_needs_a_reason_and_the_inspector_sees_it_first(server: FieldServer,
                                                                     field_store: Store):
    alice, inspection_id = _submitted(server)
    rita = logged_in(server, "rita")
    verdict = rita.get(f"/inspections/{inspection_id}/verdict").text
    assert verdict.index('name="action" value="returned"') < verdict.index("各项判定结果")
    empty = rita.post(f"/inspections/{inspection_id}/review", {"action": "returned",
                                                               "comment": "  "})
    assert empty.status == 422 and "退回修改时请写明原因" in empty.text
    assert field_store.inspection(inspection_id).info.status is InspectionStatus.SUBMITTED
    reply = rita.post(f"/inspections/{inspection_id}/review",
                      {"action": "returned", "comment": "请补充坡道照片 <b>"})
    assert reply.status == 303
    later = start_ramp_inspection(alice)  # a newer draft: the one sent back still comes first
    mine = alice.get("/mine").text
    assert mine.index(f'href="/inspections/{inspection_id}"') < mine.index(
        f'href="/inspections/{later}"')
    assert "rita 退回：</strong> 请补充坡道照片 &lt;b&gt;" in mine
    page = alice.get(f"/inspections/{inspection_id}").text
    assert "请补充坡道照片 &lt;b&gt;" in page and "已退回" in page


def test_one_review_decision_wins(server: FieldServer, field_store: Store):
    _alice, inspection_id = _submitted(server)
    rita, ravi = logged_in(server, "rita"), logged_in(server, "ravi")
    rita.get(f"/inspections/{inspection_id}/verdict")
    ravi.get(f"/inspections/{inspection_id}/verdict")  # both have the form open
    first = rita.post(f"/inspections/{inspection_id}/review", {"action": "approved"})
    second = ravi.post(f"/inspections/{inspection_id}/review",
                       {"action": "returned", "comment": "重测坡度"})
    assert first.status == 303
    assert second.status == 409 and "另一位审核员已先对这份检查作出决定" in second.text
    assert field_store.inspection(inspection_id).info.status is InspectionStatus.APPROVED
    assert [r.reviewer for r in field_store.reviews(inspection_id)] == ["rita"]


def test_a_decision_on_what_changed_after_the_page_was_opened_is_refused(
        server: FieldServer, field_store: Store):
    """Ravi opens the verdict (the slope fails); Rita corrects the slope meanwhile; Ravi's
    approval would have covered an answer he never saw."""
    alice = logged_in(server)
    inspection_id = start_ramp_inspection(alice)
    alice.post(f"/inspections/{inspection_id}/sections/2",
               {"v-ramp_slope": "1:10", "u-ramp_slope": "ratio", "go": "stay"})
    alice.post(f"/inspections/{inspection_id}/submit", {"confirm": "yes"})
    ravi, rita = logged_in(server, "ravi"), logged_in(server, "rita")
    opened = ravi.get(f"/inspections/{inspection_id}/verdict").text
    seen = re.search(r'name="seen" value="(\d+)"', opened)
    assert seen, "the verdict's form names the state it shows"
    version = field_store.inspection(inspection_id).answers["ramp_slope"].version
    assert rita.post(f"/inspections/{inspection_id}/answer", {
        "item": "ramp_slope", "v-ramp_slope": "1:14", "u-ramp_slope": "ratio",
        "ver-ramp_slope": str(version)}).status == 200
    late = ravi.post(f"/inspections/{inspection_id}/review",
                     {"action": "approved", "seen": seen.group(1)})
    assert late.status == 409
    assert "这份检查在您打开后又有修改，您的决定未保存。请查看最新内容后再决定。" in late.text
    assert "1:14" in late.text  # the page shows what it holds now
    assert field_store.inspection(inspection_id).info.status is InspectionStatus.SUBMITTED
    assert field_store.reviews(inspection_id) == []
    assert ">请核对坡度 &lt;b&gt;</textarea>" in ravi.post(  # what he wrote is still there
        f"/inspections/{inspection_id}/review", {"action": "returned", "seen": seen.group(1),
                                                 "comment": "请核对坡度 <b>"}).text
    fresh = re.search(r'name="seen" value="(\d+)"', late.text)
    assert fresh and fresh.group(1) != seen.group(1)
    assert ravi.post(f"/inspections/{inspection_id}/review",
                     {"action": "approved", "seen": fresh.group(1)}).status == 303
    assert field_store.inspection(inspection_id).info.status is InspectionStatus.APPROVED


def test_a_comment_over_the_limit_is_refused_whole_not_cut(server: FieldServer,
                                                          field_store: Store):
    _alice, inspection_id = _submitted(server)
    ravi = logged_in(server, "ravi")
    long = "坡道" * 2001  # 4002 characters
    reply = ravi.post(f"/inspections/{inspection_id}/review",
                      {"action": "returned", "comment": long})
    assert reply.status == 422
    assert "意见太长（4002 个字符），最多 4000 个字符。" in reply.text
    assert f">{long}</textarea>" in reply.text
    assert field_store.reviews(inspection_id) == []
    assert ravi.post(f"/inspections/{inspection_id}/review",
                     {"action": "returned", "comment": long[:4000]}).status == 303
    assert field_store.reviews(inspection_id)[0].comment == long[:4000]


def test_the_queue_lists_the_oldest_submission_first(server: FieldServer, field_store: Store):
    _a, older = _submitted(server)
    _b, newer = _submitted(server, "carol")
    queue = logged_in(server, "ravi").get("/queue").text
    assert queue.index(f"/inspections/{older}/verdict") < queue.index(
        f"/inspections/{newer}/verdict")
    assert logged_in(server, "bob").get("/queue").status == 403


def test_the_change_log_shows_who_changed_what_from_what(server: FieldServer,
                                                        field_store: Store):
    alice = logged_in(server)
    inspection_id = start_ramp_inspection(alice)
    url = f"/inspections/{inspection_id}/sections/2"
    alice.post(url, {"v-ramp_width": "1.2", "u-ramp_width": "m", "ver-ramp_width": "0",
                     "go": "stay"})
    alice.post(url, {"v-ramp_width": "1.1", "u-ramp_width": "m", "note-ramp_width": "复测",
                     "ver-ramp_width": "1", "go": "stay"})
    page = alice.get(f"/inspections/{inspection_id}").text
    log = page.split('id="history-heading"', 1)[1]
    assert "坡道通行净宽" in log and "alice" in log
    assert "原为：1.2 米" in log and "改为：1.1 米（复测）" in log
    assert "台阶加轮椅坡道" in log and "开始检查" in log  # a choice by its label


def test_the_change_log_shows_an_import_that_changed_who_the_record_names(
        server: FieldServer, field_store: Store):
    alice = logged_in(server)
    inspection_id = start_ramp_inspection(alice)
    field_store.reset_inspection(inspection_id, by="cli:wang", inspector="李工",
                                 inspected_on="2026-12-01")
    log = logged_in(server, "rita").get(f"/inspections/{inspection_id}").text.split(
        'id="history-heading"', 1)[1]
    row = log.split("检查信息已更改", 1)[0].rsplit("<li>", 1)[1] + log.split(
        "检查信息已更改", 1)[1].split("</li>", 1)[0]
    assert " · cli:wang</p>" in row
    assert "原为：检查员：alice · 检查日期：2026-" in row  # the day it was started
    assert "改为：检查员：李工 · 检查日期：2026-12-01" in row


def test_times_are_shown_in_asia_shanghai(server: FieldServer, field_store: Store):
    client = logged_in(server)
    inspection_id = start_ramp_inspection(client)
    stored = field_store.inspection(inspection_id).answers["entrance_type"].updated_at
    from datetime import datetime, timedelta

    shown = (datetime.fromisoformat(stored) + timedelta(hours=8)).strftime("%Y-%m-%d %H:%M")
    assert shown in client.get(f"/inspections/{inspection_id}").text


def test_a_double_tap_on_submit_shows_the_submission_not_a_refusal(server: FieldServer,
                                                                   field_store: Store):
    """The second tap (or the back button and Submit again) arrives after the first one
    submitted it: the inspector is shown the submitted inspection, not 'You may not do
    this'."""
    alice, inspection_id = _submitted(server)
    again = alice.post(f"/inspections/{inspection_id}/submit", {"confirm": "yes"})
    assert (again.status, again.headers.get("Location")) == (
        303, f"/inspections/{inspection_id}/verdict")
    back = alice.get(f"/inspections/{inspection_id}/submit")
    assert (back.status, back.headers.get("Location")) == (
        303, f"/inspections/{inspection_id}/verdict")
    assert field_store.inspection(inspection_id).info.status is InspectionStatus.SUBMITTED
    assert [c.new for c in field_store.history(inspection_id=inspection_id)
            if c.subject == "status"] == ["submitted"]
    bob = logged_in(server, "bob")
    assert bob.post(f"/inspections/{inspection_id}/submit", {"confirm": "yes"}).status == 403


def test_a_double_tap_on_a_decision_is_not_reported_as_lost(server: FieldServer,
                                                            field_store: Store):
    """The second tap of the same decision must not say 'your decision was not saved': it
    was, by this reviewer, and only once."""
    _alice, inspection_id = _submitted(server)
    rita = logged_in(server, "rita")
    form = {"action": "returned", "comment": "补拍坡道照片"}
    assert rita.post(f"/inspections/{inspection_id}/review", form).status == 303
    again = rita.post(f"/inspections/{inspection_id}/review", form)
    assert (again.status, again.headers.get("Location")) == (
        303, f"/inspections/{inspection_id}/verdict")
    assert [(r.reviewer, r.action) for r in field_store.reviews(inspection_id)] == [
        ("rita", "returned")]
    other = rita.post(f"/inspections/{inspection_id}/review", {"action": "approved"})
    assert other.status == 409  # a different decision after one's own is still refused
    assert field_store.inspection(inspection_id).info.status is InspectionStatus.RETURNED


def test_the_inspection_date_is_the_day_where_the_app_is_not_the_servers(
        field_store: Store, catalogue):
    """A round started at 07:30 in Shanghai (23:30 UTC the day before) was dated the day
    before: the date is the app's time zone's. The zone is chosen so that its day differs
    from UTC's now, whatever the hour the test runs at."""
    zone = "Etc/GMT-14" if datetime.now(UTC).hour >= 10 else "Etc/GMT+12"  # UTC+14 / UTC-12
    app = create_app(field_store, secret_key="test-secret", catalogue=catalogue,
                     time_zone=zone)
    with FieldServer(app) as elsewhere:
        inspection_id = start_ramp_inspection(logged_in(elsewhere))
    local_day = datetime.now(ZoneInfo(zone)).date().isoformat()
    assert local_day != datetime.now(UTC).date().isoformat()
    assert field_store.inspection(inspection_id).info.inspected_on == local_day


def test_an_admin_hands_an_inspection_sent_back_to_another_inspector(server: FieldServer,
                                                                     field_store: Store):
    inspection_id = returned_by_one_who_left(server, field_store, "erin")
    adam = logged_in(server, "adam")
    page = adam.get(f"/inspections/{inspection_id}").text
    form = page.split('id="hand-over-heading"', 1)[1].split("</form>", 1)[0]
    assert "只有 erin 能继续填写并提交这份检查" in form
    assert re.findall(r'<option value="(\w*)">', form) == ["", "alice", "bob", "carol"]
    for name in ("rita", "bob"):  # reviewers and inspectors do not hand work over
        other = logged_in(server, name)
        assert 'id="hand-over-heading"' not in other.get(f"/inspections/{inspection_id}").text
        assert other.post(f"/inspections/{inspection_id}/inspector",
                          {"inspector": "carol"}).status == 403
    reply = adam.post(f"/inspections/{inspection_id}/inspector", {"inspector": "carol"})
    assert reply.status == 303
    assert field_store.inspection(inspection_id).info.inspector == "carol"
    log = adam.get(f"/inspections/{inspection_id}").text.split('id="history-heading"', 1)[1]
    first = log.split("</li>", 1)[0]  # the newest entry first
    assert "adam" in first and "移交给其他检查员" in first
    assert "原为：erin" in first and "改为：carol" in first
    carol = logged_in(server, "carol")
    assert f'href="/inspections/{inspection_id}"' in carol.get("/mine").text
    assert carol.post(f"/inspections/{inspection_id}/submit",
                      {"confirm": "yes"}).status == 303
    assert field_store.inspection(inspection_id).info.status is InspectionStatus.SUBMITTED
    assert "carol" in field_store.authors(inspection_id)


def test_a_hand_over_to_no_one_or_to_a_disabled_account_is_refused(server: FieldServer,
                                                                 field_store: Store):
    """The form offers enabled inspectors only; a crafted POST (with its CSRF token) naming
    anyone else is refused saying why, in the admin's language, and nothing changes."""
    inspection_id = returned_by_one_who_left(server, field_store, "fay")
    add_user(field_store, "gus", PASSWORD, "inspector")
    field_store.update_user("gus", by="adam", disabled=True)
    adam = logged_in(server, "adam")
    adam.get(f"/inspections/{inspection_id}")
    assert adam.token
    why = {"": "", "fay": "这份检查已经由 fay 负责。",
           "rita": "rita 的账户是审核员，不是检查员：只有检查员能接手检查。",
           "ravi": "ravi 的账户是审核员，不是检查员：只有检查员能接手检查。",
           "adam": "adam 的账户是管理员，不是检查员：只有检查员能接手检查。",
           "gus": "gus 的账户已停用。", "nobody": "没有这个用户名的账户。"}
    for chosen, reason in why.items():
        reply = adam.post(f"/inspections/{inspection_id}/inspector",
                          {"inspector": chosen, "csrf_token": adam.token}, csrf=False)
        assert reply.status == 422, chosen
        assert f"{reason}请选择一位当前检查员以外、账户已启用的检查员来接手这份检查。".strip() \
            in reply.text, chosen
        assert 'aria-invalid="true"' in reply.text
    adam.get("/lang/en")
    english = adam.post(f"/inspections/{inspection_id}/inspector", {"inspector": "rita"})
    assert english.status == 422
    assert ("rita has the role reviewer, not inspector: only inspectors take over "
            "inspections. Choose an enabled inspector other than the current one to hand the "
            "inspection to.") in english.text
    adam.get("/lang/zh-CN")
    assert field_store.inspection(inspection_id).info.inspector == "fay"
    assert all(c.subject != "inspector" for c in field_store.history(inspection_id=inspection_id))
    _bob, submitted = _submitted(server, "bob")
    assert 'id="hand-over-heading"' not in adam.get(f"/inspections/{submitted}").text
    refused = adam.post(f"/inspections/{submitted}/inspector", {"inspector": "carol"})
    assert refused.status == 409 and "这份检查已无法移交（已提交" in refused.text
    assert field_store.inspection(submitted).info.inspector == "bob"
