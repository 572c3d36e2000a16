"""Filled sheets into the store and back out; stored inspections judged by their checklist.

``import_sheet`` validates the whole sheet first (a bad answer refuses the sheet, with every
problem as file:line: item: what), then writes the facility, the inspection header and every
answer, then the photos one by one: a photo that cannot be accepted (missing, empty, not an
image, truncated, a decompression bomb ...) is refused with its own message and counted, and
nothing else of the import is lost. Photos are verified and stored once per SHA-256.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from audit.checklist.describe import formula
from audit.checklist.expr import FormulaError, MissingAnswer, Value
from audit.checklist.loader import Catalogue, load_bundled
from audit.checklist.schema import Building, Checklist
from audit.checklist.sheet_model import Sheet, SheetAnswer, SheetChange, SheetFacility, entered_text
from audit.checklist.sheets import ParsedSheet, check_against, read_sheet, with_unit
from audit.checklist.verdict import Answer, AnswerValue, Inspection, InspectionResult, evaluate
from audit.errors import ChecklistError, EvidenceError, ImageTooLarge, StoreError
from audit.evidence import DEFAULT_MAX_BYTES, keep_photo, shareable_photo
from audit.store import Change, FacilityInfo, InspectionRecord, Store, StoredAnswer

SHA_PREFIX = "sha256:"


@dataclass(frozen=True)
class PhotoRefusal:
    item: str
    name: str
    message: str


@dataclass
class ImportResult:
    inspection_id: int
    facility: str
    checklist: str
    round: int
    answers: int
    replaced: bool = False
    photos_attached: int = 0
    refused: list[PhotoRefusal] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


def import_sheet(store: Store, path: str | os.PathLike[str], *,
                 photos_dir: str | os.PathLike[str] | None = None,
                 catalogue: Catalogue | None = None, replace: bool = False,
                 display: str | None = None, by: str | None = None) -> ImportResult:
    """Import one filled sheet, logged in ``by``'s name (the change log's actor, e.g.
    ``cli:<login>``); SheetErrors/ChecklistError when the sheet is refused."""
    parsed = read_sheet(path, display=display)
    checklist = _checklist(parsed, catalogue or load_bundled())
    warnings = check_against(parsed, checklist)
    facility = _facility(store, parsed)
    inspection_id, replaced = _inspection(store, parsed, checklist, facility, replace, by)
    sheet = parsed.sheet
    for item_id in sheet.answers:
        store.save_answer(inspection_id, stored_answer(checklist, item_id, sheet.answer(item_id)),
                          by=by)
    root = Path(photos_dir) if photos_dir is not None else Path(path).parent
    attached, refused = _photos(store, inspection_id, sheet, root, by)
    info = store.inspection(inspection_id).info
    return ImportResult(inspection_id, facility, checklist.id, info.round, len(sheet.answers),
                        replaced, attached, refused, warnings)


def stored_answer(checklist: Checklist, item_id: str, answer: SheetAnswer) -> StoredAnswer:
    """An answer as stored: the text entered; a unit only where it is not the item's own."""
    unit = answer.unit
    if unit is not None and unit == checklist.item(item_id).unit:
        unit = None
    return StoredAnswer(item_id, entered_text(answer.value), unit, answer.na, answer.note)


def to_sheet(record: InspectionRecord, *, photo_names: dict[str, str] | None = None,
             history: list[Change] | None = None) -> Sheet:
    """A stored inspection as a sheet that imports back to the same answers and photos, with
    its change log (``history``) when given.

    Photos are named ``sha256:<hex>`` unless ``photo_names`` maps a hash to a file name.
    """
    info, place = record.info, record.facility
    names = photo_names or {}
    answers: dict[str, SheetAnswer] = {}
    for item_id in sorted(set(record.answers) | set(record.photos), key=_order(record)):
        stored = record.answers.get(item_id, StoredAnswer(item_id, None))
        photos, before = _photo_stages(record, item_id)
        answers[item_id] = SheetAnswer(
            value=stored.value, unit=stored.unit, na=stored.na, note=stored.note,
            photos=[names.get(sha, SHA_PREFIX + sha) for sha in photos],
            photos_before=[names.get(sha, SHA_PREFIX + sha) for sha in before])
    facility = SheetFacility(code=place.code, name=place.name, type=place.type,
                             address=place.address, lat=place.lat, lon=place.lon,
                             department=place.department)
    return Sheet.model_validate({
        "facility": facility, "checklist": info.checklist_id,
        "checklist_version": info.checklist_version, "inspector": info.inspector,
        "date": info.inspected_on, "round": info.round, "building": info.building,
        "notes": info.notes, "answers": answers,
        "history": [SheetChange(at=c.at, by=c.actor, subject=c.subject, action=c.action,
                                item=c.item_id, old=c.old, new=c.new, version=c.version)
                    for c in history or []]})


def to_inspection(record: InspectionRecord) -> Inspection:
    """The stored answers (photos by hash) as the verdict code takes them."""
    answers: dict[str, Answer | AnswerValue] = {}
    for item_id in [*record.answers, *(i for i in record.photos if i not in record.answers)]:
        stored = record.answers.get(item_id, StoredAnswer(item_id, None))
        photos, before = _photo_stages(record, item_id)
        answers[item_id] = Answer(value=with_unit(stored.value, stored.unit), na=stored.na,
                                  note=stored.note, photos=photos, photos_before=before)
    return Inspection(checklist=record.info.checklist_id,
                      checklist_version=record.info.checklist_version,
                      building=Building(record.info.building), answers=answers)


def judge(record: InspectionRecord, catalogue: Catalogue | None = None
          ) -> tuple[Checklist, InspectionResult]:
    """The checklist of a stored inspection and the verdict on every scored item."""
    checklist = (catalogue or load_bundled()).get(record.info.checklist_id)
    return checklist, evaluate(checklist, to_inspection(record))


def export_photos(store: Store, record: InspectionRecord, folder: Path, *,
                  strip: bool = False) -> dict[str, str]:
    """Write the inspection's photos into ``folder`` as ``<sha256>.<ext>``; name by hash.

    With ``strip`` the copies carry no GPS or other metadata (for sending outside); their
    bytes then differ from the originals, so importing them stores new photos.
    """
    folder.mkdir(parents=True, exist_ok=True)
    names: dict[str, str] = {}
    for photo in {p.sha256: p for ps in record.photos.values() for p in ps}.values():
        data = shareable_photo(store, photo.sha256) if strip else store.photo_bytes(photo.sha256)
        ext = photo.media_type.split("/")[-1].replace("jpeg", "jpg")
        names[photo.sha256] = f"{photo.sha256}.{ext}"
        (folder / names[photo.sha256]).write_bytes(data)
    return names


def _photo_stages(record: InspectionRecord, item_id: str) -> tuple[list[str], list[str]]:
    """The hashes of an item's photos: those taken at the inspection, those from before."""
    linked = record.photos.get(item_id, [])
    return [p.sha256 for p in linked if not p.before], [p.sha256 for p in linked if p.before]


def _order(record: InspectionRecord) -> Callable[[str], tuple[int, str]]:
    order = {item_id: n for n, item_id in enumerate(record.answers)}
    return lambda item_id: (order.get(item_id, len(order)), item_id)


def _checklist(parsed: ParsedSheet, catalogue: Catalogue) -> Checklist:
    try:
        return catalogue.get(parsed.sheet.checklist)
    except ChecklistError as err:
        raise parsed.error(err.problem, ("checklist",), key="checklist") from None


def _facility(store: Store, parsed: ParsedSheet) -> str:
    given = parsed.sheet.facility
    code = parsed.sheet.facility_code
    if isinstance(given, SheetFacility) and given.name:
        store.save_facility(FacilityInfo(**given.model_dump()))
        return code
    try:
        store.facility(code)
    except StoreError:
        raise parsed.error(f"no facility {code!r} in the store: give its name (and address, "
                           "department ...) in the sheet, or add it with `a11y-audit facility "
                           "add`", ("facility",), key="facility") from None
    return code


def _inspection(store: Store, parsed: ParsedSheet, checklist: Checklist, facility: str,
                replace: bool, by: str | None) -> tuple[int, bool]:
    sheet = parsed.sheet
    header = {"inspector": sheet.inspector, "building": str(sheet.building),
              "inspected_on": sheet.inspected_on.isoformat() if sheet.inspected_on else None,
              "notes": sheet.notes,
              "checklist_version": sheet.checklist_version or checklist.version}
    if sheet.round is not None:
        existing = store.find_inspection(facility, checklist.id, sheet.round)
        if existing is not None and not replace:
            raise parsed.error(
                f"facility {facility} already has round {sheet.round} of {checklist.id} "
                f"(inspection {existing}); import with --replace to overwrite it, or give "
                "another round", ("round",), key="round")
        if existing is not None:
            store.reset_inspection(existing, by=by, **header)
            return existing, True
    return store.create_inspection(
        facility, checklist.id, str(header["checklist_version"]), inspector=sheet.inspector,
        inspected_on=header["inspected_on"], round=sheet.round, building=str(sheet.building),
        notes=sheet.notes, by=by), False


def _photos(store: Store, inspection_id: int, sheet: Sheet, root: Path,
            by: str | None) -> tuple[int, list[PhotoRefusal]]:
    attached, refused = 0, []
    for item_id in sheet.answers:
        answer = sheet.answer(item_id)
        staged = [(name, True) for name in answer.photos_before]
        for name, before in [*staged, *((name, False) for name in answer.photos)]:
            try:
                sha256 = _photo(store, name, root)
                store.attach_photo(inspection_id, item_id, sha256, by=by, before=before)
            except (EvidenceError, StoreError) as err:
                refused.append(PhotoRefusal(item_id, name, str(err)))
                continue
            attached += 1
    return attached, refused


def _photo(store: Store, name: str, root: Path) -> str:
    """Store the photo a sheet names (or find it by hash); return its SHA-256."""
    if name.startswith(SHA_PREFIX):
        return store.photo(name[len(SHA_PREFIX):].strip().lower()).sha256
    path = (root / name).resolve()
    if not path.is_relative_to(root.resolve()):
        raise EvidenceError(f"{name}: a photo must be inside the photo folder {root}")
    try:
        with path.open("rb") as handle:
            data = handle.read(DEFAULT_MAX_BYTES + 1)  # never more than the limit in memory
        size = path.stat().st_size
    except OSError as err:
        raise EvidenceError(f"{name}: cannot read the photo file in {root}: "
                            f"{err.strerror or err}") from None
    if size > DEFAULT_MAX_BYTES:
        raise ImageTooLarge(f"{name} is {size / 2**20:.1f} MB, over the limit of "
                            f"{DEFAULT_MAX_BYTES / 2**20:g} MB. Export the photo at a smaller "
                            "size (for example as JPEG) and attach it again.")
    return keep_photo(store, data, name=name).sha256


def applies(checklist: Checklist, item_id: str, values: dict[str, Value]) -> bool:
    """Whether an item applies given the answers so far (unknown conditions count as true)."""
    section = checklist.section_of(item_id)
    for condition in (section.applies_when, checklist.item(item_id).applies_when):
        if not condition:
            continue
        try:
            if not formula(condition, item_id).evaluate(values):
                return False
        except (MissingAnswer, FormulaError):
            continue
    return True
