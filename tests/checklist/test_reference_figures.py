"""Every figure the GB and ADA checklists judge by, pinned to its clause and to how well it is
sourced, as compared with the standards' research note (shared reference
``physical-standards.md``; the row of its section 1 is given, ``-`` where the note has none).

A row is what the report shows as required ("≥ 900 mm", "new: ...; existing: ..."), the clause
cited for it, and whether the figure was read in the clause's own text (``confirmed``). A
changed figure, clause or basis fails here until the table is changed with it, after a look
at the reference; a new figure needs a row. Formulas show their ``requires`` text; their
boundaries are judged by each item's examples and by test_bundled_rules.
"""

from __future__ import annotations

import pytest

from audit.checklist import load_bundled
from audit.checklist.describe import requirement_by_building
from audit.model import ItemOutcome
from tests.checklist.test_bundled_rules import result

CAR_407 = ("new: a row of Table 407.4.1 (width x depth): centred door 80 x 51 in; side door 68 x 51"
           " in; any door 54 x 80 in or 60 x 60 in; existing: a row of Table 407.4.1, or an"
           " existing car at least 36 in wide, 54 in deep and 16 sq ft")

FIGURES = [
    # ada2010-corridors-stairs
    ("ada2010-corridors-stairs", "corridor_width", "R44", False, "ADA 2010 §403.5.1",
     "≥ 36 in"),
    ("ada2010-corridors-stairs", "turning_space", "R45", False, "ADA 2010 §304.3",
     "≥ 60 in"),
    ("ada2010-corridors-stairs", "protrusion", "R12", False, "ADA 2010 §307",
     "≤ 4 in"),
    ("ada2010-corridors-stairs", "headroom", "R12", False, "ADA 2010 §307",
     "≥ 80 in"),
    ("ada2010-corridors-stairs", "stair_handrail_height", "R24", True, "ADA 2010 §505.4",
     "34–38 in"),
    ("ada2010-corridors-stairs", "stair_handrail_clearance", "R26", True, "ADA 2010 §505.5",
     "≥ 1.5 in"),
    # ada2010-counters
    ("ada2010-counters", "counter_length", "R60", False, "ADA 2010 §904.4.1, §904.4.2",
     "parallel approach ≥ 36 in; forward approach ≥ 30 in"),
    ("ada2010-counters", "counter_height", "R60", False, "ADA 2010 §904.4.1, §904.4.2",
     "≤ 36 in"),
    # ada2010-curb-ramps
    ("ada2010-curb-ramps", "running_slope", "R2", True, "ADA 2010 §406.1, §405.2",
     "≤ 1:12 (8.33 %)"),
    ("ada2010-curb-ramps", "ramp_width", "R3", True, "ADA 2010 §406.1, §405.5",
     "≥ 36 in"),
    ("ada2010-curb-ramps", "flare_slope", "R4", True, "ADA 2010 §406.3",
     "new: ≤ 1:10 (10 %); existing: ≤ 1:10 (≤ 1:12 in alterations without a top landing)"),
    ("ada2010-curb-ramps", "top_landing_length", "R6", True, "ADA 2010 §406.4",
     "≥ 36 in"),
    ("ada2010-curb-ramps", "counter_slope", "R5", True, "ADA 2010 §406.2",
     "≤ 1:20 (5 %)"),
    ("ada2010-curb-ramps", "island_level_length", "R16", True, "ADA 2010 §406.7",
     "≥ 48 in"),
    ("ada2010-curb-ramps", "island_level_width", "R16", True, "ADA 2010 §406.7",
     "≥ 36 in"),
    # ada2010-doors
    ("ada2010-doors", "clear_width", "R38", True, "ADA 2010 §404.2.3",
     "≥ 32 in"),
    ("ada2010-doors", "threshold_height", "R37", True, "ADA 2010 §404.2.5",
     "new: ≤ 0.5 in; existing: ≤ 0.75 in"),
    ("ada2010-doors", "hardware_height", "R39", True, "ADA 2010 §404.2.7",
     "34–48 in"),
    ("ada2010-doors", "opening_force", "R40", True, "ADA 2010 §404.2.9",
     "≤ 5 lbf"),
    ("ada2010-doors", "closer_time", "R40", False, "ADA 2010 §404.2.8.1",
     "≥ 5 s"),
    ("ada2010-doors", "maneuvering_depth", "R41", False, "ADA 2010 §404.2.4.1",
     "≥ 60 in"),
    ("ada2010-doors", "latch_clearance", "R41", False, "ADA 2010 §404.2.4.1",
     "≥ 18 in"),
    # ada2010-elevators
    ("ada2010-elevators", "call_button_height", "R49", True, "ADA 2010 §407.2.1.1, §308",
     "new: 15–48 in; existing: ≤ 54 in"),
    ("ada2010-elevators", "call_button_size", "R49", True, "ADA 2010 §407.2.1.2",
     "new: ≥ 0.75 in; existing: no minimum (407.2.1.2 exception)"),
    ("ada2010-elevators", "jamb_designation_height", "R50", False, "ADA 2010 §407.2.3.1, §703.4.1",
     "48–60 in"),
    ("ada2010-elevators", "notification_time", "R48", True, "ADA 2010 §407.3.4",
     "≥ 5 s"),
    ("ada2010-elevators", "door_open_time", "R48", True, "ADA 2010 §407.3.5",
     "≥ 3 s"),
    ("ada2010-elevators", "car_width", "R47", True, "ADA 2010 §407.4.1", CAR_407),
    ("ada2010-elevators", "car_depth", "R47", True, "ADA 2010 §407.4.1", CAR_407),
    ("ada2010-elevators", "emergency_controls_height", "R50", True, "ADA 2010 §407.4.6.4",
     "≥ 35 in"),
    # ada2010-entrances-ramps
    ("ada2010-entrances-ramps", "accessible_public_entrances", "R34", True, "ADA 2010 §206.4.1",
     "≥ ⌈public entrances × 60 %⌉"),
    ("ada2010-entrances-ramps", "ramp_rise", "R18", True, "ADA 2010 §405.6",
     "≤ 30 in"),
    ("ada2010-entrances-ramps", "ramp_slope", "R17", True, "ADA 2010 §405.2, Table 405.2",
     "new: ≤ 1:12 (8.33 %); existing: ≤ 1:12; ≤ 1:10 for a rise up to 6 in; ≤ 1:8 for a rise "
     "up to 3 in"),
    ("ada2010-entrances-ramps", "ramp_cross_slope", "R19", True, "ADA 2010 §405.3",
     "≤ 1:48 (2.08 %)"),
    ("ada2010-entrances-ramps", "ramp_width", "R20", True, "ADA 2010 §405.5",
     "≥ 36 in"),
    ("ada2010-entrances-ramps", "landing_length", "R21", True, "ADA 2010 §405.7",
     "≥ 60 in"),
    ("ada2010-entrances-ramps", "handrail_height", "R24", True, "ADA 2010 §505.4",
     "34–38 in"),
    ("ada2010-entrances-ramps", "handrail_extension", "R25", True, "ADA 2010 §505.10.1",
     "≥ 12 in"),
    ("ada2010-entrances-ramps", "handrail_clearance", "R26", True, "ADA 2010 §505.5",
     "≥ 1.5 in"),
    # ada2010-parking
    ("ada2010-parking", "accessible_spaces", "R27", False, "ADA 2010 §208.2",
     "≥ the number in Table 208.2"),
    ("ada2010-parking", "van_spaces", "R27", False, "ADA 2010 §208.2.4",
     "new: ≥ ⌈Table 208.2 number ÷ 6⌉; existing: ≥ max(1, ⌈Table 208.2 number ÷ 8⌉) (1991 "
     "Standards)"),
    ("ada2010-parking", "car_space_width", "R28", True, "ADA 2010 §502.2",
     "≥ 96 in"),
    ("ada2010-parking", "van_space_width", "R28", True, "ADA 2010 §502.2",
     "≥ 132 in; or ≥ 96 in with a 96 in aisle"),
    ("ada2010-parking", "aisle_width", "R28", False, "ADA 2010 §502.3.1",
     "≥ 60 in"),
    ("ada2010-parking", "van_aisle_width", "R28", False, "ADA 2010 §502.3.1",
     "≥ 60 in"),
    ("ada2010-parking", "space_slope", "R29", False, "ADA 2010 §502.4",
     "≤ 1:48 (2.08 %)"),
    ("ada2010-parking", "van_headroom", "R32", True, "ADA 2010 §502.5",
     "≥ 98 in"),
    ("ada2010-parking", "sign_height", "R30", True, "ADA 2010 §502.6",
     "≥ 60 in"),
    # ada2010-sidewalks
    ("ada2010-sidewalks", "clear_width", "R9", False, "ADA 2010 §403.5.1",
     "≥ 36 in"),
    ("ada2010-sidewalks", "running_slope", "R10", False, "ADA 2010 §403.3",
     "≤ 1:20 (5 %)"),
    ("ada2010-sidewalks", "cross_slope", "R10", False, "ADA 2010 §403.3",
     "≤ 1:48 (2.08 %)"),
    ("ada2010-sidewalks", "grate_opening", "R11", False, "ADA 2010 §302.3",
     "≤ 0.5 in"),
    ("ada2010-sidewalks", "level_change", "R37", False, "ADA 2010 §303.2",
     "≤ 0.25 in"),
    ("ada2010-sidewalks", "protrusion", "R12", False, "ADA 2010 §307",
     "≤ 4 in"),
    ("ada2010-sidewalks", "headroom", "R12", False, "ADA 2010 §307",
     "≥ 80 in"),
    # ada2010-signage
    ("ada2010-signage", "raised_depth", "R62", False, "ADA 2010 §703.2",
     "≥ 0.03 in"),
    ("ada2010-signage", "lowest_baseline", "R62", True, "ADA 2010 §703.4.1",
     "≥ 48 in"),
    ("ada2010-signage", "highest_baseline", "R62", True, "ADA 2010 §703.4.1",
     "≤ 60 in"),
    # ada2010-tactile-paving
    ("ada2010-tactile-paving", "dome_base", "R14", False, "ADA 2010 §705.1",
     "0.9–1.4 in"),
    ("ada2010-tactile-paving", "dome_top", "R14", False, "ADA 2010 §705.1",
     "50–65 % of the base diameter"),
    ("ada2010-tactile-paving", "dome_spacing", "R14", False, "ADA 2010 §705.1",
     "1.6–2.4 in"),
    ("ada2010-tactile-paving", "dome_gap", "R14", False, "ADA 2010 §705.1",
     "≥ 0.65 in"),
    ("ada2010-tactile-paving", "platform_warning_width", "R14", False, "ADA 2010 §705.2",
     "≥ 24 in"),
    # ada2010-toilets
    ("ada2010-toilets", "compartment_width", "R53", False, "ADA 2010 §604.8.1.1",
     "≥ 60 in"),
    ("ada2010-toilets", "compartment_depth", "R53", False, "ADA 2010 §604.8.1.1",
     "wall-hung ≥ 56 in; floor-mounted ≥ 59 in"),
    ("ada2010-toilets", "seat_height", "R57", False, "ADA 2010 §604.4",
     "17–19 in"),
    ("ada2010-toilets", "centreline", "R57", False, "ADA 2010 §604.2",
     "16–18 in"),
    ("ada2010-toilets", "clearance_width", "R57", False, "ADA 2010 §604.3",
     "≥ 60 in"),
    ("ada2010-toilets", "clearance_depth", "R57", False, "ADA 2010 §604.3",
     "≥ 56 in"),
    ("ada2010-toilets", "side_bar_length", "R56", False, "ADA 2010 §604.5.1",
     "≥ 42 in"),
    ("ada2010-toilets", "side_bar_rear_gap", "R56", False, "ADA 2010 §604.5.1",
     "≤ 12 in"),
    ("ada2010-toilets", "side_bar_reach", "R56", False, "ADA 2010 §604.5.1",
     "≥ 54 in"),
    ("ada2010-toilets", "rear_bar_length", "R56", False, "ADA 2010 §604.5.2",
     "≥ 36 in"),
    ("ada2010-toilets", "bar_height", "R56", False, "ADA 2010 §609.4",
     "33–36 in"),
    ("ada2010-toilets", "ambulatory_width", "R53", False, "ADA 2010 §604.8.2.1",
     "35–37 in"),
    ("ada2010-toilets", "ambulatory_depth", "R53", False, "ADA 2010 §604.8.2.1",
     "≥ 60 in"),
    ("ada2010-toilets", "lavatory_height", "R58", False, "ADA 2010 §606.3",
     "≤ 34 in"),
    ("ada2010-toilets", "knee_clearance", "R58", True, "ADA 2010 §606.2, §306.3.3",
     "≥ 27 in"),
    ("ada2010-toilets", "knee_width", "-", True, "ADA 2010 §606.2, §306.3.5",
     "≥ 30 in"),
    # ada2010-transit-stops
    ("ada2010-transit-stops", "boarding_depth", "R63", True, "ADA 2010 §810.2.2",
     "≥ 96 in"),
    ("ada2010-transit-stops", "boarding_width", "R63", True, "ADA 2010 §810.2.2",
     "≥ 60 in"),
    ("ada2010-transit-stops", "boarding_cross_slope", "R63", True, "ADA 2010 §810.2.4",
     "≤ 1:48 (2.08 %)"),
    ("ada2010-transit-stops", "shelter_space_width", "R63", True, "ADA 2010 §810.3, §305.3",
     "≥ 30 in"),
    ("ada2010-transit-stops", "shelter_space_depth", "R63", True, "ADA 2010 §810.3, §305.3",
     "≥ 48 in"),
    # gb55019-corridors-stairs
    ("gb55019-corridors-stairs", "corridor_width", "R44", True, "GB 55019-2021 §2.2.2",
     "≥ 1200 mm (≥ 1800 mm in crowded public places)"),
    ("gb55019-corridors-stairs", "protrusion", "R12", True, "GB 50763-2012 §3.5.2",
     "≤ 100 mm"),
    ("gb55019-corridors-stairs", "riser_height", "-", True, "GB 50763-2012 §3.6.1",
     "≤ 160 mm"),
    ("gb55019-corridors-stairs", "tread_depth", "-", True, "GB 50763-2012 §3.6.1",
     "≥ 280 mm"),
    ("gb55019-corridors-stairs", "stair_handrail_height", "R24", True, "GB 55019-2021 §2.8.1",
     "850–900 mm"),
    ("gb55019-corridors-stairs", "stair_handrail_wall_gap", "R26", True, "GB 55019-2021 §2.8.4",
     "≥ 40 mm"),
    # gb55019-counters
    ("gb55019-counters", "counter_height", "R60", True, "GB 55019-2021 §3.6.4",
     "700–850 mm"),
    ("gb55019-counters", "knee_width", "R60", True, "GB 55019-2021 §3.6.4",
     "≥ 750 mm"),
    ("gb55019-counters", "knee_height", "R60", True, "GB 55019-2021 §3.6.4",
     "≥ 650 mm"),
    # gb55019-curb-ramps
    ("gb55019-curb-ramps", "running_slope", "R2", True, "GB 50763-2012 §3.1.2",
     "full-width ≤ 1:20; other types ≤ 1:12"),
    ("gb55019-curb-ramps", "ramp_width", "R3", True, "GB 50763-2012 §3.1.3",
     "three-sided ≥ 1200 mm; other types ≥ 1500 mm"),
    ("gb55019-curb-ramps", "lip_height", "R5", True, "GB 55019-2021 §2.10.2",
     "≤ 0 mm (measuring tolerance 1 mm)"),
    ("gb55019-curb-ramps", "top_landing", "R6", True, "GB 55019-2021 §2.10.6",
     "≥ 900 mm"),
    ("gb55019-curb-ramps", "bollard_spacing", "R7", True, "GB 55019-2021 §2.10.7",
     "≥ 900 mm"),
    ("gb55019-curb-ramps", "warning_offset", "R8", True, "GB 55019-2021 §2.10.3",
     "250–300 mm"),
    # gb55019-doors
    ("gb55019-doors", "manual_door_width", "R38", True, "GB 55019-2021 §2.5.4",
     "new: ≥ 900 mm; existing: ≥ 800 mm"),
    ("gb55019-doors", "automatic_door_width", "R38", True, "GB 55019-2021 §2.5.5",
     "≥ 1000 mm"),
    ("gb55019-doors", "threshold_height", "R37", True, "GB 55019-2021 §2.5.3",
     "≤ 15 mm"),
    ("gb55019-doors", "threshold_bevel", "R37", True, "GB 55019-2021 §2.5.3",
     "≤ 1:10 (10 %)"),
    ("gb55019-doors", "handle_height", "R39", True, "GB 55019-2021 §2.5.4",
     "850–1000 mm"),
    ("gb55019-doors", "opening_force", "R40", True, "GB 55019-2021 §2.5.4",
     "≤ 25 N"),
    ("gb55019-doors", "closer_time", "R40", True, "GB 55019-2021 §2.5.8",
     "≥ 3 s"),
    ("gb55019-doors", "turning_space", "R41", True, "GB 50763-2012 §3.5.3",
     "≥ 1500 mm"),
    ("gb55019-doors", "latch_side_space", "R41", True, "GB 50763-2012 §3.5.3",
     "≥ 400 mm"),
    ("gb55019-doors", "vestibule_gap", "R42", True, "GB 55019-2021 §2.5.7",
     "≥ 1500 mm"),
    # gb55019-elevators
    ("gb55019-elevators", "call_button_height", "R49", False, "GB 55019-2021 §2.6.1",
     "850–1100 mm"),
    ("gb55019-elevators", "call_button_corner_gap", "R49", False, "GB 55019-2021 §2.6.1",
     "≥ 400 mm"),
    ("gb55019-elevators", "lobby_depth", "R49", False, "GB 50763-2012 §3.7.1",
     "≥ 1500 mm (≥ 1800 mm in public buildings and with bed lifts)"),
    ("gb55019-elevators", "car_depth", "R47", False, "GB 55019-2021 §2.6.2",
     "≥ 1400 mm"),
    ("gb55019-elevators", "car_width", "R47", False, "GB 55019-2021 §2.6.2",
     "≥ 1100 mm"),
    ("gb55019-elevators", "car_door_width", "R48", False, "GB 55019-2021 §2.6.3",
     "≥ 900 mm"),  # no relief for existing buildings in §2.6.3 (800 mm is GB 50763 §3.7.2)
    ("gb55019-elevators", "door_open_time", "R48", False, "GB 55019-2021 §2.6.3",
     "≥ 3 s"),
    # gb55019-entrances-ramps
    ("gb55019-entrances-ramps", "platform_depth", "R35", True, "GB 50763-2012 §3.3.2",
     "≥ 1500 mm"),
    ("gb55019-entrances-ramps", "level_entrance_slope", "R36", True, "GB 50763-2012 §3.3.3",
     "≤ 1:20 (5 %)"),
    ("gb55019-entrances-ramps", "ramp_slope", "R17", True, "GB 55019-2021 §2.3.1",
     "≤ 1:12 (8.33 %)"),
    ("gb55019-entrances-ramps", "ramp_rise", "R18", False, "GB 55019-2021 §2.3.1",
     "≤ 750 mm"),
    ("gb55019-entrances-ramps", "ramp_cross_slope", "R19", False, "GB 55019-2021 §2.3.1",
     "≤ 1:50 (2 %)"),
    ("gb55019-entrances-ramps", "ramp_width", "R20", False, "GB 55019-2021 §2.3.2",
     "≥ 1200 mm"),
    ("gb55019-entrances-ramps", "landing_length", "R21", False, "GB 55019-2021 §2.3.3",
     "≥ 1500 mm"),
    ("gb55019-entrances-ramps", "handrail_height", "R24", True, "GB 55019-2021 §2.8.1",
     "850–900 mm"),
    ("gb55019-entrances-ramps", "lower_handrail_height", "R24", True, "GB 55019-2021 §2.8.1",
     "650–700 mm"),
    ("gb55019-entrances-ramps", "handrail_extension", "R25", False, "GB 55019-2021 §2.8.3",
     "≥ 300 mm"),
    ("gb55019-entrances-ramps", "handrail_wall_gap", "R26", True, "GB 55019-2021 §2.8.4",
     "≥ 40 mm"),
    ("gb55019-entrances-ramps", "step_riser_height", "-", True, "GB 50763-2012 §3.6.2",
     "≥ 100 mm"),
    # gb55019-home-modification
    ("gb55019-home-modification", "entrance_ramp_slope", "R17", True, "GB 55019-2021 §2.3.1",
     "≤ 1:12 (8.33 %)"),
    ("gb55019-home-modification", "entrance_threshold", "R37", True, "GB 55019-2021 §2.5.3",
     "≤ 15 mm"),
    ("gb55019-home-modification", "door_clear_width", "R38", True, "GB 55019-2021 §2.5.4",
     "≥ 800 mm"),
    # gb55019-parking
    ("gb55019-parking", "accessible_spaces", "R27", False, "GB 55019-2021 §2.9.5",
     "≥ max(1, ⌈total × 1 %⌉); where car_park_type == \"public\": ≥ by class (I: ⌈2 %⌉; II and"
     " III: max(2, ⌈2 %⌉); IV: 1), and not below GB 55019 §2.9.5"),
    ("gb55019-parking", "aisle_width", "R28", True, "GB 55019-2021 §2.9.2",
     "≥ 1200 mm"),
    ("gb55019-parking", "space_slope", "R29", True, "GB 55019-2021 §2.9.3",
     "≤ 1:50 (2 %)"),
    ("gb55019-parking", "dropoff_width", "R33", True, "GB 55019-2021 §2.9.6",
     "≥ 2400 mm"),
    ("gb55019-parking", "dropoff_length", "R33", True, "GB 55019-2021 §2.9.6",
     "≥ 7000 mm"),
    # gb55019-self-service-terminals
    ("gb55019-self-service-terminals", "operating_height", "R60", True, "GB 55019-2021 §3.6.4",
     "700–850 mm"),
    ("gb55019-self-service-terminals", "knee_width", "R60", True, "GB 55019-2021 §3.6.4",
     "≥ 750 mm"),
    ("gb55019-self-service-terminals", "knee_height", "R60", True, "GB 55019-2021 §3.6.4",
     "≥ 650 mm"),
    # gb55019-service-halls
    ("gb55019-service-halls", "gate_lane_width", "R9", True, "GB 55019-2021 §2.2.3",
     "≥ 900 mm"),
    ("gb55019-service-halls", "counter_height", "R60", True, "GB 55019-2021 §3.6.4",
     "700–850 mm"),
    ("gb55019-service-halls", "knee_width", "R60", True, "GB 55019-2021 §3.6.4",
     "≥ 750 mm"),
    ("gb55019-service-halls", "knee_height", "R60", True, "GB 55019-2021 §3.6.4",
     "≥ 650 mm"),
    # gb55019-sidewalks
    ("gb55019-sidewalks", "clear_width", "R9", True, "GB 55019-2021 §2.2.2",
     "≥ 1200 mm (≥ 1800 mm in crowded public places)"),
    ("gb55019-sidewalks", "grate_opening", "R11", True, "GB 55019-2021 §2.2.4",
     "≤ 13 mm"),
    ("gb55019-sidewalks", "running_slope", "R17", True, "GB 55019-2021 §2.3.1",
     "≤ 1:12 (8.33 %)"),
    ("gb55019-sidewalks", "ramp_width", "R20", False, "GB 55019-2021 §2.3.2",
     "≥ 1200 mm"),
    ("gb55019-sidewalks", "ramp_rise", "R18", False, "GB 55019-2021 §2.3.1",
     "≤ 750 mm"),
    ("gb55019-sidewalks", "ramp_landing_length", "R21", False, "GB 55019-2021 §2.3.3",
     "≥ 1500 mm"),
    ("gb55019-sidewalks", "protrusion", "R12", True, "GB 50763-2012 §3.5.2",
     "≤ 100 mm"),
    # gb55019-signage
    # gb55019-tactile-paving
    ("gb55019-tactile-paving", "guiding_width", "R13", False, "GB 50763-2012 §3.2.2",
     "250–500 mm"),
    ("gb55019-tactile-paving", "kerb_distance", "R13", False, "GB 50763-2012 §3.2.2",
     "level with the kerb top ≥ 500 mm; lower than the kerb top ≥ 250 mm"),
    # gb55019-toilets
    ("gb55019-toilets", "toilet_door_width", "R55", True, "GB 50763-2012 §3.9.1",
     "≥ 800 mm"),
    ("gb55019-toilets", "stall_long_side", "R53", False, "GB 55019-2021 §3.2.2",
     "≥ 1800 mm"),
    ("gb55019-toilets", "stall_short_side", "R53", False, "GB 55019-2021 §3.2.2",
     "≥ 1500 mm"),
    ("gb55019-toilets", "stall_door_width", "R55", True, "GB 50763-2012 §3.9.2",
     "≥ 800 mm"),
    ("gb55019-toilets", "stall_inward_turning", "R45", True, "GB 50763-2012 §3.9.2",
     "≥ 1500 mm"),
    ("gb55019-toilets", "grab_bar_length", "R56", True, "GB 50763-2012 §3.9.2",
     "≥ 700 mm"),
    ("gb55019-toilets", "grab_bar_diameter", "R56", False, "GB 50763-2012 §3.9.4",
     "30–40 mm"),
    ("gb55019-toilets", "grab_bar_wall_gap", "R56", False, "GB 50763-2012 §3.9.4",
     "≥ 40 mm"),
    ("gb55019-toilets", "room_area", "R54", True, "GB 50763-2012 §3.9.3",
     "≥ 4 m²"),
    ("gb55019-toilets", "room_turning", "R54", True, "GB 50763-2012 §3.9.3",
     "≥ 1500 mm"),
    ("gb55019-toilets", "call_button_height", "R59", False, "GB 50763-2012 §3.9.3",
     "400–500 mm"),
    ("gb55019-toilets", "coat_hook_height", "R59", False, "GB 50763-2012 §3.9.3",
     "≤ 1200 mm"),
    ("gb55019-toilets", "tap_side_distance", "R58", False, "GB 50763-2012 §3.9.4",
     "> 550 mm"),
    ("gb55019-toilets", "knee_width", "R58", False, "GB 50763-2012 §3.9.4",
     "≥ 750 mm"),
    ("gb55019-toilets", "knee_height", "R58", False, "GB 50763-2012 §3.9.4",
     "≥ 650 mm"),
    ("gb55019-toilets", "knee_depth", "R58", False, "GB 50763-2012 §3.9.4",
     "≥ 450 mm"),
    # gb55019-transit-stops
]


def _figured_items() -> set[tuple[str, str]]:
    return {(checklist.id, item.id) for checklist in load_bundled()
            if checklist.id.startswith(("gb55019-", "ada2010-"))
            for section in checklist.sections for item in section.items
            if item.rule is not None and (item.rule.thresholds or item.rule.formula)}


def test_every_figure_of_the_physical_checklists_has_a_row() -> None:
    rows = [(checklist, item) for checklist, item, *_ in FIGURES]
    assert len(rows) == len(set(rows))
    assert set(rows) == _figured_items()


@pytest.mark.parametrize(("checklist", "item", "reference_row", "confirmed", "clause",
                          "required"), FIGURES,
                         ids=[f"{row[0]}:{row[1]}" for row in FIGURES])
def test_figure_clause_and_basis(checklist: str, item: str, reference_row: str,
                                 confirmed: bool, clause: str, required: str) -> None:
    found = load_bundled().get(checklist).item(item)
    assert (requirement_by_building(found).en, found.clause, found.confirmed) == (
        required, clause, confirmed)


def test_gb_lift_door_has_no_relief_for_existing_buildings() -> None:
    """GB 55019 §2.6.3 sets 900 mm for every accessible lift (research note R48); the 800 mm
    of GB 50763-2012 §3.7.2 was judged as if §2.6.3 said it, so an existing building's 850 mm
    lift door passed under a clause that fails it."""
    got = result("gb55019-elevators", "car_door_width", {"car_door_width": "850 mm"},
                 building="existing")
    assert (got.outcome, got.clause, got.required.en) == (
        ItemOutcome.FAIL, "GB 55019-2021 §2.6.3", "≥ 900 mm")


def test_ada_bus_stop_cross_slope_is_judged_under_810_2_4() -> None:
    """The 1:48 across a boarding area is §810.2.4 (Slope) of the Access Board's text of the
    standards; §810.2.3 (Connection) asks for an accessible route and has no figure. The item
    cited §810.2.3 and showed its figure as not confirmed (research note R63)."""
    got = result("ada2010-transit-stops", "boarding_cross_slope", {"boarding_cross_slope": "1:47"})
    assert (got.outcome, got.clause, got.confirmed, got.required.en) == (
        ItemOutcome.FAIL, "ADA 2010 §810.2.4", True, "≤ 1:48 (2.08 %)")


@pytest.mark.parametrize(("checklist", "item"), [
    ("ada2010-entrances-ramps", "handrail_clearance"),
    ("ada2010-corridors-stairs", "stair_handrail_clearance"),
])
def test_ada_handrail_clearance_is_read_in_the_standards_text(checklist: str, item: str) -> None:
    """§505.5 was marked clause text on the strength of a blog's infographic; it is now read in
    the Access Board's text of the standards, whose words it quotes."""
    source = load_bundled().get(checklist).item(item).source
    assert source is not None
    assert (source.seen.split(" ")[0], source.quote) == (
        "https://www.access-board.gov/ada/",
        "505.5 Clearance. Clearance between handrail gripping surfaces and adjacent surfaces "
        "shall be 1½ (38 mm) minimum.")


def test_ada_bus_stop_surface_is_810_2_1() -> None:
    """A firm, stable surface is §810.2.1; the item cited §810.2.2 (the dimensions)."""
    got = result("ada2010-transit-stops", "firm_surface", {"firm_surface": "no"})
    assert (got.outcome, got.clause, got.confirmed) == (ItemOutcome.FAIL, "ADA 2010 §810.2.1", True)
