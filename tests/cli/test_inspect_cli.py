"""``a11y-audit inspect`` and ``facility`` through click's CliRunner, on a real SQLite store."""

from __future__ import annotations

import csv
import io
import json

import pytest
from click.testing import CliRunner

from audit.cli import facility, inspect
from audit.cli.main import cli
from audit.demo.facility import demo_folder
from audit.store import open_store
from tests.evidence.evidence_factory import make_photo, png_declaring

cli.add_command(inspect.command)
cli.add_command(facility.command)


@pytest.fixture
def run(tmp_path, monkeypatch):
    monkeypatch.setenv("A11Y_AUDIT_DB", str(tmp_path / "audit.db"))
    monkeypatch.delenv("A11Y_AUDIT_FILES", raising=False)
    monkeypatch.setenv("A11Y_AUDIT_LANG", "en")  # the Chinese lines: test_lang_cli.py
    runner = CliRunner()

    def invoke(*args: str, input: str | None = None):
        return runner.invoke(cli, list(args), input=input, catch_exceptions=False)

    return invoke


@pytest.fixture
def demo(run):
    folder = demo_folder()
    result = run("inspect", "import", "--photos", str(folder / "photos"),
                 *(str(folder / name) for name in ("parking.csv", "curb-ramps.yaml",
                                                    "entrances-ramps.json",
                                                    "curb-ramps-round2.yaml")))
    assert result.exit_code == 0, result.output
    return result


def test_import_reports_each_sheet(demo):
    assert "inspection 1 (FAC-001, gb55019-parking, round 1): 19 answers, 3 photos" in demo.output
    assert "inspection 4 (FAC-001, gb55019-curb-ramps, round 2): 13 answers, 1 photos" \
        in demo.output


def test_show_text_and_json(run, demo):
    text = run("inspect", "show", "2", "--lang", "en").output
    assert "round 1, 2025-03-14, inspector 王建国, existing building, draft" in text
    assert "pass 7 · fail 3 · not-applicable 2 · unanswered 0" in text
    assert ("FAIL  running_slope  Running slope of the ramp\n"
            "      measured: 1:10 (10 %) (entered '1:10')\n"
            "      required: full-width ≤ 1:20; other types ≤ 1:12\n"
            "      GB 50763-2012 §3.1.2 · serious\n"
            "      rests on: the clause text — http://m.jianbiaoku.com/webarbs/book/411/1973120.shtml\n"
            "      note: 数显坡度仪读数 5.7°\n"
            "      photo 964b68b3e5cf  2025-03-14T10:15:02+08:00  GPS 30.27403, 120.15561  "
            "640x480") in text
    doc = json.loads(run("inspect", "show", "1", "--format", "json").output)
    assert doc["schema"] == "a11y-audit/inspection-result/1"
    assert doc["counts"] == {"pass": 7, "fail": 5, "not-applicable": 0, "unanswered": 0}
    aisle = next(i for i in doc["items"] if i["item"] == "aisle_width")
    assert (aisle["outcome"], aisle["measured"], aisle["required"]["en"]) == (
        "fail", "1100 mm", "≥ 1200 mm")
    assert aisle["photos"][0]["sha256"].startswith("c75069780ad3")
    assert aisle["photos"][0]["before"] is False
    assert aisle["source"]["basis"] == "clause-text" and "1.20m" in aisle["source"]["quote"]
    assert doc["facility"]["department"] == "示范区行政审批服务局"


def test_compare_rounds(run, demo):
    result = run("inspect", "compare", "--facility", "FAC-001")
    assert "fixed 2 · still failing 1 · newly failing 1 · not rechecked 0" in result.output
    doc = json.loads(run("inspect", "compare", "2", "4", "--format", "json").output)
    assert [c["item"] for c in doc["fixed"]] == ["running_slope", "ramp_not_blocked"]
    assert [c["item"] for c in doc["still_failing"]] == ["lip_height"]
    assert [c["item"] for c in doc["newly_failing"]] == ["grate_at_ramp"]
    bad = run("inspect", "compare", "--facility", "FAC-404")
    assert bad.exit_code == 3 and "no facility 'FAC-404'" in bad.output


def test_template_then_import_and_refused_photos(run, tmp_path):
    assert run("inspect", "template", "gb55019-curb-ramps", "--lang", "zh", "-o",
               str(tmp_path / "t.csv")).exit_code == 0
    text = (tmp_path / "t.csv").read_text(encoding="utf-8")
    assert text.startswith("\ufeff")
    rows = list(csv.reader(io.StringIO(text[1:])))
    for row in rows:
        if row and row[0].startswith(("facility（", "facility_name（")):
            row[1] = "FAC-7" if row[0].startswith("facility（") else "东门"
        if row and row[0] == "curb_ramp_present":
            row[6], row[9] = "yes", "good.jpg;bomb.png;text.jpg"
        if row and row[0] == "running_slope":
            row[6] = "1:10"
    out = io.StringIO()
    csv.writer(out).writerows(rows)
    (tmp_path / "t.csv").write_text("\ufeff" + out.getvalue(), encoding="utf-8", newline="")
    (tmp_path / "good.jpg").write_bytes(make_photo("jpeg"))
    (tmp_path / "bomb.png").write_bytes(png_declaring(20_000, 20_000))
    (tmp_path / "text.jpg").write_text("hello")
    result = run("inspect", "import", str(tmp_path / "t.csv"))
    assert result.exit_code == 2
    assert "inspection 1 (FAC-7, gb55019-curb-ramps, round 1): 2 answers, 1 photos" \
        in result.output
    assert "photo refused: " in result.output and "item curb_ramp_present: bomb.png" \
        in result.output
    assert "2 photo(s) refused" in result.output
    shown = run("inspect", "show", "1", "--lang", "en").output
    assert "FAIL  running_slope" in shown and "PASS  curb_ramp_present" in shown


def test_a_bad_sheet_is_refused_with_file_line_item(run, tmp_path):
    text = (demo_folder() / "curb-ramps.yaml").read_text(encoding="utf-8")
    (tmp_path / "bad.yaml").write_text(text.replace("ramp_width: 1.30 m", "ramp_width: wide"),
                                       encoding="utf-8")
    result = run("inspect", "import", str(tmp_path / "bad.yaml"))
    assert result.exit_code == 2
    assert f"{tmp_path / 'bad.yaml'}:22: item ramp_width: cannot read 'wide' as a length" \
        in result.output
    assert "1 sheet(s) refused" in result.output


def test_export_round_trip_through_the_cli(run, demo, tmp_path):
    out = tmp_path / "export"
    result = run("inspect", "export", "1", "--format", "csv", "-o", str(tmp_path / "e.csv"),
                 "--photos", str(out))
    assert result.exit_code == 0
    assert (tmp_path / "e.csv").read_text(encoding="utf-8").startswith("\ufeff")
    assert len(list(out.iterdir())) == 2
    other = tmp_path / "other.db"
    again = run("inspect", "import", "--db", str(other), "--photos", str(out),
                str(tmp_path / "e.csv"))
    assert again.exit_code == 0, again.output
    with open_store(tmp_path / "audit.db") as a, open_store(other) as b:
        assert a.inspection(1).answers == b.inspection(1).answers
    stripped = run("inspect", "export", "1", "--photos", str(tmp_path / "s"),
                   "--strip-metadata")
    assert "sha256" not in stripped.output and ".jpg" in stripped.output


@pytest.mark.parametrize(("name", "starts"), [
    ("e.csv", "\ufeff# a11y-audit field sheet"), ("e.yaml", "schema: a11y-audit/inspection/1"),
    ("e.yml", "schema: a11y-audit/inspection/1"), ("e.json", "{\n  \"schema\""),
])
def test_export_takes_its_format_from_the_file_name(run, demo, tmp_path, name, starts):
    result = run("inspect", "export", "1", "-o", str(tmp_path / name))
    assert result.exit_code == 0, result.output
    assert (tmp_path / name).read_text(encoding="utf-8").startswith(starts)


@pytest.mark.parametrize(("args", "message"), [
    (("-o", "{tmp}/e.txt"), "error: cannot tell the sheet format from {tmp}/e.txt: name the "
                            "file .yaml, .json or .csv, or give --format"),
    (("-o", "{tmp}/e.csv", "--format", "yaml"),
     "error: --format yaml does not match the file name {tmp}/e.csv; leave out --format or "
     "name the file .yaml"),
])
def test_export_refuses_a_format_that_does_not_fit_the_file(run, demo, tmp_path, args, message):
    result = run("inspect", "export", "1", *(a.format(tmp=tmp_path) for a in args))
    assert result.exit_code == 2
    assert result.output.strip() == message.format(tmp=tmp_path)
    assert list(tmp_path.glob("e.*")) == []


def test_facility_add_and_list(run):
    assert run("facility", "add", "FAC-002", "--name", "示范区图书馆", "--department",
               "文旅局").exit_code == 0
    assert run("facility", "list").output == "FAC-002\t示范区图书馆\t-\t文旅局\t-\n"


def test_inspect_new_walks_the_checklist(run, tmp_path, monkeypatch):
    monkeypatch.setattr("getpass.getuser", lambda: "li.min")
    run("facility", "add", "FAC-003", "--name", "路口")
    photo = tmp_path / "ramp.jpg"
    photo.write_bytes(make_photo("jpeg"))
    answers = [
        "yes", str(photo),      # curb_ramp_present (photo: always)
        "sideways", "three_sided",  # a bad choice is asked again
        "1:10", "",             # running_slope fails: photo asked, none given
        "1.3 m", "n/a", "", "", "n/a", "", "",  # ramp_width ... warning_tactile
        "no",                   # has_audible_signal; audible_signal_works is then skipped
        "", "",                 # upkeep: ramp_not_blocked, ramp_intact skipped
    ]
    result = run("inspect", "new", "--facility", "FAC-003", "--checklist",
                 "gb55019-curb-ramps", "--inspector", "李敏", "--date", "2025-06-01",
                 input="\n".join(answers) + "\n")
    assert result.exit_code == 0, result.output
    assert "expected one of full_width, three_sided, other, got 'sideways'" in result.output
    assert "saved inspection 1 (draft): pass 2 · fail 1 · not-applicable 3 · unanswered 6" \
        in result.output
    with open_store(tmp_path / "audit.db", files_dir=tmp_path / "audit.db.files") as store:
        record = store.inspection(1)
        logged = store.history(inspection_id=1)
    assert [(c.subject, c.action) for c in logged[:2]] == [("inspection", "create"),
                                                           ("answer", "create")]
    assert {c.actor for c in logged} == {"cli:li.min"}
    assert record.answers["lip_height"].na is True
    assert "audible_signal_works" not in record.answers
    assert [p.original_name for p in record.photos["curb_ramp_present"]] == ["ramp.jpg"]
    assert "running_slope" not in record.photos


# -- in Chinese, the default ------------------------------------------------------------------

def test_import_status_and_facility_lines_in_chinese(run, demo, tmp_path, monkeypatch):
    monkeypatch.setenv("A11Y_AUDIT_LANG", "zh")
    folder = demo_folder()
    again = run("inspect", "import", "--replace", "--photos", str(folder / "photos"),
                str(folder / "curb-ramps.yaml"))
    assert again.output == (f"已替换 {folder / 'curb-ramps.yaml'}：检查记录 #2（FAC-001，"
                            "gb55019-curb-ramps，第 1 轮）：答案 13 个，照片 4 张\n")
    assert run("inspect", "status", "2", "submitted").output == "检查记录 #2：已提交\n"
    assert run("facility", "add", "FAC-9", "--name", "图书馆").output == "设施 FAC-9：图书馆\n"
    assert run("facility", "assign", "FAC-9", "--user", "li", "--team", "东区").output == \
        "设施 FAC-9：已分配给 小组 东区，用户 li\n"
    assert run("facility", "unassign", "FAC-9", "--user", "li", "--team", "东区").output == \
        "设施 FAC-9：已分配给 无人\n"
    (tmp_path / "broken.yaml").write_text("schema: a11y-audit/inspection/1\n", encoding="utf-8")
    refused = run("inspect", "import", str(tmp_path / "broken.yaml"))
    assert refused.output.splitlines()[-2:] == [
        f"已拒收：{tmp_path / 'broken.yaml'}（其中任何内容均未导入）", "1 份检查表被拒收"]


def test_show_and_compare_in_chinese(run, demo):
    text = run("inspect", "show", "2", "--lang", "zh").output
    assert text.splitlines()[:2] == [
        "#2 示范区政务服务中心（FAC-001）— gb55019-curb-ramps 2025.2，第 1 轮，2025-03-14，"
        "检查员 王建国，既有建筑，草稿",
        "合格 7 · 不合格 3 · 不适用 2 · 未填写 0"]
    assert ("不合格  running_slope  坡道坡面坡度\n"
            "      实测：1:10 (10 %)（录入 '1:10'）\n"
            "      要求：全宽式 ≤ 1:20；其他 ≤ 1:12\n"
            "      GB 50763-2012 §3.1.2 · 严重\n"
            "      依据：条文原文 — http://m.jianbiaoku.com/webarbs/book/411/1973120.shtml\n"
            "      备注：数显坡度仪读数 5.7°\n"
            "      照片 964b68b3e5cf  2025-03-14T10:15:02+08:00  GPS 30.27403, 120.15561  "
            "640x480\n") in text
    compared = run("inspect", "compare", "2", "4", "--lang", "zh").output.splitlines()
    assert compared[:5] == [
        "FAC-001 gb55019-curb-ramps：第 1 轮（#2）→ 第 2 轮（#4）",
        "已整改 2 · 仍不合格 1 · 新增不合格 1 · 未复查 0", "", "## 已整改",
        "- running_slope  坡道坡面坡度：1:10 (10 %) → 1:13 (7.69 %)（要求 全宽式 ≤ 1:20；"
        "其他 ≤ 1:12；GB 50763-2012 §3.1.2）"]


def test_inspect_new_asks_in_chinese(run, tmp_path, monkeypatch):
    monkeypatch.setenv("A11Y_AUDIT_LANG", "zh")
    run("facility", "add", "FAC-3", "--name", "路口")
    answers = ["maybe", "是"] + [""] * 20  # a bad answer asked again; no photo; the rest skipped
    result = run("inspect", "new", "--facility", "FAC-3", "--checklist", "gb55019-curb-ramps",
                 "--date", "2025-06-01", input="\n".join(answers) + "\n")
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert lines[0] == ("检查记录 #1：缘石坡道与人行横道（gb55019-curb-ramps），设施 FAC-3；"
                        "直接回车 = 跳过，n/a 或 不适用 = 不适用")
    assert "  expected yes or no, got 'maybe'；请重新输入" in lines
    asked = "人行道在路口、出入口、人行横道处有高差时是否设有缘石坡道？"
    assert f"{asked} [curb_ramp_present，是/否]: maybe" in lines
    assert "  照片文件（多个用 ; 分隔，直接回车表示无）: " in result.output
    assert lines[-1].startswith("已保存检查记录 #1（草稿）：合格 1 · 不合格 0 · 不适用 ")


def test_the_command_line_makes_no_review_decision(run, demo, tmp_path):
    """Approving or sending back is a reviewer's decision in the field app (four-eyes rule,
    with a review record); ``inspect status`` used to set either outright, for anyone, and
    could reopen an approved inspection."""
    run("inspect", "status", "2", "submitted")
    for decision, word in (("approved", "approved"), ("returned", "returned for corrections")):
        refused = run("inspect", "status", "2", decision)
        assert refused.exit_code == 2
        assert refused.output == (
            f"error: inspection 2 cannot be set to {word} here: approving or sending back "
            "is a reviewer's decision in the field app, by someone who did not enter or change "
            "it (four-eyes rule)\n")
    in_chinese = run("inspect", "status", "2", "approved", "--lang", "zh")
    assert in_chinese.output == ("error: 检查记录 #2 不能在这里设为“已审核”：通过或退回由审核员在"
                                 "现场应用中决定，且须由未录入、未修改过它的人决定（四眼原则）\n")
    with open_store(tmp_path / "audit.db", files_dir=tmp_path / "audit.db.files") as store:
        assert store.inspection(2).info.status == "submitted" and store.reviews(2) == []
        store.decide(2, reviewer="rita", decision="approved", comment=None)
    reopened = run("inspect", "status", "2", "draft")
    assert reopened.exit_code == 3
    assert reopened.output == ("error: inspection 2 is approved: a decided inspection is "
                               "not changed; start a new round to inspect it again\n")
    assert run("inspect", "status", "2", "draft", "--lang", "zh").output == (
        "error: 检查记录 #2 已审核：已作出决定的检查记录不再更改；如需再次检查，请开始新的一轮\n")
    folder = demo_folder()
    replaced = run("inspect", "import", "--replace", "--photos", str(folder / "photos"),
                   str(folder / "curb-ramps.yaml"))
    assert replaced.exit_code == 2
    sheet = folder / "curb-ramps.yaml"
    assert replaced.output == (
        f"{sheet}: the inspection it would replace is approved: its answers and photos are not "
        f"replaced; import the sheet as a new round\nrefused: {sheet} (nothing of it was "
        "imported)\n1 sheet(s) refused\n")
    in_chinese = run("inspect", "import", "--replace", "--lang", "zh", "--photos",
                     str(folder / "photos"), str(sheet))
    assert in_chinese.output.splitlines()[0] == (
        f"{sheet}：它要替换的检查记录已审核，其答案和照片不会被替换；请把这张表作为新的一轮导入")
    with open_store(tmp_path / "audit.db", files_dir=tmp_path / "audit.db.files") as store:
        assert store.inspection(2).info.status == "approved"
        assert len(store.inspection(2).answers) == 13


def test_what_an_import_enters_is_logged_in_the_name_of_who_ran_it(run, tmp_path,
                                                                   monkeypatch):
    folder = demo_folder()
    sheet = ("--photos", str(folder / "photos"), str(folder / "curb-ramps.yaml"))
    monkeypatch.setattr("getpass.getuser", lambda: "zhang.wei")
    assert run("inspect", "import", *sheet).exit_code == 0
    with open_store(str(tmp_path / "audit.db")) as store:
        first = store.history(inspection_id=1)
    monkeypatch.setattr("getpass.getuser", lambda: "li.na")
    assert run("inspect", "import", "--replace", *sheet).exit_code == 0
    with open_store(str(tmp_path / "audit.db")) as store:
        both = store.history(inspection_id=1)
    assert [(c.subject, c.action) for c in first[:1]] == [("inspection", "create")]
    assert {c.subject for c in first} == {"inspection", "answer", "photo"}
    assert {c.actor for c in first} == {"cli:zhang.wei"}
    assert {c.actor for c in both[len(first):]} == {"cli:li.na"}
