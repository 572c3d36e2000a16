"""Reading the store once for the dashboard: every finished scan of every target, every complete
inspection of every facility (judged by its checklist), and the open violations of each target's
latest round — in a fixed number of statements (``Store`` bulk methods), not one per record.

A facility's round counts once it is submitted or approved (drafts and inspections sent back
are work in progress). Only facility checklists are shown (those of kind ``physical``, or one
the catalogue does not know, shown with its error).

Judging an inspection by its checklist takes milliseconds, a district has a thousand of them,
and they rarely change: a ``Judgements`` cache (one per catalogue, kept by the caller, e.g. the
web app) keeps each verdict under everything it depends on — the inspection's header, every
answer and every photo — so a changed answer is judged again and nothing stale is shown.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Hashable
from datetime import date

from audit.checklist.intake import judge
from audit.checklist.loader import Catalogue
from audit.dashboard.model import (
    UNASSIGNED,
    Facility,
    FacilityRound,
    FailedItem,
    Snapshot,
    Target,
    WebOverdue,
    WebRound,
)
from audit.errors import AuditError
from audit.model import ItemOutcome
from audit.store import (
    InspectionInfo,
    InspectionRecord,
    InspectionStatus,
    RoundChange,
    ScanStatus,
    ScanSummary,
    Store,
)

COMPLETE = (InspectionStatus.SUBMITTED, InspectionStatus.APPROVED)


class Judgements:
    """Verdicts of inspections by ``catalogue``, keyed by what they depend on (bounded)."""

    def __init__(self, catalogue: Catalogue, limit: int = 20_000) -> None:
        self.catalogue = catalogue
        self.limit = limit
        self._found: dict[Hashable, FacilityRound | None] = {}

    def judged(self, record: InspectionRecord) -> FacilityRound | None:
        key = _content(record)
        if key not in self._found:
            if len(self._found) >= self.limit:
                self._found.clear()
            self._found[key] = _judged(record, self.catalogue)
        return self._found[key]


def _content(record: InspectionRecord) -> Hashable:
    info = record.info
    answers = tuple(sorted((a.item_id, a.value, a.unit, a.na, a.note)
                           for a in record.answers.values()))
    photos = tuple(sorted((item, tuple((p.sha256, p.before) for p in found))
                          for item, found in record.photos.items()))
    return (info.id, info.checklist_id, info.checklist_version, info.building, info.round,
            info.inspected_on, info.submitted_at, info.updated_at, answers, photos)


def load_snapshot(store: Store, catalogue: Catalogue | Judgements, *,
                  today: date) -> Snapshot:
    """Everything the dashboard shows; pass ``Judgements`` to reuse verdicts across calls."""
    judgements = catalogue if isinstance(catalogue, Judgements) else Judgements(catalogue)
    targets = _targets(store)
    latest = [t.rounds[-1].scan_id for t in targets]
    open_web = tuple(
        WebOverdue(v.finding_id, v.target or "", v.rule, v.impact, v.page_url, v.selector,
                   v.first_seen[:10], v.screenshot is not None)
        for v in store.open_violations(latest))
    return Snapshot(today, targets, _facilities(store, judgements), open_web)


def _targets(store: Store) -> tuple[Target, ...]:
    departments = {t.name: t.department or UNASSIGNED for t in store.targets()}
    changes = store.round_changes()
    scans: dict[str, list[ScanSummary]] = defaultdict(list)
    for summary in store.scans(limit=None):
        if summary.status is ScanStatus.FINISHED and summary.target is not None:
            scans[summary.target].append(summary)
    built = []
    for name, found in sorted(scans.items()):
        found.sort(key=lambda s: (s.started_at, s.id))
        rounds = tuple(_web_round(s, changes.get(s.id)) for s in found)
        built.append(Target(name, departments.get(name, UNASSIGNED), rounds))
    return tuple(built)


def _web_round(summary: ScanSummary, change: RoundChange | None) -> WebRound:
    return WebRound(
        scan_id=summary.id, date=(summary.finished_at or summary.started_at)[:10],
        pages=summary.pages, violations=dict(summary.violations_by_impact),
        new=change.new if change else None, fixed=change.fixed if change else None)


def _facilities(store: Store, judgements: Judgements) -> tuple[Facility, ...]:
    complete = [i for i in store.inspections() if i.status in COMPLETE]
    records = store.inspection_records(i.id for i in complete)
    places = {f.code: f for f in store.facilities()}
    groups: dict[tuple[str, str], list[FacilityRound]] = defaultdict(list)
    for info in complete:
        judged = judgements.judged(records[info.id])
        if judged is not None:
            groups[(info.facility, info.checklist_id)].append(judged)
    built = []
    for (code, checklist), rounds in sorted(groups.items()):
        place = places[code]
        rounds.sort(key=lambda r: (r.round, r.inspection_id))
        built.append(Facility(code, place.name, place.type, place.department or UNASSIGNED,
                              checklist, tuple(rounds)))
    return tuple(built)


def _judged(record: InspectionRecord, catalogue: Catalogue) -> FacilityRound | None:
    info = record.info
    try:
        checklist, result = judge(record, catalogue)
    except AuditError as err:
        return FacilityRound(info.id, info.round, _day(info), 0, (), error=str(err))
    if str(checklist.kind) != "physical":
        return None
    counts = result.counts()
    failed = tuple(FailedItem(r.item, str(r.severity), r.photos) for r in result.failures)
    return FacilityRound(info.id, info.round, _day(info),
                         counts[ItemOutcome.PASS] + counts[ItemOutcome.FAIL], failed)


def _day(info: InspectionInfo) -> str:
    return info.inspected_on or (info.submitted_at or info.updated_at)[:10]

