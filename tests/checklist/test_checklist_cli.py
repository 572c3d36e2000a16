"""``a11y-audit checklist``: validate every bundled file, list, show; malformed files exit 2."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from checklist_helpers import HEADER, SOURCE, item_yaml
from click.testing import CliRunner

from audit.checklist import bundled_folder, checklist_files, load_bundled
from audit.cli.checklist import command

BUNDLED = checklist_files(bundled_folder())


def run(*args: str):
    return CliRunner().invoke(command, list(args), catch_exceptions=False)


def test_bundled_set_is_complete() -> None:
    areas = {"sidewalks", "curb-ramps", "transit-stops", "parking", "entrances-ramps", "doors",
             "corridors-stairs", "elevators", "toilets", "counters", "signage", "tactile-paving"}
    names = {(p.parent.name, p.stem) for p in BUNDLED}
    assert {(folder, area) for folder in ("gb55019", "ada2010") for area in areas} <= names
    gb_only = {"service-halls", "self-service-terminals", "home-modification"}
    assert {("gb55019", area) for area in gb_only} <= names
    assert ("wcag-manual", "wcag22-manual") in names
    assert ("miit-app", "miit-app-elderly") in names
    assert len(load_bundled()) == len(BUNDLED) == 29


@pytest.mark.parametrize("path", BUNDLED, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_every_bundled_checklist_validates(path: Path) -> None:
    result = run("validate", str(path))
    assert result.exit_code == 0, result.output
    assert result.output.startswith(f"ok: {path} (")
    assert result.output.endswith(" items)\n")


def test_validate_the_whole_folder() -> None:
    result = run("validate", str(bundled_folder()))
    assert result.exit_code == 0
    assert result.output.count("ok: ") == len(BUNDLED)


def test_bundled_scored_items_cite_their_standard() -> None:
    prefixes = {"physical": ("GB 55019-2021 §", "GB 50763-2012 §", "ADA 2010 §"),
                "web": ("WCAG 2.2 SC ",), "app": ("MIIT APP 适老化规范 §",)}
    for checklist in load_bundled():
        for item in checklist.items:
            if item.rule is not None:
                assert item.clause.startswith(prefixes[checklist.kind]), (checklist.id, item.id)


def test_validate_reports_every_problem_and_exits_2(tmp_path: Path) -> None:
    good = tmp_path / "good.yaml"
    good.write_text(HEADER + item_yaml("a", "type: yes-no\nrule: {expect: yes}\n"
                                            "severity: minor\nclause: T\n" + SOURCE),
                    encoding="utf-8")
    bad = tmp_path / "bad.yaml"
    bad.write_text(HEADER.replace("test-list", "bad-list") + item_yaml(
        "width", "type: measurement\nunit: mm\nrule: {at_most: 1:12}\nseverity: serious\n"
                 f"clause: T\n{SOURCE}\nphoto: sometimes"), encoding="utf-8")
    result = CliRunner().invoke(command, ["validate", str(good), str(bad)])
    assert result.exit_code == 2
    assert result.stdout == f"ok: {good} (1 items)\n"
    assert result.stderr == (
        f"{bad}:25: item width: photo: Input should be 'on-fail', 'always', 'never' or "
        "'before-after'\n")


def test_validate_second_problem_in_same_file(tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text(HEADER + item_yaml(
        "width", "type: measurement\nunit: mm\nrule: {at_most: 1:12}\nseverity: serious\n"
                 "clause: T\n" + SOURCE), encoding="utf-8")
    result = CliRunner().invoke(command, ["validate", str(bad)])
    assert result.exit_code == 2
    assert result.stderr == (f"{bad}:21: item width: rule.at_most: cannot read '1:12' as a "
                             "length\n")


def test_validate_duplicate_ids(tmp_path: Path) -> None:
    text = HEADER + item_yaml("a", "type: text")
    (tmp_path / "a.yaml").write_text(text, encoding="utf-8")
    (tmp_path / "b.yaml").write_text(text, encoding="utf-8")
    result = CliRunner().invoke(command, ["validate", str(tmp_path)])
    assert result.exit_code == 2
    assert result.stderr == (f"{tmp_path / 'b.yaml'}: id: duplicate checklist id 'test-list' "
                             f"(also in {tmp_path / 'a.yaml'})\n")


def test_list() -> None:
    result = run("list", "--lang", "en")
    assert result.exit_code == 0
    assert "gb55019-parking" in result.output
    assert "Accessible parking" in result.output
    assert "wcag22-manual" in result.output and "42" in result.output


def test_show_json() -> None:
    result = run("show", "gb55019-doors", "--format", "json")
    data = json.loads(result.output)
    assert data["schema"] == "a11y-audit/checklist/1"
    assert data["id"] == "gb55019-doors"
    width = next(i for s in data["sections"] for i in s["items"] if i["id"] == "manual_door_width")
    assert width["rule"] == {"at_least": "900 mm", "existing": {"at_least": "800 mm"}}
    assert width["clause"] == "GB 55019-2021 §2.5.4"


def test_show_text_in_both_languages() -> None:
    en = run("show", "gb55019-doors", "--lang", "en").output
    assert ("- manual_door_width [measurement, mm] Clear opening width with the door "
            "fully open") in en
    assert ("    requires: new: ≥ 900 mm; existing: ≥ 800 mm | GB 55019-2021 §2.5.4 | serious | "
            "photo on-fail") in en
    zh = run("show", "gb55019-doors").output
    assert "新建：≥ 900 mm；既有：≥ 800 mm" in zh
    assert ("    rests on: clause-text — "
            "http://m.jianbiaoku.com/webarbs/book/160788/4741473.shtml") in en


def test_show_names_what_each_case_rests_on() -> None:
    en = run("show", "gb55019-parking", "--lang", "en").output
    assert ("photo on-fail — UNCONFIRMED\n"
            '    where car_park_type == "public": GB 50763-2012 §8.10.2, rests on secondary — '
            "http://yuedu.ocsyun.com/ocsyuedu/") in en


def test_show_unknown_id() -> None:
    result = CliRunner().invoke(command, ["show", "nope"])
    assert result.exit_code == 1
    assert "no checklist 'nope'" in str(result.exception)
