"""The demo district's facility: 示范区政务服务中心 (FAC-001), its car park, the curb ramps in
front and its main entrance, inspected in March (round 1) and the curb ramps again in June
after repairs (round 2); and two households whose home modifications (残疾人家庭无障碍改造)
were accepted in June (HH-001 with one piece to redo, HH-002 done). ``demo/facility/`` holds
the filled sheets — one CSV field sheet, YAML and JSON sheets — and the photos taken for
them (with EXIF time and GPS; the households' with photos before and after the work).

    with open_store(path) as store:
        ids = import_demo(store)  # parking, curb ramps r1, entrance, curb ramps r2, HH-001, HH-002
"""

from __future__ import annotations

from pathlib import Path

from audit.checklist.intake import ImportResult, import_sheet
from audit.resources import bundled
from audit.store import Store

FACILITY_SHEETS = ("parking.csv", "curb-ramps.yaml", "entrances-ramps.json",
                   "curb-ramps-round2.yaml")
HOUSEHOLD_SHEETS = ("home-modification-hh001.yaml", "home-modification-hh002.yaml")
SHEETS = FACILITY_SHEETS + HOUSEHOLD_SHEETS
# what the demo sheets come to, per inspection: failing items
EXPECTED_FAILS = {
    "parking.csv": ["accessible_spaces", "aisle_width", "guidance_signs", "dropoff_length",
                    "spaces_not_occupied"],
    "curb-ramps.yaml": ["running_slope", "lip_height", "ramp_not_blocked"],
    "entrances-ramps.json": ["ramp_width", "lower_handrail_height", "handrail_contrast",
                             "maintainer_named"],
    "curb-ramps-round2.yaml": ["lip_height", "grate_at_ramp"],
    "home-modification-hh001.yaml": ["bath_floor_non_slip"],
    "home-modification-hh002.yaml": [],
}


def demo_folder() -> Path:
    return bundled("demo") / "facility"


DEMO_ACTOR = "demo:sample-sheets"  # the change log's name for them (no user name has ":")


def import_demo_results(store: Store) -> list[ImportResult]:
    """Import every demo sheet with its photos (again: replacing the earlier import)."""
    folder = demo_folder()
    return [import_sheet(store, folder / name, photos_dir=folder / "photos", replace=True,
                         display=f"demo/facility/{name}", by=DEMO_ACTOR) for name in SHEETS]


def import_demo(store: Store) -> list[int]:
    """Import the demo facility's inspections; return their ids in ``SHEETS`` order."""
    return [result.inspection_id for result in import_demo_results(store)]
