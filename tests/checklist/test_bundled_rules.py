"""The bundled rules that a district review found wrong, each with a passing and a failing case,
and the counting formulas row by row (ADA Table 208.2, van spaces, GB shares by car-park type)."""

from __future__ import annotations

import pytest

from audit.checklist import Inspection, InspectionResult, evaluate, load_bundled
from audit.checklist.verdict import ItemResult
from audit.model import ItemOutcome

P, F = ItemOutcome.PASS, ItemOutcome.FAIL
NA, UN = ItemOutcome.NOT_APPLICABLE, ItemOutcome.UNANSWERED


def judge(checklist_id: str, answers: dict, building: str = "new") -> InspectionResult:
    checklist = load_bundled().get(checklist_id)
    return evaluate(checklist, Inspection(checklist=checklist.id, building=building,
                                          answers=answers))


def result(checklist_id: str, item: str, answers: dict, building: str = "new") -> ItemResult:
    return next(r for r in judge(checklist_id, answers, building).results if r.item == item)


def outcome(checklist_id: str, item: str, answers: dict, building: str = "new") -> ItemOutcome:
    return result(checklist_id, item, answers, building).outcome


# ---- GB ------------------------------------------------------------------------------------

def test_gb_call_button_belongs_to_the_toilet_room_not_the_stall() -> None:
    checklist = load_bundled().get("gb55019-toilets")
    assert checklist.section_of("call_button_height").id == "room"
    room = result("gb55019-toilets", "call_button_height",
                  {"has_room": "yes", "call_button_height": "450 mm"})
    assert (room.outcome, room.clause) == (P, "GB 50763-2012 §3.9.3")
    assert outcome("gb55019-toilets", "call_button_height",
                   {"has_room": "yes", "call_button_height": "600 mm"}) is F
    assert outcome("gb55019-toilets", "call_button_height",
                   {"has_room": "no", "has_stall": "yes", "call_button_height": "600 mm"}) is NA


@pytest.mark.parametrize(("slope", "expected", "ramp_items"), [
    ("1:20", P, NA), ("1:15", P, UN), ("1:12", P, UN), ("1:11", F, UN),
])
def test_gb_steep_sidewalk_is_a_ramp_not_a_failure(slope: str, expected: ItemOutcome,
                                                   ramp_items: ItemOutcome) -> None:
    answers = {"running_slope": slope}
    got = result("gb55019-sidewalks", "running_slope", answers)
    assert (got.outcome, got.clause) == (expected, "GB 55019-2021 §2.3.1")
    assert outcome("gb55019-sidewalks", "ramp_width", answers) is ramp_items


def test_gb_level_entrance_rests_on_gb50763_3_3_3() -> None:
    answers = {"entrance_type": "level", "level_entrance_slope": "1:20"}
    got = result("gb55019-entrances-ramps", "level_entrance_slope", answers)
    assert (got.outcome, got.clause, got.confirmed) == (P, "GB 50763-2012 §3.3.3", True)
    assert outcome("gb55019-entrances-ramps", "level_entrance_slope",
                   {"entrance_type": "level", "level_entrance_slope": "1:18"}) is F


@pytest.mark.parametrize(("lip", "expected"), [("0 mm", P), ("1 mm", P), ("1.5 mm", F),
                                               ("15 mm", F)])
def test_gb_lip_is_read_with_a_stated_tolerance(lip: str, expected: ItemOutcome) -> None:
    got = result("gb55019-curb-ramps", "lip_height", {"lip_height": lip})
    assert got.outcome is expected
    assert got.required.en == "≤ 0 mm (measuring tolerance 1 mm)"
    assert got.required.zh == "≤ 0 mm（测量允差 1 mm）"


@pytest.mark.parametrize(("kind", "klass", "total", "accessible", "expected", "clause"), [
    ("building", None, 100, 1, P, "GB 55019-2021 §2.9.5"),
    ("building", None, 101, 1, F, "GB 55019-2021 §2.9.5"),
    ("building", None, 101, 2, P, "GB 55019-2021 §2.9.5"),
    ("residential", None, 250, 3, P, "GB 55019-2021 §2.9.5"),
    ("residential", None, 250, 2, F, "GB 55019-2021 §2.9.5"),
    ("open_space", None, 40, 1, P, "GB 55019-2021 §2.9.5"),
    ("public", "i", 600, 12, P, "GB 50763-2012 §8.10.2"),
    ("public", "i", 600, 11, F, "GB 50763-2012 §8.10.2"),
    ("public", "ii_iii", 60, 2, P, "GB 50763-2012 §8.10.2"),
    ("public", "ii_iii", 60, 1, F, "GB 50763-2012 §8.10.2"),
    ("public", "ii_iii", 151, 4, P, "GB 50763-2012 §8.10.2"),
    ("public", "ii_iii", 151, 3, F, "GB 50763-2012 §8.10.2"),
    ("public", "iv", 30, 1, P, "GB 50763-2012 §8.10.2"),
    ("public", "iv", 30, 0, F, "GB 50763-2012 §8.10.2"),
])
def test_gb_parking_share_depends_on_the_car_park_type(
        kind: str, klass: str | None, total: int, accessible: int, expected: ItemOutcome,
        clause: str) -> None:
    answers = {"has_parking": "yes", "car_park_type": kind, "total_spaces": total,
               "accessible_spaces": accessible}
    if klass:
        answers["public_class"] = klass
    got = result("gb55019-parking", "accessible_spaces", answers)
    assert (got.outcome, got.clause) == (expected, clause)
    assert got.confirmed is (clause.startswith("GB 55019"))


@pytest.mark.parametrize(("answers", "expected"), [
    ({"kerb_distance": "300 mm", "below_kerb_top": "yes"}, P),
    ({"kerb_distance": "249 mm", "below_kerb_top": "yes"}, F),
    ({"kerb_distance": "300 mm", "below_kerb_top": "no"}, F),
    ({"kerb_distance": "500 mm", "below_kerb_top": "no"}, P),
    ({"kerb_distance": "600 mm"}, P),
])
def test_gb_guiding_path_below_the_kerb_top_may_be_250_mm_from_it(answers: dict,
                                                                  expected: ItemOutcome) -> None:
    """GB 50763-2012 §3.2.2 item 4: 500 mm from the kerb where the path is level with the kerb
    top, 250 mm where it is lower. The item held every path to the 500 mm of JGJ 50-2001, so a
    path sunk below the kerb top 250-499 mm from it was failed."""
    assert outcome("gb55019-tactile-paving", "kerb_distance", answers) is expected


def test_gb_guiding_path_between_250_and_500_mm_needs_the_kerb_level() -> None:
    got = result("gb55019-tactile-paving", "kerb_distance", {"kerb_distance": "300 mm"})
    assert (got.outcome, got.note) == (UN, "needs an answer to below_kerb_top")


# ---- ADA -----------------------------------------------------------------------------------

@pytest.mark.parametrize(("answers", "building", "expected"), [
    ({"call_button_height": "52 in"}, "existing", P),
    ({"call_button_height": "54.1 in"}, "existing", F),
    ({"call_button_height": "52 in"}, "new", F),
    ({"call_button_size": "0.5 in"}, "existing", P),
    ({"call_button_size": "0.5 in"}, "new", F),
])
def test_ada_existing_call_buttons_keep_their_exceptions(answers: dict, building: str,
                                                          expected: ItemOutcome) -> None:
    """§407.2.1.1 lets existing call buttons sit 54 in high; §407.2.1.2 exempts them from the
    3/4 in size. Both were failed in existing buildings."""
    (item, _), = answers.items()
    assert outcome("ada2010-elevators", item, answers, building) is expected


@pytest.mark.parametrize(("width", "depth", "building", "expected"), [
    ("60 in", "60 in", "new", P),  # Table 407.4.1, any door: 60 x 60 in
    ("54 in", "80 in", "new", P),  # any door: 54 x 80 in
    ("60 in", "59 in", "new", F),
    ("80 in", "51 in", "new", P),  # centred door
    ("40 in", "58 in", "existing", P),  # 16.1 sq ft, 54 in deep, 36 in wide (exception)
    ("40 in", "58 in", "new", F),
    ("38 in", "58 in", "existing", F),  # 15.3 sq ft
])
def test_ada_car_size_is_any_row_of_table_407_4_1(width: str, depth: str, building: str,
                                                  expected: ItemOutcome) -> None:
    """Table 407.4.1 has four rows (80 x 51, 68 x 51 for a side door, 54 x 80 and 60 x 60 in)
    and §407.4.1 accepts existing cars of 16 sq ft, 54 in deep and 36 in wide. The items knew
    only the first two rows, so a 60 x 60 in car failed."""
    answers = {"car_door": "centred", "car_width": width, "car_depth": depth}
    assert [outcome("ada2010-elevators", item, answers, building)
            for item in ("car_width", "car_depth")] == [expected, expected]


def test_ada_car_width_alone_needs_the_depth() -> None:
    got = result("ada2010-elevators", "car_width", {"car_door": "centred", "car_width": "80 in"})
    assert (got.outcome, got.note) == (UN, "needs an answer to car_depth")


@pytest.mark.parametrize(("public", "accessible", "expected"), [
    (1, 1, P), (1, 0, F), (2, 2, P), (2, 1, F), (5, 3, P), (5, 2, F), (10, 6, P), (10, 5, F),
])
def test_ada_sixty_percent_of_public_entrances(public: int, accessible: int,
                                               expected: ItemOutcome) -> None:
    got = result("ada2010-entrances-ramps", "accessible_public_entrances",
                 {"public_entrances": public, "accessible_public_entrances": accessible})
    assert (got.outcome, got.clause) == (expected, "ADA 2010 §206.4.1")


def test_ada_isa_only_where_required() -> None:
    checklist = load_bundled().get("ada2010-signage")
    assert "isa_present" not in {i.id for i in checklist.items}
    assert outcome("ada2010-signage", "isa_at_entrances",
                   {"all_entrances_accessible": "yes", "isa_at_entrances": "no"}) is NA
    assert outcome("ada2010-signage", "isa_at_entrances",
                   {"all_entrances_accessible": "no", "isa_at_entrances": "no"}) is F
    parking = {"has_parking": "yes", "isa_sign": "no"}
    assert outcome("ada2010-parking", "isa_sign", {**parking, "site_spaces": 4}) is NA
    assert outcome("ada2010-parking", "isa_sign", {**parking, "site_spaces": 5}) is F


@pytest.mark.parametrize(("space", "aisle", "expected"), [
    ("132 in", "60 in", P), ("96 in", "96 in", P), ("96 in", "95 in", F),
    ("120 in", "60 in", F), ("95 in", "96 in", F),
])
def test_ada_van_space_with_a_96_in_aisle(space: str, aisle: str, expected: ItemOutcome) -> None:
    assert outcome("ada2010-parking", "van_space_width",
                   {"van_space_width": space, "van_aisle_width": aisle}) is expected


@pytest.mark.parametrize(("building", "landing", "flare", "landing_outcome", "flare_outcome"), [
    ("new", "yes", "1:10", P, P), ("new", "yes", "1:9", P, F),
    ("new", "no", "1:12", F, P),  # new work needs the landing; flares do not replace it
    ("existing", "no", "1:12", P, P), ("existing", "no", "1:11", F, F),
    ("existing", "yes", "1:10", P, P),
])
def test_ada_curb_ramp_landing_relief_is_for_alterations_only(
        building: str, landing: str, flare: str, landing_outcome: ItemOutcome,
        flare_outcome: ItemOutcome) -> None:
    answers = {"has_top_landing": landing, "flare_slope": flare}
    assert outcome("ada2010-curb-ramps", "has_top_landing", answers, building) is \
        landing_outcome
    assert outcome("ada2010-curb-ramps", "flare_slope", answers, building) is flare_outcome


TABLE_208_2 = [(1, 1), (25, 1), (26, 2), (50, 2), (51, 3), (75, 3), (76, 4), (100, 4),
               (101, 5), (150, 5), (151, 6), (200, 6), (201, 7), (300, 7), (301, 8), (400, 8),
               (401, 9), (500, 9), (501, 11), (550, 11), (551, 12), (1000, 20), (1001, 21),
               (1100, 21), (1101, 22), (2000, 30), (2001, 31)]


@pytest.mark.parametrize(("total", "required"), TABLE_208_2)
def test_ada_table_208_2_every_row(total: int, required: int) -> None:
    answers = {"has_parking": "yes", "total_spaces": total}
    assert outcome("ada2010-parking", "accessible_spaces",
                   {**answers, "accessible_spaces": required}) is P
    assert outcome("ada2010-parking", "accessible_spaces",
                   {**answers, "accessible_spaces": required - 1}) is F


@pytest.mark.parametrize(("building", "total", "provided", "vans", "expected"), [
    ("new", 100, 10, 1, P),  # 4 required -> 1 van, however many are provided
    ("new", 300, 7, 1, F), ("new", 300, 7, 2, P),  # 7 required -> 2
    ("new", 1000, 20, 3, F), ("new", 1000, 20, 4, P),  # 20 required -> 4
    ("existing", 300, 7, 1, P),  # 1991: 1 in 8 -> 1
    ("existing", 1000, 20, 2, F), ("existing", 1000, 20, 3, P),  # 20 -> 3
])
def test_ada_van_spaces_count_from_the_required_number(
        building: str, total: int, provided: int, vans: int, expected: ItemOutcome) -> None:
    answers = {"has_parking": "yes", "total_spaces": total, "accessible_spaces": provided,
               "van_spaces": vans}
    assert outcome("ada2010-parking", "van_spaces", answers, building) is expected


def test_ada_knee_clearance_cites_306_3() -> None:
    got = result("ada2010-toilets", "knee_clearance", {"knee_clearance": "26 in"})
    assert (got.outcome, got.clause, got.confirmed) == (F, "ADA 2010 §606.2, §306.3.3", True)
