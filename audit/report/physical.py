"""Facility inspections as report sections, judged by their checklists.

Verdicts are not stored: each inspection is judged again here from its answers and the
checklist (``audit.checklist``), so a corrected checklist re-judges old rounds. A failed item
carries what was measured, what the standard requires, the clause, what the figure rests on
(the clause text, the explanatory note or a secondary source: only the clause text confirms
it), the severity and its photos as small embedded thumbnails with the original's SHA-256,
time and place. Texts of the checklist (prompts, requirements, section titles) are taken in
the report's language.

An acceptance checklist (home modifications, 残疾人家庭无障碍改造) lists every piece of work,
accepted or to redo, with its photos before and after the work, and the resident's
confirmation; ``home_modifications`` sums up the households of a report.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from audit.checklist.intake import judge
from audit.checklist.loader import Catalogue
from audit.checklist.rounds import ItemChange, compare
from audit.checklist.schema import Checklist, Purpose, Source
from audit.checklist.verdict import InspectionResult, ItemResult
from audit.errors import AuditError
from audit.model import ItemOutcome
from audit.report.images import photo_thumbnail
from audit.report.report_model import (
    ITEM_OUTCOMES,
    UNASSIGNED,
    FacilitySection,
    FailedItem,
    HomeModifications,
    HouseholdRow,
    ItemChangeRow,
    ItemChanges,
    ItemSource,
    Photo,
    SectionResult,
    WorkItem,
)
from audit.store import InspectionInfo, InspectionRecord, PhotoRecord, Store

_YES_NO = {"zh-CN": ("是", "否"), "en": ("yes", "no")}


@dataclass
class PhysicalBuilder:
    """Builds facility sections; thumbnails are made once per photo for the whole report."""

    store: Store
    lang: str
    catalogue: Catalogue
    _thumbnails: dict[str, tuple[str, str | None]] = field(default_factory=dict)

    def sections(self, selected: Sequence[InspectionInfo],
                 previous: dict[int, InspectionInfo]) -> list[FacilitySection]:
        return [self.section(info, previous.get(info.id)) for info in selected]

    def section(self, info: InspectionInfo, before: InspectionInfo | None) -> FacilitySection:
        record = self.store.inspection(info.id)
        built = _header(record)
        try:
            checklist, result = judge(record, self.catalogue)
        except AuditError as err:
            built.error = str(err)
            return built
        self._fill(built, record, checklist, result)
        if before is not None:
            self._compare(built, before, result)
        return built

    def _fill(self, built: FacilitySection, record: InspectionRecord, checklist: Checklist,
              result: InspectionResult) -> None:
        built.checklist_title = checklist.title.get(self.lang)
        built.standard = checklist.standard
        built.section_results = self._section_results(checklist, result)
        built.sections = {s.id: dict(s.counts) for s in built.section_results}
        photos = {p.sha256: p for ps in record.photos.values() for p in ps}
        titles = {s.id: s.title.get(self.lang) for s in checklist.sections}
        built.failed = [self._failed(r, titles, photos) for r in result.failures]
        for item in built.failed:
            built.by_severity[item.severity] += 1
        built.unconfirmed_failed = sum(not item.confirmed for item in built.failed)
        built.photos_missing = len(result.photos_missing)
        counts = result.counts()
        built.passed = not counts[ItemOutcome.FAIL] and not counts[ItemOutcome.UNANSWERED]
        built.purpose = str(checklist.purpose)
        if checklist.purpose is Purpose.ACCEPTANCE:
            self._acceptance(built, record, checklist, result, titles, photos)

    def _acceptance(self, built: FacilitySection, record: InspectionRecord,
                    checklist: Checklist, result: InspectionResult, titles: dict[str, str],
                    photos: dict[str, PhotoRecord]) -> None:
        judged = (ItemOutcome.PASS, ItemOutcome.FAIL)
        built.works = [self._work(r, titles, photos) for r in result.results
                       if r.outcome in judged]
        if checklist.confirmed_by is not None:
            confirmed = result.facts.get(checklist.confirmed_by)
            built.resident_confirmed = confirmed if isinstance(confirmed, bool) else None
            answer = record.answers.get(checklist.confirmed_by)
            built.confirmation_note = answer.note if answer else None
        photographed = not any(work.photo_missing for work in built.works)
        built.passed = built.passed and photographed and built.resident_confirmed is True

    def _section_results(self, checklist: Checklist,
                         result: InspectionResult) -> list[SectionResult]:
        rows = []
        for section in checklist.sections:
            outcomes = [str(r.outcome) for r in result.results if r.section == section.id]
            if not outcomes:
                continue  # a section that only records facts has no verdict
            counts = {outcome: outcomes.count(outcome) for outcome in ITEM_OUTCOMES}
            rows.append(SectionResult(section.id, section.title.get(self.lang),
                                      _section_result(counts), counts))
        return rows

    def _failed(self, result: ItemResult, titles: dict[str, str],
                photos: dict[str, PhotoRecord]) -> FailedItem:
        return FailedItem(
            item=result.item, section=result.section, prompt=result.prompt.get(self.lang),
            measured=self._measured(result), required=result.required.get(self.lang),
            clause=result.clause, severity=str(result.severity),
            photos=[self._photo(photos[sha]) for sha in result.photos if sha in photos],
            section_title=titles.get(result.section, result.section), entered=result.entered,
            note=result.note, confirmed=result.confirmed, photo_missing=not result.photo_ok,
            source=self._source(result.source),
            photos_before=[self._photo(photos[sha]) for sha in result.photos_before
                           if sha in photos])

    def _work(self, result: ItemResult, titles: dict[str, str],
              photos: dict[str, PhotoRecord]) -> WorkItem:
        return WorkItem(
            item=result.item, section_title=titles.get(result.section, result.section),
            prompt=result.prompt.get(self.lang), accepted=result.outcome is ItemOutcome.PASS,
            measured=self._measured(result), required=result.required.get(self.lang),
            note=result.note, confirmed=result.confirmed, photo_missing=not result.photo_ok,
            source=self._source(result.source),
            photos_before=[self._photo(photos[sha]) for sha in result.photos_before
                           if sha in photos],
            photos=[self._photo(photos[sha]) for sha in result.photos if sha in photos])

    def _source(self, source: Source | None) -> ItemSource | None:
        if source is None:
            return None
        return ItemSource(basis=str(source.basis), seen=source.seen, quote=source.quote,
                          note=source.note.get(self.lang) if source.note else None)

    def _measured(self, result: ItemResult) -> str | None:
        if isinstance(result.value, bool):
            yes, no = _YES_NO.get(self.lang, _YES_NO["en"])
            return yes if result.value else no
        return result.measured

    def _photo(self, record: PhotoRecord) -> Photo:
        if record.sha256 not in self._thumbnails:
            self._thumbnails[record.sha256] = photo_thumbnail(self.store, record.sha256)
        thumbnail, error = self._thumbnails[record.sha256]
        place = None
        if record.lat is not None and record.lon is not None:
            place = f"{record.lat:.5f}, {record.lon:.5f}"
        return Photo(thumbnail=thumbnail, sha256=record.sha256, taken_at=record.taken_at,
                     place=place, lat=record.lat, lon=record.lon, error=error)

    def _compare(self, built: FacilitySection, before: InspectionInfo,
                 now: InspectionResult) -> None:
        try:
            _, old = judge(self.store.inspection(before.id), self.catalogue)
        except AuditError:
            return  # an earlier round that cannot be judged gives no comparison
        change = compare(old, now)
        built.previous_failed = len(old.failures)
        built.changes = ItemChanges(
            previous_inspection_id=before.id, previous_round=before.round,
            previous_date=before.inspected_on, new=self._rows(change.newly_failing),
            fixed=self._rows(change.fixed), persisting=self._rows(change.still_failing),
            not_rechecked=self._rows(change.not_rechecked))

    def _rows(self, changes: list[ItemChange]) -> list[ItemChangeRow]:
        ranked = sorted(changes, key=lambda c: c.new.severity.rank)  # stable: checklist order
        return [ItemChangeRow(item=c.item, section=c.new.section,
                              prompt=c.new.prompt.get(self.lang), severity=str(c.new.severity),
                              clause=c.new.clause) for c in ranked]


def _header(record: InspectionRecord) -> FacilitySection:
    info, place = record.info, record.facility
    return FacilitySection(
        id=place.code, name=place.name, department=place.department or UNASSIGNED,
        checklist=info.checklist_id, inspected_at=info.inspected_on, passed=False,
        sections={}, failed=[], inspection_id=info.id, round=info.round,
        checklist_title=info.checklist_id, checklist_version=info.checklist_version,
        status=str(info.status), inspector=info.inspector, building=info.building,
        address=place.address)


def _section_result(counts: dict[str, int]) -> str:
    if counts["fail"]:
        return "fail"
    if counts["unanswered"]:
        return "incomplete"
    return "pass" if counts["pass"] else "not-applicable"


def home_modifications(facilities: Sequence[FacilitySection]) -> HomeModifications | None:
    """The households among ``facilities`` (acceptance inspections); None when there are none."""
    rows = [_household(f) for f in facilities if f.purpose == Purpose.ACCEPTANCE and not f.error]
    if not rows:
        return None
    return HomeModifications(households=rows, done=sum(r.done for r in rows),
                             items_accepted=sum(r.accepted for r in rows),
                             items_to_redo=sum(len(r.to_redo) for r in rows))


def _household(section: FacilitySection) -> HouseholdRow:
    unanswered = sum(s.counts.get("unanswered", 0) for s in section.section_results)
    missing = sum(w.photo_missing for w in section.works)
    return HouseholdRow(
        id=section.id, name=section.name, inspection_id=section.inspection_id,
        inspected_at=section.inspected_at, accepted=sum(w.accepted for w in section.works),
        to_redo=[w.prompt for w in section.works if not w.accepted], unanswered=unanswered,
        photos_missing=missing, resident_confirmed=section.resident_confirmed,
        done=section.passed)


def where(section: FacilitySection) -> str:
    """How the remediation plan and the trend name a facility inspection."""
    return f"{section.name} ({section.id}) · {section.checklist_title}"
