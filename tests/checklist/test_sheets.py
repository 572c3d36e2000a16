"""Filled sheets (CSV field sheet, YAML, JSON) into the store: verdicts, photos, errors, rounds.

Runs on a real SQLite file and a real PostgreSQL (the store tests' fixtures). The tests that
only read the imported demo share one import of it per backend (``demo_store``).
"""

from __future__ import annotations

import csv
import io
import shutil
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from audit.checklist import load_bundled
from audit.checklist._sheet_csv import write_csv
from audit.checklist.intake import export_photos, import_sheet, judge, to_sheet
from audit.checklist.rounds import compare
from audit.checklist.sheet_model import SheetAnswer
from audit.checklist.sheets import SheetErrors, dump_sheet, read_sheet, with_unit
from audit.demo.facility import EXPECTED_FAILS, SHEETS, demo_folder, import_demo_results
from audit.errors import ChecklistError
from audit.model import ItemOutcome
from audit.store import Store, StoredAnswer, open_store, sha256_hex
from tests.evidence.evidence_factory import make_photo, png_declaring
from tests.store.conftest import (  # noqa: F401 - fixtures used below
    BACKENDS,
    pg_database,
    pg_url,
    schema_url,
    store_url,
)

P, F = ItemOutcome.PASS, ItemOutcome.FAIL
NA, UN = ItemOutcome.NOT_APPLICABLE, ItemOutcome.UNANSWERED
CATALOGUE = load_bundled()
FACILITY = {"facility": "FAC-009", "facility_name": "测试服务中心", "department": "测试局",
            "inspector": "王工", "date": "2025/3/14", "round": "1", "building": "existing"}


@pytest.fixture
def store(store_url: str, tmp_path: Path) -> Iterator[Store]:  # noqa: F811
    with open_store(store_url, files_dir=tmp_path / "files") as opened:
        yield opened


@dataclass(frozen=True)
class Demo:
    """The demo imported into a store; the parking aisle (inspection ``ids[0]``) re-measured
    by alice after the import, ``before`` being the imported answer."""

    store: Store
    ids: list[int]
    before: StoredAnswer


@pytest.fixture(scope="module", params=BACKENDS)
def demo_store(request: pytest.FixtureRequest,
               tmp_path_factory: pytest.TempPathFactory) -> Iterator[Demo]:
    """One import of the demo per backend, for the tests that only read it."""
    folder = tmp_path_factory.mktemp("demo")
    url = str(folder / "audit.db")
    if request.param == "postgresql":
        url = schema_url(request.getfixturevalue("pg_database"))
    with open_store(url, files_dir=folder / "files") as opened:
        ids = [r.inspection_id for r in import_demo_results(opened)]
        before = opened.inspection(ids[0]).answers["aisle_width"]
        opened.save_answer(ids[0], StoredAnswer("aisle_width", "1150", before.unit,
                                                note="复测"),
                           by="alice", base_version=before.version)
        yield Demo(opened, ids, before)


def outcomes(store: Store, inspection_id: int) -> dict[str, ItemOutcome]:
    _, result = judge(store.inspection(inspection_id), CATALOGUE)
    return {r.item: r.outcome for r in result.results}


def filled_csv(path: Path, checklist_id: str, answers: dict[str, tuple[str, ...]],
               meta: dict[str, str] | None = None, lang: str = "zh") -> Path:
    """The template for ``checklist_id`` filled as an inspector would in a spreadsheet:
    answers are (value, not_applicable, note, photos), shorter tuples allowed."""
    rows = list(csv.reader(io.StringIO(write_csv(CATALOGUE.get(checklist_id), lang)[1:])))
    meta = FACILITY if meta is None else meta
    for row in rows:
        key = row[0].split("（")[0] if row else ""
        if key in meta:
            row[1] = meta[key]
        if key in answers:
            values = answers[key]
            row[6:6 + len(values)] = values
    out = io.StringIO()
    csv.writer(out, lineterminator="\r\n").writerows(rows)
    path.write_text("\ufeff" + out.getvalue(), encoding="utf-8", newline="")
    return path


def shas(record) -> dict[str, list[str]]:
    return {item: [p.sha256 for p in ps] for item, ps in record.photos.items()}


def export_and_import(store: Store, record, other: Store, folder: Path, fmt: str,
                      history=None):
    """Export ``record`` as a ``fmt`` sheet with its photos (and change log), import both into
    ``other``; the sheet's text and the import's result."""
    names = export_photos(store, record, folder / "out")
    sheet = folder / f"export.{fmt}"
    text = dump_sheet(to_sheet(record, photo_names=names, history=history), fmt,
                      CATALOGUE.get(record.info.checklist_id))
    sheet.write_text(text, encoding="utf-8")
    return text, import_sheet(other, sheet, photos_dir=folder / "out", catalogue=CATALOGUE)


def line_of(path: Path, item_id: str) -> int:
    lines = path.read_text(encoding="utf-8-sig").splitlines()
    return next(n for n, text in enumerate(lines, 1) if text.startswith(item_id + ","))


# -- verdicts --------------------------------------------------------------------------------

CURB_ANSWERS = {
    "curb_ramp_present": ("yes",), "ramp_type": ("three_sided",), "running_slope": ("1:10",),
    "ramp_width": ("1.1",), "lip_height": ("0",), "top_landing": ("850",),
    "grate_at_ramp": ("否",), "bollard_spacing": ("", "x"), "warning_tactile": ("是",),
    "warning_offset": ("30", "", "", ""), "has_audible_signal": ("no",),
}


def test_a_filled_csv_field_sheet_gives_the_expected_verdicts(store, tmp_path):
    sheet = filled_csv(tmp_path / "curb.csv", "gb55019-curb-ramps",
                       {**CURB_ANSWERS, "warning_offset": ("30", "", "", ""),
                        "running_slope": ("1:10", "", "坡陡")})
    rows = sheet.read_text(encoding="utf-8-sig").splitlines()
    # a unit written in the sheet's unit column applies to a bare number: 30 cm = 300 mm
    sheet.write_text("\ufeff" + "\r\n".join(
        r if not r.startswith("warning_offset,") else r.replace(",mm,", ",cm,", 1)
        for r in rows) + "\r\n", encoding="utf-8", newline="")
    result = import_sheet(store, sheet, catalogue=CATALOGUE)
    assert outcomes(store, result.inspection_id) == {
        "curb_ramp_present": P, "running_slope": F, "ramp_width": F, "lip_height": P,
        "top_landing": F, "grate_at_ramp": P, "bollard_spacing": NA, "warning_tactile": P,
        "warning_offset": P, "audible_signal_works": NA, "ramp_not_blocked": UN, "ramp_intact": UN}
    record = store.inspection(result.inspection_id)
    assert record.info.inspected_on == "2025-03-14"  # Excel's 2025/3/14
    assert (record.info.building, record.info.round, record.info.inspector) == (
        "existing", 1, "王工")
    assert record.facility.name == "测试服务中心"
    assert record.answers["running_slope"].note == "坡陡"
    assert record.answers["top_landing"].unit is None  # the item's own unit is not repeated
    assert record.answers["warning_offset"].unit == "cm"
    assert record.answers["bollard_spacing"].na is True
    assert result.answers == 11 and result.refused == []


def test_the_demo_sheets_give_their_verdicts(store):
    results = import_demo_results(store)
    for name, result in zip(SHEETS, results, strict=True):
        fails = [i for i, o in outcomes(store, result.inspection_id).items() if o is F]
        assert fails == EXPECTED_FAILS[name], name
        assert result.refused == [] and result.warnings == []
    assert [r.photos_attached for r in results] == [3, 4, 2, 1, 13, 4]
    photos = {p.sha256 for r in results for ps in store.inspection(r.inspection_id)
              .photos.values() for p in ps}
    assert len(photos) == 11  # the curb ramp photo is attached 5 times, stored once
    again = import_demo_results(store)  # importing the demo again replaces it
    assert [r.inspection_id for r in again] == [r.inspection_id for r in results]
    assert all(r.replaced for r in again)


def test_a_yaml_sheet_and_its_json_twin_give_the_same_verdicts(store, tmp_path):
    text = (demo_folder() / "curb-ramps.yaml").read_text(encoding="utf-8")
    (tmp_path / "a.yaml").write_text(text.replace("round: 1", "round: 5"), encoding="utf-8")
    parsed = read_sheet(tmp_path / "a.yaml")
    (tmp_path / "b.json").write_text(dump_sheet(parsed.sheet.model_copy(update={"round": 6}),
                                                "json"), encoding="utf-8")
    shutil.copy(demo_folder() / "photos" / "curb-ramp.jpg", tmp_path)
    first = import_sheet(store, tmp_path / "a.yaml", catalogue=CATALOGUE)
    second = import_sheet(store, tmp_path / "b.json", catalogue=CATALOGUE)
    assert outcomes(store, first.inspection_id) == outcomes(store, second.inspection_id) == {
        "curb_ramp_present": P, "running_slope": F, "ramp_width": P, "lip_height": F,
        "top_landing": P, "grate_at_ramp": P, "bollard_spacing": NA, "warning_tactile": P,
        "warning_offset": P, "audible_signal_works": NA, "ramp_not_blocked": F, "ramp_intact": P}


# -- photos ----------------------------------------------------------------------------------

def test_bad_photos_are_refused_one_by_one_and_nothing_else_is_lost(store, tmp_path):
    photos = tmp_path / "photos"
    photos.mkdir()
    good = make_photo("jpeg")
    (photos / "good.jpg").write_bytes(good)
    (photos / "truncated.jpg").write_bytes(good[: len(good) // 2])
    (photos / "notes.jpg").write_text("ramp measured at 1:10, see sheet\n", encoding="utf-8")
    (photos / "empty.jpg").write_bytes(b"")
    (photos / "bomb.png").write_bytes(png_declaring(20_000, 20_000))
    sheet = filled_csv(tmp_path / "curb.csv", "gb55019-curb-ramps", {
        **CURB_ANSWERS,
        "curb_ramp_present": ("yes", "", "", "good.jpg; missing.jpg"),
        "running_slope": ("1:10", "", "", "truncated.jpg；good.jpg"),
        "ramp_width": ("1.1", "", "", "notes.jpg"),
        "top_landing": ("850", "", "", "empty.jpg\nbomb.png"),
        "lip_height": ("0", "", "", "../curb.csv"),
    })
    result = import_sheet(store, sheet, photos_dir=photos, catalogue=CATALOGUE)
    refused = {(r.item, r.name): r.message for r in result.refused}
    assert list(refused) == [
        ("curb_ramp_present", "missing.jpg"), ("running_slope", "truncated.jpg"),
        ("ramp_width", "notes.jpg"), ("lip_height", "../curb.csv"),
        ("top_landing", "empty.jpg"), ("top_landing", "bomb.png")]
    assert "cannot read the photo file" in refused[("curb_ramp_present", "missing.jpg")]
    assert refused[("running_slope", "truncated.jpg")].startswith(
        "truncated.jpg is a damaged JPEG file: the image data is truncated or corrupt")
    assert refused[("ramp_width", "notes.jpg")].startswith(
        "notes.jpg is not an image: it looks like")
    assert "must be inside the photo folder" in refused[("lip_height", "../curb.csv")]
    assert refused[("top_landing", "empty.jpg")].startswith("empty.jpg is empty (0 bytes).")
    assert "decompression bomb" in refused[("top_landing", "bomb.png")]
    record = store.inspection(result.inspection_id)
    assert len(record.answers) == 11  # every answer is stored
    assert {item: [p.sha256 for p in ps] for item, ps in record.photos.items()} == {
        "curb_ramp_present": [sha256_hex(good)], "running_slope": [sha256_hex(good)]}
    assert result.photos_attached == 2
    assert outcomes(store, result.inspection_id)["running_slope"] is F


HOUSEHOLD = {"facility": "HH-009", "facility_name": "王家", "department": "区残联",
             "inspector": "李敏", "date": "2025/6/11", "round": "1", "building": "existing"}


def staged(record) -> dict[str, list[tuple[str, bool]]]:
    return {item: [(p.original_name, p.before) for p in ps] for item, ps in record.photos.items()}


def test_a_home_modification_csv_sheet_keeps_photos_before_and_after_apart(store, tmp_path):
    (tmp_path / "door-0.jpg").write_bytes(make_photo("jpeg"))
    (tmp_path / "door-1.png").write_bytes(make_photo("png"))
    template = write_csv(CATALOGUE.get("gb55019-home-modification"), "zh")
    header = next(r for r in csv.reader(io.StringIO(template[1:])) if r and r[0] == "item_id")
    assert header[9:] == ["photos（照片）", "photos_before（改造前照片）"]
    sheet = filled_csv(tmp_path / "hh.csv", "gb55019-home-modification", {
        "resident_name": ("王芳",), "disability": ("physical",), "plan_doors": ("是",),
        "door_clear_width": ("820", "", "", "door-1.png", "door-0.jpg"),
        "plan_entrance": ("否",), "plan_grab_bars": ("否",), "plan_bathroom": ("否",),
        "plan_kitchen": ("否",), "plan_alerts": ("否",), "plan_tactile": ("否",),
        "resident_confirmed": ("是",)}, HOUSEHOLD)
    result = import_sheet(store, sheet, catalogue=CATALOGUE)
    assert result.refused == [] and result.photos_attached == 2
    record = store.inspection(result.inspection_id)
    assert staged(record) == {"door_clear_width": [("door-0.jpg", True), ("door-1.png", False)]}
    _, judged = judge(record, CATALOGUE)
    [door] = [r for r in judged.results if r.item == "door_clear_width"]
    assert (door.outcome, door.photo_ok) == (P, True)
    assert (door.photos_before, door.photos) == (
        (record.photos["door_clear_width"][0].sha256,),
        (record.photos["door_clear_width"][1].sha256,))


@pytest.mark.parametrize("fmt", ["yaml", "json", "csv"])
def test_a_household_exports_and_imports_with_its_photo_stages(demo_store, tmp_path, fmt):
    store, first = demo_store.store, demo_store.ids[4]  # household HH-001
    record = store.inspection(first)
    with open_store(tmp_path / "other.db", files_dir=tmp_path / "other-files") as other:
        _, again = export_and_import(store, record, other, tmp_path, fmt)
        copy = other.inspection(again.inspection_id)
        assert {i: [(p.sha256, p.before) for p in ps] for i, ps in copy.photos.items()} == {
            i: [(p.sha256, p.before) for p in ps] for i, ps in record.photos.items()}
        assert outcomes(other, again.inspection_id) == outcomes(store, first)


def test_a_photo_given_as_both_before_and_after_is_refused(store, tmp_path):
    (tmp_path / "door.jpg").write_bytes(make_photo("jpeg"))
    sheet = filled_csv(tmp_path / "hh.csv", "gb55019-home-modification", {
        "plan_doors": ("是",), "door_clear_width": ("820", "", "", "door.jpg", "door.jpg")},
        HOUSEHOLD)
    result = import_sheet(store, sheet, catalogue=CATALOGUE)
    sha = sha256_hex((tmp_path / "door.jpg").read_bytes())
    assert [(r.item, r.name, r.message) for r in result.refused] == [(
        "door_clear_width", "door.jpg", f"photo {sha[:12]} is already attached to "
        "door_clear_width as taken before the work; one photo cannot show both")]
    record = store.inspection(result.inspection_id)
    assert staged(record) == {"door_clear_width": [("door.jpg", True)]}
    _, judged = judge(record, CATALOGUE)
    [door] = [r for r in judged.results if r.item == "door_clear_width"]
    assert (door.outcome, door.photo_ok) == (P, False)  # no photo after the work


def test_a_sheet_of_an_earlier_version_keeps_its_units_in_the_store(store, tmp_path):
    """2025.1 recorded drop-off sizes in metres; 2025.2 in mm. A stored 2025.1 answer of
    "2.5" is still 2.5 m when judged (and exported) after the checklist changed."""
    sheet = tmp_path / "old.yaml"
    sheet.write_text(
        "schema: a11y-audit/inspection/1\nfacility: {code: FAC-8, name: 旧表}\n"
        "checklist: gb55019-parking\nchecklist_version: '2025.1'\nbuilding: existing\n"
        "answers: {has_parking: yes, has_dropoff: yes, dropoff_width: 2.5, "
        "dropoff_length: 6.9}\n", encoding="utf-8")
    result = import_sheet(store, sheet, catalogue=CATALOGUE)
    record = store.inspection(result.inspection_id)
    assert (record.answers["dropoff_width"].value, record.answers["dropoff_width"].unit) == (
        "2.5", None)
    _, judged = judge(record, CATALOGUE)
    by_item = {r.item: r for r in judged.results}
    assert (by_item["dropoff_width"].outcome, by_item["dropoff_width"].measured) == (
        P, "2500 mm")
    assert (by_item["dropoff_length"].outcome, by_item["dropoff_length"].measured) == (
        F, "6900 mm")
    assert to_sheet(record).checklist_version == "2025.1"


# -- malformed sheets ------------------------------------------------------------------------

def test_bad_answers_in_a_csv_sheet_name_file_line_and_item(store, tmp_path):
    sheet = filled_csv(tmp_path / "curb.csv", "gb55019-curb-ramps", {
        **CURB_ANSWERS, "running_slope": ("steep",), "top_landing": ("85 kg",),
        "curb_ramp_present": ("", "yes")})
    with pytest.raises(SheetErrors) as caught:
        import_sheet(store, sheet, catalogue=CATALOGUE)
    name = str(sheet)
    assert [str(e) for e in caught.value.errors] == [
        f"{name}:{line_of(sheet, 'curb_ramp_present')}: item curb_ramp_present: "
        "cannot be marked not applicable",
        f"{name}:{line_of(sheet, 'running_slope')}: item running_slope: "
        "cannot read 'steep' as a slope",
        f"{name}:{line_of(sheet, 'top_landing')}: item top_landing: '85 kg': 'kg' is not a "
        "unit of length (one of mm, cm, m, in, ft)",
    ]
    assert store.facilities() == [] and store.inspections() == []  # nothing half-imported


def test_csv_layout_errors(tmp_path, store):
    sheet = filled_csv(tmp_path / "s.csv", "gb55019-curb-ramps",
                       {"running_slope": ("1:10", "maybe")})
    with pytest.raises(ChecklistError) as caught:
        import_sheet(store, sheet, catalogue=CATALOGUE)
    assert str(caught.value) == (f"{sheet}:{line_of(sheet, 'running_slope')}: item "
                                 "running_slope: not_applicable must be empty or yes, got 'maybe'")
    text = sheet.read_text(encoding="utf-8-sig")
    (tmp_path / "t.csv").write_text(text.replace("inspector（检查人）", "inspecter"),
                                    encoding="utf-8")
    with pytest.raises(ChecklistError, match=r"t.csv:11: unknown field 'inspecter'"):
        read_sheet(tmp_path / "t.csv")
    text = text.replace(",maybe,", ",,")
    (tmp_path / "u.csv").write_text(text.replace("2025/3/14", "14.3.2025"), encoding="gb18030")
    with pytest.raises(SheetErrors, match=r"u.csv:12: date: Input should be a valid date"):
        read_sheet(tmp_path / "u.csv")  # GBK is read; the date is not


def _edited_csv(path: Path, edit) -> Path:
    """``path``'s rows changed by ``edit(rows)``, saved as Excel on Chinese Windows saves a
    CSV (GBK, CRLF, no byte-order mark)."""
    rows = list(csv.reader(io.StringIO(path.read_text(encoding="utf-8-sig"))))
    edit(rows)
    out = io.StringIO()
    csv.writer(out, lineterminator="\r\n").writerows(rows)
    path.write_bytes(out.getvalue().encode("gbk"))
    return path


def _row(rows: list[list[str]], first: str) -> list[str]:
    return next(row for row in rows if row and row[0].split("（")[0] == first)


@pytest.mark.parametrize(("edit", "message"), ids=[
    "added column", "cells beyond the heading", "row without id", "two note columns",
    "field twice"], argvalues=[
    # a column the inspector added to the item table, with something written in it
    (lambda rows: (_row(rows, "item_id").append("整改建议（suggestion）"),
                   _row(rows, "ramp_width").append("加宽至1.2米")),
     "{name}:{ramp_width}: item ramp_width: '加宽至1.2米' is in the column "
     "'整改建议（suggestion）', which is not read (only item_id, unit, value, not_applicable, "
     "note, photos, photos_before are); move it to note"),
    # a note with a comma, typed in a text editor without quotes: its second half in no column
    (lambda rows: _row(rows, "ramp_width").extend(["", " 需整改"]),
     "{name}:{ramp_width}: item ramp_width: ' 需整改' is in column 12, which has no heading "
     "(only item_id, unit, value, not_applicable, note, photos, photos_before are read); "
     "move it to note"),
    # a second measurement in a row of its own, without the item's id
    (lambda rows: rows.insert(rows.index(_row(rows, "ramp_width")) + 1,
                              ["", "", "", "", "", "", "1.3", "", "第二处"]),
     "{name}:{after_ramp_width}: a row without item_id holds '1.3'; write the item's id in its "
     "first cell, or move what it says to that item's note"),
    # two columns both headed note: one of them would be dropped
    (lambda rows: _row(rows, "item_id").__setitem__(7, "note"),
     "{name}:{item_id}: the column note appears twice (columns 8 and 9)"),
    # a header field given twice with two values: one would be dropped
    (lambda rows: rows.insert(rows.index(_row(rows, "date")), ["inspector", "李工"]),
     "{name}:12: inspector is given twice (first at line 11); keep one"),
])
def test_a_csv_sheet_loses_no_cell_silently(tmp_path, edit, message):
    sheet = _edited_csv(filled_csv(tmp_path / "s.csv", "gb55019-curb-ramps", CURB_ANSWERS),
                        edit)
    lines = sheet.read_bytes().decode("gbk").splitlines()
    where = {key: next(n for n, text in enumerate(lines, 1) if text.startswith(key))
             for key in ("ramp_width", "item_id")}
    with pytest.raises(ChecklistError) as caught:
        read_sheet(sheet)
    assert str(caught.value) == message.format(name=sheet, **where,
                                               after_ramp_width=where["ramp_width"] + 1)


def test_a_csv_sheet_may_have_empty_columns_added_and_the_template_columns_changed(tmp_path):
    def edit(rows):
        _row(rows, "item_id").extend(["", "extra"])
        _row(rows, "ramp_width")[2] = "坡道宽度（已核对）"  # the prompt, not read
        for row in rows:
            row.extend([""] * 3)  # Excel pads every row to the table's width
    sheet = _edited_csv(filled_csv(tmp_path / "s.csv", "gb55019-curb-ramps", CURB_ANSWERS),
                        edit)
    assert read_sheet(sheet).sheet.answers["ramp_width"] == SheetAnswer(value="1.1", unit="mm")


def test_yaml_sheet_errors_have_lines(tmp_path, store):
    text = (demo_folder() / "curb-ramps.yaml").read_text(encoding="utf-8")
    bad = text.replace("  top_landing: 1000 mm\n", "  top_landing: 1000 mm\n  ramp_colour: red\n")
    bad = bad.replace("building: existing", "building: old")
    (tmp_path / "bad.yaml").write_text(bad, encoding="utf-8")
    with pytest.raises(SheetErrors) as caught:
        import_sheet(store, tmp_path / "bad.yaml", catalogue=CATALOGUE)
    assert [str(e) for e in caught.value.errors] == [
        f"{tmp_path / 'bad.yaml'}:16: building: Input should be 'new' or 'existing'"]
    (tmp_path / "bad.yaml").write_text(bad.replace("building: old", "building: new"),
                                       encoding="utf-8")
    with pytest.raises(SheetErrors) as caught:
        import_sheet(store, tmp_path / "bad.yaml", catalogue=CATALOGUE)
    assert [str(e) for e in caught.value.errors] == [
        f"{tmp_path / 'bad.yaml'}:25: item ramp_colour: unknown item (not in gb55019-curb-ramps)"]
    (tmp_path / "c.yaml").write_text(text.replace("checklist: gb55019-curb-ramps",
                                                  "checklist: gb55019-kerbs"), encoding="utf-8")
    with pytest.raises(ChecklistError, match=r"c.yaml:11: checklist: no checklist 'gb55019-kerbs'"):
        import_sheet(store, tmp_path / "c.yaml", catalogue=CATALOGUE)


def test_unknown_facility(store, tmp_path):
    text = (demo_folder() / "curb-ramps-round2.yaml").read_text(encoding="utf-8")
    (tmp_path / "r2.yaml").write_text(text, encoding="utf-8")
    with pytest.raises(ChecklistError, match=r"r2.yaml:4: facility: no facility 'FAC-001' in "
                                             "the store"):
        import_sheet(store, tmp_path / "r2.yaml", catalogue=CATALOGUE)
    assert store.facilities() == [] and store.inspections() == []


def test_taken_round(demo_store, tmp_path):
    text = (demo_folder() / "curb-ramps-round2.yaml").read_text(encoding="utf-8")
    (tmp_path / "r2.yaml").write_text(text, encoding="utf-8")
    assert demo_store.ids[3] == 4
    with pytest.raises(ChecklistError, match=r"r2.yaml:9: round: facility FAC-001 already has "
                                             r"round 2 of gb55019-curb-ramps \(inspection 4\)"):
        import_sheet(demo_store.store, tmp_path / "r2.yaml",
                     photos_dir=demo_folder() / "photos", catalogue=CATALOGUE)


def test_json_syntax_error_has_its_line(tmp_path):
    (tmp_path / "s.json").write_text('{\n  "checklist": "x",\n  "round": 1,\n}\n')
    with pytest.raises(ChecklistError, match=r"s.json:4: JSON syntax error"):
        read_sheet(tmp_path / "s.json")


# -- export and re-inspection ----------------------------------------------------------------

@pytest.mark.parametrize("fmt", ["yaml", "json", "csv"])
def test_export_then_import_gives_the_same_inspection(demo_store, tmp_path, fmt):
    store, first = demo_store.store, demo_store.ids[0]  # the CSV sheet, with photos
    before = demo_store.before  # re-measured by alice since
    record = store.inspection(first)
    assert (record.answers["aisle_width"].value, record.answers["aisle_width"].note) == (
        "1150", "复测")
    history = store.history(inspection_id=first)
    with open_store(tmp_path / "other.db", files_dir=tmp_path / "other-files") as other:
        text, again = export_and_import(store, record, other, tmp_path, fmt, history)
        assert "alice" in text and "复测" in text and before.value in text  # the log goes along
        assert "alice" not in {c.actor for c in other.history()}  # and is not imported
        copy = other.inspection(again.inspection_id)
        assert copy.answers == record.answers
        assert shas(copy) == shas(record)
        assert (copy.info.round, copy.info.inspector, copy.info.inspected_on,
                copy.info.building) == (1, "王建国", "2025-03-14", "existing")
        assert copy.facility == record.facility.__class__(**{**record.facility.__dict__,
                                                             "id": copy.facility.id})
        assert outcomes(other, again.inspection_id) == outcomes(store, first)


def test_export_by_hash_reimports_into_the_same_store(store, tmp_path):
    first = import_demo_results(store)[1].inspection_id
    record = store.inspection(first)
    sheet = to_sheet(record)
    assert sheet.answer("running_slope").photos[0].startswith("sha256:")
    (tmp_path / "s.yaml").write_text(dump_sheet(sheet, "yaml"), encoding="utf-8")
    again = import_sheet(store, tmp_path / "s.yaml", catalogue=CATALOGUE, replace=True)
    assert again.inspection_id == first and again.refused == []
    assert store.inspection(first).photos == record.photos


def test_reinspection_compares_item_by_item(demo_store):
    store, ids = demo_store.store, demo_store.ids
    _, old = judge(store.inspection(ids[1]), CATALOGUE)
    _, new = judge(store.inspection(ids[3]), CATALOGUE)
    comparison = compare(old, new)
    assert {name: [c.item for c in changes] for name, changes in comparison.groups().items()
            } == {"fixed": ["running_slope", "ramp_not_blocked"], "still_failing": ["lip_height"],
                  "newly_failing": ["grate_at_ramp"], "not_rechecked": []}


def test_a_failure_left_unanswered_is_not_called_fixed(store, tmp_path):
    one = filled_csv(tmp_path / "1.csv", "gb55019-curb-ramps", CURB_ANSWERS)
    two = filled_csv(tmp_path / "2.csv", "gb55019-curb-ramps",
                     {**CURB_ANSWERS, "ramp_width": ("",), "top_landing": ("900",)},
                     {**FACILITY, "round": "2"})
    results = [judge(store.inspection(import_sheet(store, p, catalogue=CATALOGUE)
                                      .inspection_id), CATALOGUE)[1] for p in (one, two)]
    groups = {k: [c.item for c in v] for k, v in compare(*results).groups().items()}
    assert groups == {"fixed": ["top_landing"],
                      "still_failing": ["running_slope", "warning_offset"],
                      "newly_failing": [], "not_rechecked": ["ramp_width"]}


def test_the_template_has_a_row_per_item_and_a_bom(tmp_path):
    checklist = CATALOGUE.get("gb55019-parking")
    text = write_csv(checklist, "zh")
    assert text.startswith("\ufeff# a11y-audit field sheet")
    rows = list(csv.reader(io.StringIO(text[1:])))
    header = next(i for i, r in enumerate(rows) if r and r[0] == "item_id")
    assert rows[header][6] == "value（实测值）"
    assert [r[0] for r in rows[header + 1:]] == [item.id for item in checklist.items]
    english = list(csv.reader(io.StringIO(write_csv(checklist, "en")[1:])))
    assert any(r[:2] == ["aisle_width", "Space and access aisle"] for r in english)


FORMULAS = {"facility_name": "=HYPERLINK(\"http://evil.example/\",\"点此\")",
            "department": "+cmd|' /C calc'!A0", "inspector": "@SUM(1+1)",
            "notes": "-2+3+cmd|' /C calc'!A0", "address": "\t=1+1"}


def test_a_csv_sheet_for_excel_runs_no_formula_and_reads_back_the_same(store, tmp_path):
    # Facility name, department, inspector and notes come from people and other systems: in
    # the sheet written for Excel none may start a formula, and importing it back changes
    # nothing of what they said.
    answers = {**CURB_ANSWERS, "running_slope": ("1:10", "", "=1+1 坡陡"),
               "ramp_width": ("1.1", "", "'引号")}
    imported = import_sheet(store, filled_csv(tmp_path / "in.csv", "gb55019-curb-ramps",
                                              answers, {**FACILITY, **FORMULAS}),
                            catalogue=CATALOGUE)
    record = store.inspection(imported.inspection_id)
    written = dump_sheet(to_sheet(record), "csv", CATALOGUE.get("gb55019-curb-ramps"))
    cells = [cell for row in csv.reader(io.StringIO(written[1:])) for cell in row]
    assert [c for c in cells if c.lstrip(" ").startswith(("=", "+", "@", "\t", "\r"))] == []
    assert "'=HYPERLINK(\"http://evil.example/\",\"点此\")" in cells
    assert "'-2+3+cmd|' /C calc'!A0" in cells and "''引号" in cells
    (tmp_path / "out.csv").write_text(written, encoding="utf-8", newline="")
    with open_store(tmp_path / "other.db", files_dir=tmp_path / "other-files") as other:
        again = other.inspection(import_sheet(other, tmp_path / "out.csv",
                                              catalogue=CATALOGUE).inspection_id)
        assert (record.facility.name, record.facility.department, record.info.inspector,
                record.info.notes) == (FORMULAS["facility_name"], FORMULAS["department"],
                                       FORMULAS["inspector"], FORMULAS["notes"])
        assert again.facility.__dict__ == {**record.facility.__dict__, "id": again.facility.id}
        assert (again.info.inspector, again.info.notes) == (record.info.inspector,
                                                            record.info.notes)
        assert again.answers == record.answers
        assert again.answers["running_slope"].note == "=1+1 坡陡"
        assert again.answers["ramp_width"].note == "'引号"


@pytest.mark.parametrize(("typed", "unit", "read"), [
    ("1.5", "m", "1.5 m"), ("１．５", "m", "１．５ m"), ("１２００", "mm", "１２００ mm"),
    ("1,2", "m", "1,2"), ("1:12", "ratio", "1:12"), ("8.33%", "%", "8.33%")])
def test_a_bare_number_takes_its_unit_however_it_was_typed(typed: str, unit: str, read: str):
    """Full-width digits and point (a Chinese keyboard) are a bare number too: "１．５" in
    metres was left without its unit and judged in the item's (1.5 mm)."""
    assert with_unit(typed, unit) == read
