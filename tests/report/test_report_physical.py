"""The physical part of the report, from the demo facility imported into a real SQLite store:
verdicts per section, failed items with photos, changes between rounds, the plan, exports."""

from __future__ import annotations

import csv
import io
import json

import pytest
from click.testing import CliRunner

from audit.cli.report import command
from audit.errors import UsageError
from audit.evidence import keep_photo
from audit.report.assemble import build_report
from audit.report.exports import findings_csv, markdown_report
from audit.report.html import render_html
from audit.report.i18n import Messages
from audit.store import PhotoFiles, open_store
from tests.report.report_factory import fixed_dataset, import_facility, options

CURB = "gb55019-curb-ramps"


@pytest.fixture
def store(tmp_path):
    with fixed_dataset(tmp_path / "audit.db") as opened:
        yield opened


def _facility(report, checklist):
    return next(f for f in report.facilities if f.checklist == checklist)


def test_default_is_the_latest_round_of_each_checklist_at_every_facility(store):
    report = build_report(store, options())
    assert [(f.id, f.checklist, f.round) for f in report.facilities] == [
        ("FAC-001", CURB, 2), ("FAC-001", "gb55019-entrances-ramps", 1),
        ("FAC-001", "gb55019-parking", 1)]
    assert [s.target for s in report.web] == ["district-portal", "service-hall"]


def test_selection_names_what_the_report_covers(store):
    only_facility = build_report(store, options(facilities=("FAC-001",)))
    assert only_facility.web == [] and len(only_facility.facilities) == 3
    only_web = build_report(store, options(targets=("service-hall",)))
    assert only_web.facilities == [] and only_web.summary.facilities == 0
    both = build_report(store, options(targets=("service-hall",), facilities=("FAC-001",)))
    assert len(both.web) == 1 and len(both.facilities) == 3
    with pytest.raises(UsageError, match="no facility 'FAC-404'"):
        build_report(store, options(facilities=("FAC-404",)))


def test_a_store_with_only_inspections_makes_a_report(tmp_path):
    with open_store(tmp_path / "audit.db") as store:
        import_facility(store)
        report = build_report(store, options("en"))
        html = render_html(report)
    assert report.web == [] and report.summary.facilities == 1
    assert "This report includes no website scans." in html


def test_results_per_section_and_failed_items(store):
    curb = _facility(build_report(store, options()), CURB)
    assert (curb.name, curb.department, curb.inspector, curb.status) == (
        "示范区政务服务中心", "示范区行政审批服务局", "李敏", "draft")
    assert curb.checklist_title == "缘石坡道与人行横道" and curb.standard == "GB 55019-2021"
    assert [(s.id, s.result) for s in curb.section_results] == [
        ("ramp", "fail"), ("crossing", "not-applicable"), ("upkeep", "pass")]
    assert curb.sections["ramp"] == {"pass": 6, "fail": 2, "not-applicable": 1, "unanswered": 0}
    assert not curb.passed
    lip, grate = curb.failed
    assert (lip.item, lip.measured, lip.required, lip.clause, lip.severity) == (
        "lip_height", "12 mm", "≤ 0 mm（测量允差 1 mm）", "GB 55019-2021 §2.10.2", "serious")
    assert lip.prompt == "坡道下口（坡口）与车行道之间的高差" and lip.note == "仍有高差"
    assert (grate.item, grate.measured, grate.required) == ("grate_at_ramp", "是", "应为：否")
    assert lip.photo_missing and curb.photos_missing == 2
    assert (lip.confirmed, lip.source.basis, lip.source.quote) == (
        True, "clause-text", "缘石坡道的坡口与车行道之间应无高差。")
    assert curb.by_severity == {"critical": 0, "serious": 1, "moderate": 1, "minor": 0}
    english = _facility(build_report(store, options("en")), CURB)
    assert english.failed[1].measured == "yes" and english.failed[1].required == "must be: no"


def test_photos_are_thumbnails_with_hash_time_and_place(store):
    entrance = _facility(build_report(store, options()), "gb55019-entrances-ramps")
    handrail = next(i for i in entrance.failed if i.item == "lower_handrail_height")
    (photo,) = handrail.photos
    assert photo.thumbnail.startswith("data:image/jpeg;base64,")
    assert len(photo.sha256) == 64 and photo.error is None
    assert photo.taken_at == "2025-03-14T10:38:47+08:00"
    assert photo.place == "30.27420, 120.15528"
    assert len(photo.thumbnail) < 40_000  # a thumbnail, not the original
    ramp_width = next(i for i in entrance.failed if i.item == "ramp_width")
    assert ramp_width.confirmed is False  # the explanatory note, not the clause text
    assert ramp_width.source.basis == "explanatory-note"
    assert (entrance.unconfirmed_failed, len(entrance.failed)) == (1, 4)


def test_a_photo_changed_on_disk_is_reported_not_shown(store):
    entrance = _facility(build_report(store, options()), "gb55019-entrances-ramps")
    sha = next(i for i in entrance.failed if i.photos).photos[0].sha256
    PhotoFiles(store.files_root).path(sha).write_bytes(b"swapped")
    report = build_report(store, options("en"))
    photo = next(i for i in _facility(report, "gb55019-entrances-ramps").failed
                 if i.photos).photos[0]
    assert photo.thumbnail == "" and "changed on disk" in (photo.error or "")
    html = render_html(report)
    assert sha in html and "changed on disk" in html


def test_changes_since_the_previous_round_item_by_item(store):
    report = build_report(store, options())
    changes = _facility(report, CURB).changes
    assert changes is not None
    assert (changes.previous_round, changes.previous_date) == (1, "2025-03-14")
    assert [r.item for r in changes.fixed] == ["running_slope", "ramp_not_blocked"]
    assert [r.item for r in changes.persisting] == ["lip_height"]
    assert [r.item for r in changes.new] == ["grate_at_ramp"]
    assert _facility(report, "gb55019-parking").changes is None
    physical = [t for t in report.summary.trend if t.kind == "physical"]
    assert (physical[0].previous, physical[0].current) == (3, 2)


def test_summary_counts_physical_findings_on_the_same_scale(store):
    summary = build_report(store, options()).summary
    assert summary.physical_by_severity == {"critical": 0, "serious": 5, "moderate": 4,
                                            "minor": 2}
    assert (summary.facilities, summary.facilities_passing) == (1, 0)
    assert (summary.inspections, summary.inspections_passing) == (3, 0)
    office = next(d for d in summary.by_department if d.department == "示范区行政审批服务局")
    assert office.total == 11


def test_remediation_has_every_failed_item_with_a_deadline(store):
    plans = build_report(store, options()).remediation
    plan = next(p for p in plans if p.department == "示范区行政审批服务局")
    assert len(plan.items) == 11 and {i.kind for i in plan.items} == {"physical"}
    assert [i.title for i in plan.items if not i.confirmed] == ["ramp_width"]
    first = plan.items[0]
    assert (first.impact, first.deadline) == ("serious", "2025-07-31")  # 30 days
    assert first.clause and first.checklist
    assert plan.items[-1].impact == "minor" and plan.items[-1].deadline == "2025-12-28"


def test_html_shows_the_physical_part(store):
    report = build_report(store, options())
    html = render_html(report)
    entrance = _facility(report, "gb55019-entrances-ramps")
    sha = next(i for i in entrance.failed if i.photos).photos[0].sha256
    assert f"<code>{sha}</code>" in html
    assert 'alt="现场照片 1：双层扶手下层扶手高度"' in html
    assert "GB 55019-2021 §2.10.2" in html and "已整改项" in html and "坡道坡面坡度" in html
    assert 'href="#facility-' in html


def test_csv_json_and_markdown_carry_physical_rows(store):
    report = build_report(store, options("en"))
    rows = [r for r in csv.DictReader(io.StringIO(findings_csv(store, report)))
            if r["kind"] == "physical"]
    lip = next(r for r in rows if r["rule"] == "lip_height")
    assert (lip["facility"], lip["source"], lip["round"], lip["measured"], lip["clause"]) == (
        "FAC-001", CURB, "2", "12 mm", "GB 55019-2021 §2.10.2")
    handrail = next(r for r in rows if r["rule"] == "lower_handrail_height")
    assert len(handrail["photos"]) == 64
    text = markdown_report(report, Messages("en"))
    assert "1 facilities were inspected; 0 passed." in text
    assert "| Serious | 5 |" in text


def test_report_command_with_facility(tmp_path):
    db = tmp_path / "audit.db"
    fixed_dataset(db).close()
    out = tmp_path / "r.json"
    result = CliRunner().invoke(command, ["--db", str(db), "--facility", "FAC-001",
                                          "--format", "json", "-o", str(out)])
    assert result.exit_code == 0, result.output
    document = json.loads(out.read_text(encoding="utf-8"))
    assert document["web"] == [] and len(document["facilities"]) == 3
    result = CliRunner().invoke(command, ["--db", str(db), "--facility", "NOPE", "-o",
                                          str(out)])
    assert isinstance(result.exception, UsageError) and "NOPE" in str(result.exception)


def _noisy_jpeg(seed: int) -> bytes:
    """A photo that compresses badly (noise over a gradient): the worst case for size."""
    from PIL import Image

    noise = Image.effect_noise((800, 600), 40 + seed % 20).convert("RGB")
    base = Image.linear_gradient("L").resize((800, 600)).convert("RGB")
    buffer = io.BytesIO()
    Image.blend(base, noise, 0.5).save(buffer, format="JPEG", quality=90)
    return buffer.getvalue()


def test_a_report_with_many_photos_stays_small(tmp_path):
    """Each photo adds one small thumbnail: 40 photos stay in proportion with 500 < 50 MB."""
    from tests.report.report_factory import small_facility

    sizes = []
    for count in (0, 40):
        with open_store(tmp_path / f"audit-{count}.db") as store:
            inspection = small_facility(store)
            for n in range(count):
                sha = keep_photo(store, _noisy_jpeg(n), name=f"p{n}.jpg").sha256
                item = "threshold_height" if n % 2 else "threshold_bevel"
                store.attach_photo(inspection, item, sha)
            html = render_html(build_report(store, options("en")))
        assert html.count('<img src="data:image/jpeg;base64,') == count
        sizes.append(len(html.encode("utf-8")))
    per_photo = (sizes[1] - sizes[0]) / 40
    assert per_photo < 60_000, per_photo
    assert sizes[0] + 500 * per_photo < 50 * 2**20


def test_hostile_facility_text_is_escaped(tmp_path):
    from audit.store import FacilityInfo, StoredAnswer
    from tests.report.report_factory import HOSTILE

    with open_store(tmp_path / "audit.db") as store:
        store.save_facility(FacilityInfo(code="FAC-X", name=HOSTILE, address=HOSTILE,
                                         department=HOSTILE))
        inspection = store.create_inspection("FAC-X", "gb55019-doors", "2025.1",
                                             inspector=HOSTILE, inspected_on="2025-06-20")
        store.save_answer(inspection, StoredAnswer("threshold_height", "20 mm", note=HOSTILE))
        report = build_report(store, options("en"))
        html = render_html(report)
        text = markdown_report(report, Messages("en"))
    assert "<script" not in html.lower() and "</textarea>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "<script" not in text


# -- what a figure rests on --------------------------------------------------------------------

def test_a_figure_the_clause_text_does_not_confirm_is_never_a_plain_failure(tmp_path):
    """ramp_width (≥ 1200 mm) rests on the explanatory note: the item, the facility result,
    the plan and the CSV say so; a clause-text failure reads as a plain failure."""
    from audit.store import FacilityInfo, StoredAnswer

    with open_store(tmp_path / "audit.db") as store:
        store.save_facility(FacilityInfo(code="FAC-7", name="服务站", department="街道"))
        inspection = store.create_inspection("FAC-7", "gb55019-entrances-ramps", "2025.2",
                                             inspected_on="2025-06-20", building="existing")
        for item, value in {"entrance_type": "ramp", "ramp_width": "1000 mm"}.items():
            store.save_answer(inspection, StoredAnswer(item, value))
        report = build_report(store, options())
        zh, en = render_html(report), render_html(build_report(store, options("en")))
        rows = list(csv.DictReader(io.StringIO(findings_csv(store, report))))
    [facility] = report.facilities
    [width] = facility.failed
    assert (width.item, width.confirmed, facility.unconfirmed_failed) == ("ramp_width", False, 1)
    assert (width.source.basis, width.source.quote[:6]) == ("explanatory-note", "根据我国的轮")
    assert "未达到我方记录的限值，条文原文未核实" in zh and "不合格（标准条文原文" not in zh
    assert "未达到我方记录的限值（条文原文未核实）" in zh  # the facility's result
    assert "条文说明（非条文原文，限值未核实）：“" in zh
    assert "Fails the figure in our notes, clause text not confirmed" in en
    assert '<span class="status status-fail">' not in zh.split('id="physical"')[1].split(
        "</dl>")[0]
    assert [(r["rule"], r["outcome"], r["figure_basis"]) for r in rows] == [
        ("ramp_width", "fail-unconfirmed", "explanatory-note")]
    assert [i.confirmed for p in report.remediation for i in p.items] == [False]


# -- home modifications (残疾人家庭无障碍改造) ---------------------------------------------------

@pytest.fixture(scope="module")
def households(tmp_path_factory):
    """The demo households imported once for the tests that only read them."""
    from tests.report.report_factory import import_households

    with open_store(tmp_path_factory.mktemp("households") / "audit.db") as opened:
        import_households(opened)
        yield opened


def test_households_are_summed_up_with_works_accepted_and_to_redo(households):
    report = build_report(households, options())
    homes = report.home_modifications
    assert homes is not None
    assert [(h.id, h.accepted, h.to_redo, h.resident_confirmed, h.done)
            for h in homes.households] == [
        ("HH-001", 5, ["卫生间地面是否防滑（湿态下不打滑）、不积水？"], True, False),
        ("HH-002", 2, [], True, True)]
    assert (homes.done, homes.items_accepted, homes.items_to_redo) == (1, 7, 1)
    first = next(f for f in report.facilities if f.id == "HH-001")
    assert first.purpose == "acceptance" and not first.passed
    assert first.confirmation_note == "同意验收，卫生间地面待返工后复验"
    assert [(w.item, w.accepted) for w in first.works] == [
        ("entrance_threshold", True), ("entrance_usable", True), ("door_clear_width", True),
        ("grab_bars_firm", True), ("bath_floor_non_slip", False), ("bath_done", True)]
    door = next(w for w in first.works if w.item == "door_clear_width")
    assert (door.measured, door.required) == ("820 mm", "≥ 800 mm")
    assert [p.taken_at for p in door.photos_before] == ["2025-04-02T09:20:11+08:00"]
    assert [p.taken_at for p in door.photos] == ["2025-06-11T14:05:37+08:00"]
    assert all(p.thumbnail.startswith("data:image/jpeg") for w in first.works
               for p in [*w.photos_before, *w.photos])
    assert not any(w.photo_missing for w in first.works)
    [floor] = first.failed
    assert (floor.item, len(floor.photos_before), len(floor.photos)) == (
        "bath_floor_non_slip", 1, 1)


def test_the_household_section_in_html_and_json(households):
    report = build_report(households, options())
    html = render_html(report)
    assert 'id="home-modifications"' in html
    assert "共 2 户，已完成 1 户；验收通过 7 项，需返工 1 项。" in html
    assert 'alt="改造前照片 1：改造后最窄一樘门开启后的通行净宽"' in html
    assert 'alt="改造后照片 1：改造后最窄一樘门开启后的通行净宽"' in html
    assert "已确认签字" in html and "需返工" in html
    assert html.count("<figcaption><strong>改造前</strong><br>SHA-256") == 8  # 6 + 2 pieces
    english = render_html(build_report(households, options("en")))
    assert "2 household(s), 1 done; 7 piece(s) of work accepted, 1 to redo." in english
    import jsonschema

    from audit.report.exports import report_document, report_schema

    document = json.loads(json.dumps(report_document(report), ensure_ascii=False))
    jsonschema.Draft202012Validator(report_schema()).validate(document)
    assert document["home_modifications"]["households"][1]["done"] is True


def test_a_household_without_a_photo_before_or_the_sign_off_is_not_done(tmp_path):
    from audit.store import FacilityInfo, StoredAnswer
    from tests.evidence.evidence_factory import make_photo

    with open_store(tmp_path / "audit.db") as store:
        store.save_facility(FacilityInfo(code="HH-9", name="王家"))
        inspection = store.create_inspection("HH-9", "gb55019-home-modification", "2025.2",
                                             building="existing")
        answers = {"plan_doors": "yes", "door_clear_width": "820 mm", "plan_entrance": "no",
                   "plan_grab_bars": "no", "plan_bathroom": "no", "plan_kitchen": "no",
                   "plan_alerts": "no", "plan_tactile": "no", "resident_name": "王芳",
                   "disability": "physical"}
        for item, value in answers.items():
            store.save_answer(inspection, StoredAnswer(item, value))
        after = keep_photo(store, make_photo("jpeg"), name="after.jpg")
        store.attach_photo(inspection, "door_clear_width", after.sha256)
        [row] = build_report(store, options()).home_modifications.households
        assert (row.accepted, row.photos_missing, row.resident_confirmed, row.done) == (
            1, 1, None, False)
        store.save_answer(inspection, StoredAnswer("resident_confirmed", "yes"))
        before = keep_photo(store, make_photo("png"), name="before.png")
        store.attach_photo(inspection, "door_clear_width", before.sha256, before=True)
        [row] = build_report(store, options()).home_modifications.households
        assert (row.photos_missing, row.resident_confirmed, row.done) == (0, True, True)
