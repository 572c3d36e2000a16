"""audit.checklist.verdict: outcomes at, just below and just above every kind of threshold."""

from __future__ import annotations

from collections.abc import Callable
from functools import cache
from pathlib import Path

import pytest
from checklist_helpers import SOURCE, item_yaml

from audit.checklist import (
    Building,
    Catalogue,
    Checklist,
    Inspection,
    check_file,
    evaluate,
    load_bundled,
)
from audit.checklist.verdict import Answer
from audit.errors import ChecklistError
from audit.model import ItemOutcome

BUNDLED: Callable[[], Catalogue] = cache(load_bundled)
P, F = ItemOutcome.PASS, ItemOutcome.FAIL
NA, UN = ItemOutcome.NOT_APPLICABLE, ItemOutcome.UNANSWERED


def rule_item(unit: str | None, rule: str, kind: str = "measurement") -> str:
    unit_line = f"unit: '{unit}'\n" if unit else ""
    return item_yaml("x", f"type: {kind}\n{unit_line}rule: {rule}\n"
                          "severity: serious\nclause: TEST §1\n" + SOURCE)


def outcome(checklist: Checklist, answers: dict, building: str = "new") -> dict[str, ItemOutcome]:
    result = evaluate(checklist, Inspection(checklist=checklist.id, building=building,
                                            answers=answers))
    return {r.item: r.outcome for r in result.results}


# ≥ 900 mm, entered in every accepted length unit: at, just below, just above
AT_LEAST_900_MM = [
    ("900 mm", P), ("899.9 mm", F), ("900.1 mm", P), (900, P), (899, F),
    ("90 cm", P), ("89.99 cm", F), ("90.01 cm", P),
    ("0.9 m", P), ("0.8999 m", F), ("0.9001 m", P),
    ("35.44 in", P), ("35.43 in", F),  # 900 mm = 35.433 in
    ("2.953 ft", P), ("2.952 ft", F),  # 900 mm = 2.9528 ft
]
# ≥ 36 in (exactly 914.4 mm)
AT_LEAST_36_IN = [
    ("36 in", P), ("35.99 in", F), ("36.01 in", P), (36, P),
    ("3 ft", P), ("2.99 ft", F), ("3.01 ft", P),
    ("914.4 mm", P), ("914.3 mm", F), ("914.5 mm", P),
    ("91.44 cm", P), ("91.43 cm", F), ("0.9144 m", P), ("0.9143 m", F),
]
# ≤ 1:12 as a ratio, a percentage and degrees (atan(1/12) = 4.76364°)
AT_MOST_1_12 = [
    ("1:12", P), ("1:11.9", F), ("1:12.1", P),
    ("8.33%", P), ("8.3333%", P), ("8.3334%", F), ("8.34%", F), ("8%", P),
    ("4.76°", P), ("4.7636°", P), ("4.7637°", F), ("4.77°", F), ("4.76 deg", P),
]
# a strict limit (GB 50763 §8.1.3 style): < 1:30
LESS_THAN_1_30 = [("1:30", F), ("1:29.9", F), ("1:30.1", P), ("3.33%", P), ("3.34%", F)]
# a range: 850–900 mm
RANGE_850_900 = [("850 mm", P), ("849.9 mm", F), ("900 mm", P), ("900.1 mm", F),
                 ("0.85 m", P), ("85 cm", P), ("90.01 cm", F), ("34 in", P)]


@pytest.mark.parametrize(("unit", "rule", "cases"), [
    ("mm", "{at_least: 900 mm}", AT_LEAST_900_MM),
    ("in", "{at_least: 36 in}", AT_LEAST_36_IN),
    ("ratio", '{at_most: "1:12"}', AT_MOST_1_12),
    ("%", "{at_most: '8.3333333%'}", [("8.3333333%", P), ("8.3333334%", F)]),
    ("ratio", '{less_than: "1:30"}', LESS_THAN_1_30),
    ("mm", "{at_least: 850 mm, at_most: 900 mm}", RANGE_850_900),
    ("mm", "{more_than: 0 mm}", [("0 mm", F), ("0.1 mm", P)]),
    ("N", "{at_most: 25 N}", [("25 N", P), ("25.1 N", F), ("5.62 lbf", P), ("5.63 lbf", F)]),
    ("s", "{at_least: 3 s}", [("3 s", P), ("2.9 s", F), (3, P)]),
    ("m2", "{at_least: 4 m2}", [("4 m²", P), ("3.99 m2", F)]),
    ("contrast", "{at_least: 4.5:1}", [("4.5:1", P), ("4.49:1", F), ("4.5", P)]),
])
def test_threshold_verdicts(make_checklist: Callable[..., Checklist], unit: str, rule: str,
                            cases: list[tuple[object, ItemOutcome]]) -> None:
    checklist = make_checklist(rule_item(unit, rule))
    for entered, expected in cases:
        assert outcome(checklist, {"x": entered}) == {"x": expected}, entered


@pytest.mark.parametrize(("answer", "expected"), [(2, P), (1, F), (3, P), ("2", P), (0, F)])
def test_count_threshold(make_checklist: Callable[..., Checklist], answer: object,
                         expected: ItemOutcome) -> None:
    checklist = make_checklist(rule_item(None, "{at_least: 2}", kind="count"))
    assert outcome(checklist, {"x": answer}) == {"x": expected}


@pytest.mark.parametrize(("answer", "expected"), [
    (True, P), ("yes", P), ("是", P), (False, F), ("no", F), ("否", F),
    ("n/a", NA), ("不适用", NA), (Answer(na=True), NA), (None, UN),
])
def test_yes_no(make_checklist: Callable[..., Checklist], answer: object,
                expected: ItemOutcome) -> None:
    checklist = make_checklist(rule_item(None, "{expect: yes}", kind="yes-no"))
    assert outcome(checklist, {"x": answer}) == {"x": expected}


def test_choice(make_checklist: Callable[..., Checklist]) -> None:
    checklist = make_checklist(item_yaml("x", """
        type: choice
        choices:
          - {id: level, label: {zh: 平坡, en: Level}}
          - {id: ramp, label: {zh: 坡道, en: Ramp}}
          - {id: none, label: {zh: 无, en: None}}
        rule: {accept: [level, ramp]}
        severity: critical
        clause: TEST §2
        source: {basis: secondary, seen: test}
    """))
    assert [outcome(checklist, {"x": a})["x"] for a in ("level", "ramp", "none")] == [P, P, F]
    with pytest.raises(ChecklistError) as caught:
        outcome(checklist, {"x": "lift"})
    assert str(caught.value) == "item x: expected one of level, ramp, none, got 'lift'"


# ---- formulas over other answers (the bundled parking checklists) -------------------------

@pytest.mark.parametrize(("total", "accessible", "expected"), [
    (1, 1, P), (1, 0, F), (99, 1, P), (100, 1, P), (101, 1, F), (101, 2, P),
    (150, 1, F), (150, 2, P), (200, 2, P), (201, 2, F), (201, 3, P), (1000, 10, P), (1000, 9, F),
])
def test_gb_parking_formula(total: int, accessible: int, expected: ItemOutcome) -> None:
    checklist = BUNDLED().get("gb55019-parking")
    got = outcome(checklist, {"has_parking": True, "car_park_type": "building",
                              "total_spaces": total, "accessible_spaces": accessible})
    assert got["accessible_spaces"] is expected


def test_gb_parking_formula_shows_the_computed_limit() -> None:
    checklist = BUNDLED().get("gb55019-parking")
    result = evaluate(checklist, Inspection(checklist=checklist.id, answers={
        "has_parking": "yes", "car_park_type": "building", "total_spaces": 250,
        "accessible_spaces": 2}))
    item = next(r for r in result.results if r.item == "accessible_spaces")
    assert item.outcome is F
    assert item.required.en == "≥ max(1, ⌈total × 1 %⌉) (i.e. ≥ 3)"
    assert item.required.zh == "≥ max(1, ⌈总数 × 1%⌉)（即 ≥ 3）"
    assert (item.clause, item.severity, item.measured, item.entered) == (
        "GB 55019-2021 §2.9.5", "serious", "2", "2")


def test_formula_needing_a_missing_answer_is_unanswered() -> None:
    checklist = BUNDLED().get("gb55019-parking")
    result = evaluate(checklist, Inspection(checklist=checklist.id, answers={
        "has_parking": True, "car_park_type": "building", "accessible_spaces": 2}))
    item = next(r for r in result.results if r.item == "accessible_spaces")
    assert (item.outcome, item.note) == (UN, "needs an answer to total_spaces")


def test_a_case_needing_a_missing_answer_is_unanswered() -> None:
    checklist = BUNDLED().get("gb55019-parking")
    result = evaluate(checklist, Inspection(checklist=checklist.id, answers={
        "has_parking": True, "total_spaces": 40, "accessible_spaces": 2}))
    item = next(r for r in result.results if r.item == "accessible_spaces")
    assert (item.outcome, item.note) == (UN, "needs an answer to car_park_type")


# ---- applicability -------------------------------------------------------------------------

def test_not_applicable_when_another_answer_says_so() -> None:
    checklist = BUNDLED().get("gb55019-parking")
    got = outcome(checklist, {"has_parking": False, "has_dropoff": False})
    assert set(got.values()) == {NA}
    result = evaluate(checklist, Inspection(checklist=checklist.id,
                                            answers={"has_parking": "no"}))
    assert result.results[0].note == "not applicable: (has_parking) is false"


def test_unknown_applicability_still_judges_the_item() -> None:
    checklist = BUNDLED().get("gb55019-parking")
    got = outcome(checklist, {"aisle_width": "1.1 m"})  # has_parking not answered
    assert got["aisle_width"] is F
    assert got["markings"] is UN


def test_applicability_over_measurements() -> None:
    checklist = BUNDLED().get("gb55019-entrances-ramps")
    base = {"entrance_type": "ramp", "ramp_slope": "1:16"}
    assert outcome(checklist, {**base, "ramp_rise": "300 mm"})["handrails_both_sides"] is NA
    assert outcome(checklist, {**base, "ramp_rise": "301 mm"})["handrails_both_sides"] is UN
    steep = {**base, "ramp_slope": "1:20", "ramp_rise": "600 mm"}
    assert outcome(checklist, steep)["handrails_both_sides"] is NA
    level = outcome(checklist, {"entrance_type": "level"})
    assert level["ramp_slope"] is NA and level["level_entrance_slope"] is UN


def test_item_that_cannot_be_marked_na(make_checklist: Callable[..., Checklist]) -> None:
    checklist = make_checklist(item_yaml("x", "type: yes-no\nrule: {expect: yes}\nseverity: "
                                              f"minor\nclause: T\n{SOURCE}\nallow_na: false"))
    with pytest.raises(ChecklistError) as caught:
        outcome(checklist, {"x": "n/a"})
    assert str(caught.value) == "item x: cannot be marked not applicable"


# ---- new and existing buildings -----------------------------------------------------------

@pytest.mark.parametrize(("building", "width", "expected"), [
    ("new", "900 mm", P), ("new", "899 mm", F), ("new", "850 mm", F),
    ("existing", "850 mm", P), ("existing", "800 mm", P), ("existing", "799 mm", F),
    ("existing", "31.49 in", F), ("existing", "31.5 in", P), ("new", "35.43 in", F),
    ("new", "35.44 in", P), ("new", "90 cm", P), ("existing", "0.8 m", P),
])
def test_gb_door_width_new_vs_existing(building: str, width: str, expected: ItemOutcome) -> None:
    checklist = BUNDLED().get("gb55019-doors")
    got = outcome(checklist, {"door_type": "manual", "manual_door_width": width}, building)
    assert got["manual_door_width"] is expected


def test_required_text_follows_the_building() -> None:
    checklist = BUNDLED().get("gb55019-doors")
    for building, text in (("new", "≥ 900 mm"), ("existing", "≥ 800 mm")):
        result = evaluate(checklist, Inspection(checklist=checklist.id, building=building,
                                                answers={"door_type": "manual"}))
        item = next(r for r in result.results if r.item == "manual_door_width")
        assert item.required.en == text
    assert result.building is Building.EXISTING


@pytest.mark.parametrize(("building", "slope", "rise", "expected"), [
    ("new", "1:12", "6 in", P), ("new", "1:11.9", "2 in", F),
    ("existing", "1:10", "6 in", P), ("existing", "1:10", "6.01 in", F),
    ("existing", "1:9.9", "3 in", P), ("existing", "1:8", "3 in", P),
    ("existing", "1:8", "3.01 in", F), ("existing", "1:7.9", "1 in", F),
    ("existing", "10%", "150 mm", P), ("existing", "12.5%", "76.2 mm", P),
])
def test_ada_ramp_table_405_2(building: str, slope: str, rise: str,
                              expected: ItemOutcome) -> None:
    checklist = BUNDLED().get("ada2010-entrances-ramps")
    got = outcome(checklist, {"has_ramp": True, "ramp_slope": slope, "ramp_rise": rise},
                  building)
    assert got["ramp_slope"] is expected


# ---- result details: measured value, photos -----------------------------------------------

def test_measured_as_entered_and_in_the_item_unit() -> None:
    checklist = BUNDLED().get("gb55019-entrances-ramps")
    result = evaluate(checklist, Inspection(checklist=checklist.id, answers={
        "entrance_type": "ramp", "ramp_slope": "10%", "ramp_width": "118 cm"}))
    got = {r.item: r for r in result.results}
    slope, width = got["ramp_slope"], got["ramp_width"]
    assert (slope.outcome, slope.entered, slope.measured) == (F, "10%", "1:10 (10 %)")
    assert slope.required.en == "≤ 1:12 (8.33 %)"
    assert (width.outcome, width.entered, width.measured) == (F, "118 cm", "1180 mm")
    assert width.confirmed is False
    assert result.failures[0].severity == "serious"


@pytest.mark.parametrize(("policy", "answer", "photo_ok"), [
    ("on-fail", "899 mm", False), ("on-fail", Answer(value="899 mm", photos=["a.jpg"]), True),
    ("on-fail", "900 mm", True), ("always", "900 mm", False),
    ("always", Answer(value="900 mm", photos=["a.jpg"]), True), ("always", "n/a", True),
    ("never", "899 mm", True),
])
def test_photo_policy(make_checklist: Callable[..., Checklist], policy: str, answer: object,
                      photo_ok: bool) -> None:
    checklist = make_checklist(item_yaml("x", f"type: measurement\nunit: mm\n"
                                              f"rule: {{at_least: 900 mm}}\nseverity: minor\n"
                                              f"clause: T\n{SOURCE}\nphoto: {policy}"))
    result = evaluate(checklist, Inspection(checklist=checklist.id, answers={"x": answer}))
    assert result.results[0].photo_ok is photo_ok
    assert len(result.photos_missing) == (0 if photo_ok else 1)


def test_bad_answers() -> None:
    checklist = BUNDLED().get("gb55019-parking")
    for answers, message in (
        ({"aisle_width": "wide"}, "item aisle_width: cannot read 'wide' as a length"),
        ({"space_slope": "2"}, "item space_slope: '2' needs a unit (e.g. 1:12, 8.33% or 4.76°)"),
        ({"total_spaces": -1}, "item total_spaces: expected a whole number of 0 or more, got -1"),
        ({"nope": 1}, "item nope: unknown item (not in gb55019-parking)"),
        ({"has_parking": "maybe"}, "item has_parking: expected yes or no, got 'maybe'"),
    ):
        with pytest.raises(ChecklistError) as caught:
            outcome(checklist, answers)
        assert str(caught.value) == message


def test_counts_and_facts() -> None:
    checklist = BUNDLED().get("gb55019-parking")
    result = evaluate(checklist, Inspection(checklist=checklist.id, answers={
        "has_parking": True, "car_park_type": "building", "total_spaces": 40,
        "accessible_spaces": 1, "aisle_width": "1.2 m", "has_dropoff": False}))
    assert result.facts == {"has_parking": True, "car_park_type": "building",
                            "total_spaces": 40, "has_dropoff": False}
    assert result.counts() == {P: 2, F: 0, NA: 3, UN: 7}


# ---- cases, definitions, tolerance, photos before and after --------------------------------

KIND = item_yaml("kind", "type: choice\nchoices: [{id: a, label: {zh: 甲, en: A}}, "
                         "{id: b, label: {zh: 乙, en: B}}]")
CASED = item_yaml("w", f"""
    type: measurement
    unit: mm
    rule: {{at_least: 900 mm}}
    severity: moderate
    clause: T §1
    {SOURCE}
    cases:
      - when: kind == "b"
        rule: {{at_least: 1200 mm}}
        clause: T §2
        severity: serious
        source: {{basis: clause-text, seen: there, quote: 不应小于1200mm}}
""")


def test_a_case_replaces_rule_clause_source_and_severity(
        make_checklist: Callable[..., Checklist]) -> None:
    checklist = make_checklist(KIND, CASED)
    for kind, width, expected, clause, confirmed in (
            ("a", "900 mm", P, "T §1", False), ("b", "900 mm", F, "T §2", True),
            ("b", "1200 mm", P, "T §2", True)):
        result = evaluate(checklist, Inspection(checklist=checklist.id,
                                                answers={"kind": kind, "w": width}))
        got = result.results[0]
        assert (got.outcome, got.clause, got.confirmed) == (expected, clause, confirmed)
    assert got.severity == "serious" and got.source is not None
    assert got.source.quote == "不应小于1200mm"
    assert checklist.item("w").confirmed is False  # one of its figures is unconfirmed


def test_definitions_feed_formulas_and_show_the_limit(
        make_checklist: Callable[..., Checklist], write_checklist: Callable[..., object]) -> None:
    header = HEADER_WITH("definitions:\n  needed: max(1, ceil(total / 10))\n")
    total = item_yaml("total", "type: count")
    n = item_yaml("n", f"type: count\nrule: {{formula: n >= needed}}\nseverity: minor\n"
                       f"clause: T\n{SOURCE}")
    from audit.checklist import load_checklist
    checklist = load_checklist(write_checklist(total, n, header=header))
    result = evaluate(checklist, Inspection(checklist=checklist.id,
                                            answers={"total": 31, "n": 3}))
    assert (result.results[0].outcome, result.results[0].required.en) == (
        F, "formula: n >= needed (i.e. ≥ 4)")
    result = evaluate(checklist, Inspection(checklist=checklist.id, answers={"n": 3}))
    assert result.results[0].note == "needs an answer to total"


def HEADER_WITH(extra: str) -> str:  # noqa: N802 - a header builder, read like a constant
    from checklist_helpers import HEADER

    return HEADER.replace("sections:\n", extra + "sections:\n")


@pytest.mark.parametrize(("answer", "photo_ok"), [
    (Answer(value="yes", photos=["after.jpg"], photos_before=["before.jpg"]), True),
    (Answer(value="no", photos=["after.jpg"], photos_before=["before.jpg"]), True),
    (Answer(value="yes", photos=["after.jpg"]), False),
    (Answer(value="yes", photos_before=["before.jpg"]), False),
    (Answer(na=True), True),
])
def test_before_after_photos(make_checklist: Callable[..., Checklist], answer: Answer,
                             photo_ok: bool) -> None:
    checklist = make_checklist(item_yaml("x", "type: yes-no\nrule: {expect: yes}\n"
                                              f"severity: minor\nclause: T\n{SOURCE}\n"
                                              "photo: before-after"))
    result = evaluate(checklist, Inspection(checklist=checklist.id, answers={"x": answer}))
    assert result.results[0].photo_ok is photo_ok
    assert result.results[0].photos_before == tuple(answer.photos_before)


# -- answers made with an earlier version of the checklist ----------------------------------

@pytest.mark.parametrize(("version", "width", "expected"), [
    ("2025.1", "2.5", P), ("2025.1", "2.3", F),  # then in metres: 2.5 m, 2.3 m
    ("2025.2", "2500", P), ("2025.2", "2.5", F),  # now in mm: 2.5 mm
    (None, "2.5", F), ("2025.1", "2300 mm", F), ("2025.1", "2.5 m", P),
])
def test_a_bare_number_keeps_the_unit_of_the_version_it_was_made_with(
        version: str | None, width: str, expected: ItemOutcome) -> None:
    checklist = BUNDLED().get("gb55019-parking")
    assert checklist.item("dropoff_width").earlier_units == {"2025.1": "m"}
    result = evaluate(checklist, Inspection(
        checklist=checklist.id, checklist_version=version, building="existing",
        answers={"has_parking": "yes", "has_dropoff": "yes", "dropoff_width": width}))
    assert {r.item: r.outcome for r in result.results}["dropoff_width"] is expected


def test_earlier_units_must_measure_the_same_kind(write_checklist: Callable[..., Path]) -> None:
    body = ("type: measurement\nunit: mm\nearlier_units: {'1': m, '0.9': '%'}\n"
            "rule: {at_least: 900 mm}\nseverity: serious\nclause: T §1\n" + SOURCE)
    _, errors = check_file(write_checklist(item_yaml("w", body)), display="test.yaml")
    assert [str(e) for e in errors] == [
        "test.yaml:21: item w: earlier_units.0.9: % measures a slope, not a length like mm"]
