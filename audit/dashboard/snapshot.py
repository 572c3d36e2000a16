"""Reading the store for the dashboard: every finished scan of every target, every complete
inspection of every facility (judged by its checklist), and the open violations of each target's
latest round counted by rule, severity and the day first seen (the district's day, as the
rounds' days are) — in a fixed number of statements
(``Store`` bulk methods), not one per record, and no violation read out.

A facility's round counts once it is submitted or approved (drafts and inspections sent back
are work in progress). Only facility checklists are shown (those of kind ``physical``, or one
the catalogue does not know, shown with its error).

A round's counts (pages, violations by severity, new and fixed since the round before) are kept
in the store when its scan finishes (``Store.round_counts``), so reading them reads no finding;
judging an inspection takes milliseconds, and a district has a thousand of them, nearly all as
they were at the last request: a ``Cache`` (one per catalogue, kept by the caller, e.g. the web
app) keeps what was computed under everything it depends on, so each request reads only what is
new, and each verdict judged is kept in the store too (``Store.keep_verdicts``), so that the
next start reads it instead of judging again while the inspection and its checklist are as they
were.
"""

from __future__ import annotations

import logging
import threading
from collections import defaultdict
from collections.abc import Hashable
from datetime import UTC, date, datetime, tzinfo
from hashlib import sha256
from typing import Any

from audit.checklist.intake import judge
from audit.checklist.loader import Catalogue
from audit.clock import utc_now
from audit.dashboard.model import (
    UNASSIGNED,
    Facility,
    FacilityRound,
    FailedItem,
    Snapshot,
    Target,
    WebOpen,
    WebRound,
)
from audit.errors import AuditError, StoreError
from audit.model import ItemOutcome
from audit.store import (
    InspectionInfo,
    InspectionRecord,
    InspectionStatus,
    KeptVerdict,
    RoundCounts,
    ScanRef,
    Store,
)

COMPLETE = (InspectionStatus.SUBMITTED, InspectionStatus.APPROVED)
log = logging.getLogger(__name__)


class Cache:
    """What the dashboard has computed before, under everything it depends on (bounded):

    - a web round (a scan's counts and its new and fixed) under the scan, its finish time and
      the previous round's id and finish time (a resumed scan finishes again, at a new time);
    - the open violations of a target's latest round (counted: ``WebOpen``) under that round's
      key and every earlier round's id and finish time (the days barriers were first seen);
    - an inspection's verdict under its header and the newest change-log entry about it (an
      answer, a photo, a status written: ``Store.inspection_marks``);
    - the facilities' rounds under ``Store.field_mark`` (nothing of them read while it holds);
    - the last snapshot: returned again (the same object, with the figures computed from it,
      see ``Snapshot.memo``) while nothing it was made of has changed;
    - the diffs of pairs of finished rounds (``diffs``, under both rounds' keys: ``round_key``;
      ``audit.dashboard.diff.cached_diff``), room for a district's latest pairs and more.

    Finished scans do not change, and a changed inspection has a new key: nothing stale is
    shown, and a request reads only what is new since the last one. One snapshot is loaded at a
    time (``lock``): a request arriving while another loads waits for it, then reuses it.
    """

    def __init__(self, catalogue: Catalogue, limit: int = 50_000, diffs: int = 256, *,
                 zone: tzinfo = UTC) -> None:
        self.catalogue = catalogue
        self.zone = zone  # the district's: the day a round was held is its day there
        self.limit = limit
        self.rounds: dict[Hashable, WebRound] = {}
        self.open: dict[Hashable, tuple[WebOpen, ...]] = {}
        self.verdicts: dict[Hashable, FacilityRound | None] = {}
        self.diffs: dict[Hashable, Any] = {}
        self.diff_limit = diffs
        self.round_keys: dict[int, Hashable] = {}  # scan id -> key, as of the last snapshot
        self.digests: dict[str, str] = {}  # checklist id -> digest of its definition
        self.pending: list[KeptVerdict] = []  # judged, to be kept in the store
        self.facilities: tuple[Hashable, tuple[Facility, ...]] | None = None  # under field_mark
        self.last: tuple[Hashable, Snapshot] | None = None
        self.lock = threading.Lock()

    def keep(self, found: dict[Hashable, Any], key: Hashable, value: Any,
             limit: int | None = None) -> None:
        if len(found) >= (limit or self.limit):
            found.clear()
        found[key] = value

    def day(self, stamp: str) -> str:
        """The date (ISO) of a stored UTC timestamp in the cache's time zone."""
        return datetime.fromisoformat(stamp).astimezone(self.zone).date().isoformat()

    def digest(self, checklist_id: str) -> str:
        """SHA-256 of the checklist's definition as the catalogue has it ("" when unknown): a
        verdict kept in the store is shown only while its checklist is the same."""
        if checklist_id not in self.digests:
            try:
                text = self.catalogue.get(checklist_id).model_dump_json()
            except AuditError:
                text = None
            self.digests[checklist_id] = "" if text is None else sha256(text.encode()).hexdigest()
        return self.digests[checklist_id]

    def round_key(self, scan_id: int) -> Hashable | None:
        """The key of a finished round of a target as of the last snapshot (None: unknown)."""
        return self.round_keys.get(scan_id)


def load_snapshot(store: Store, catalogue: Catalogue | Cache, *, today: date) -> Snapshot:
    """Everything the dashboard shows; pass a ``Cache`` to reuse what earlier calls computed."""
    cache = catalogue if isinstance(catalogue, Cache) else Cache(catalogue)
    with cache.lock:
        try:
            return _load(store, cache, today)
        finally:
            _keep_verdicts(store, cache)


def _load(store: Store, cache: Cache, today: date) -> Snapshot:
    # one read transaction: a scan finishing meanwhile is wholly in it or not at all
    with store.one_snapshot():
        targets, latest = _targets(store, cache)
        facilities = _facilities(store, cache)
        made_of = (today, targets, facilities, tuple(latest.values()))
        if cache.last is not None and cache.last[0] == made_of:
            return cache.last[1]
        names = {t.rounds[-1].scan_id: t.name for t in targets}
        snapshot = Snapshot(today, targets, facilities, _open_web(store, cache, latest, names))
        cache.last = (made_of, snapshot)
        return snapshot


def _keep_verdicts(store: Store, cache: Cache) -> None:
    """Keep what was judged in the store, after the read transaction; a store that cannot be
    written now (busy, read-only) costs a judging at the next start, nothing else."""
    pending, cache.pending = cache.pending, []
    if not pending:
        return
    try:
        store.keep_verdicts(pending)
    except StoreError as err:
        log.warning("verdicts of %d inspections not kept: %s", len(pending), err)


def _targets(store: Store, cache: Cache) -> tuple[tuple[Target, ...], dict[int, Hashable]]:
    """The targets with their rounds, and the cache key of each target's latest round."""
    departments = {t.name: t.department or UNASSIGNED for t in store.targets()}
    by_target: dict[str, list[ScanRef]] = defaultdict(list)
    for ref in store.finished_scans():
        by_target[ref.target].append(ref)
    keys = {ref.id: _round_key(ref, found[index - 1] if index else None)
            for found in by_target.values() for index, ref in enumerate(found)}
    refs = {ref.id: ref for found in by_target.values() for ref in found}
    missing = [scan_id for scan_id, key in keys.items() if key not in cache.rounds]
    if missing:
        for counts in store.round_counts(missing).values():
            cache.keep(cache.rounds, keys[counts.scan_id],
                       _web_round(refs[counts.scan_id], counts, cache))
    cache.round_keys = keys
    targets = tuple(Target(name, departments.get(name, UNASSIGNED),
                           tuple(cache.rounds[keys[ref.id]] for ref in found))
                    for name, found in sorted(by_target.items()))
    # the open violations of a latest round are counted from the target's whole history (the
    # day each was first seen): an older round imported late changes them, not the latest key
    return targets, {found[-1].id: (keys[found[-1].id], _history(found))
                     for _name, found in sorted(by_target.items())}


def _history(found: list[ScanRef]) -> Hashable:
    return tuple((ref.id, ref.finished_at) for ref in found)


def _round_key(ref: ScanRef, before: ScanRef | None) -> Hashable:
    return (ref.id, ref.finished_at, before.id if before else None,
            before.finished_at if before else None)


def _web_round(ref: ScanRef, counts: RoundCounts, cache: Cache) -> WebRound:
    return WebRound(
        scan_id=ref.id, date=cache.day(ref.finished_at or ref.started_at), pages=counts.pages,
        violations=dict(counts.violations_by_impact), new=counts.new, fixed=counts.fixed)


def _open_web(store: Store, cache: Cache, keys: dict[int, Hashable],
              names: dict[int, str]) -> tuple[WebOpen, ...]:
    """The open violations of each target's latest round, counted by rule, severity and the
    district's day first seen (``names``: the target of each of those rounds)."""
    missing = [scan_id for scan_id, key in keys.items() if key not in cache.open]
    found: dict[int, dict[tuple[str, str, str], WebOpen]] = {scan_id: {} for scan_id in missing}
    for group in store.open_groups(missing):
        day = cache.day(group.first_seen)
        alike = found[group.scan_id]
        was = alike.get((group.rule, group.impact, day))
        alike[(group.rule, group.impact, day)] = WebOpen(
            names[group.scan_id], group.scan_id, group.rule, group.impact, day,
            group.violations + (was.count if was else 0),
            tuple(sorted((*(was.seen if was else ()), group.first_seen))))
    for scan_id, groups in found.items():
        cache.keep(cache.open, keys[scan_id], tuple(sorted(groups.values(), key=_group_order)))
    return tuple(group for key in keys.values() for group in cache.open[key])


def _group_order(group: WebOpen) -> tuple[str, str, str]:
    return (group.first_seen, group.impact, group.rule)


def _facilities(store: Store, cache: Cache) -> tuple[Facility, ...]:
    """Every facility's complete rounds; read again only when the field records moved
    (``Store.field_mark``)."""
    mark = store.field_mark()
    if cache.facilities is not None and cache.facilities[0] == mark:
        return cache.facilities[1]
    built = _read_facilities(store, cache)
    cache.facilities = (mark, built)
    return built


def _read_facilities(store: Store, cache: Cache) -> tuple[Facility, ...]:
    complete = [i for i in store.inspections() if i.status in COMPLETE]
    judged = _verdicts(store, cache, complete)
    places = {f.code: f for f in store.facilities()}
    groups: dict[tuple[str, str], list[FacilityRound]] = defaultdict(list)
    for info in complete:
        verdict = judged[info.id]
        if verdict is not None:
            groups[(info.facility, info.checklist_id)].append(verdict)
    built = []
    for (code, checklist), rounds in sorted(groups.items()):
        place = places[code]
        rounds.sort(key=lambda r: (r.round, r.inspection_id))
        built.append(Facility(code, place.name, place.type, place.department or UNASSIGNED,
                              checklist, tuple(rounds)))
    return tuple(built)


def _verdicts(store: Store, cache: Cache,
              complete: list[InspectionInfo]) -> dict[int, FacilityRound | None]:
    """Each inspection's verdict: as computed before while neither its header nor its
    change-log mark moved (``Store.inspection_marks``); else as kept in the store while those
    and its checklist are what it was judged on; else judged now (and kept: ``Cache.pending``).
    Only inspections that changed are read again."""
    marks = store.inspection_marks()
    keys = {info.id: (_header(info), marks.get(info.id)) for info in complete}
    found = {info.id: cache.verdicts[keys[info.id]] for info in complete
             if keys[info.id] in cache.verdicts}
    missing = {info.id: info for info in complete if info.id not in found}
    kept = store.kept_verdicts(missing)
    for inspection, info in list(missing.items()):
        summary = kept.get(inspection)
        if summary is not None and _rests_on(summary, info, marks, cache):
            found[inspection] = _round(info, summary.verdict, cache)
            del missing[inspection]
    now = utc_now()
    for inspection, record in store.inspection_records(missing).items():
        info = record.info
        verdict = _summary(record, cache.catalogue)
        found[inspection] = _round(info, verdict, cache)
        cache.pending.append(KeptVerdict(inspection, marks.get(inspection), info.updated_at,
                                         cache.digest(info.checklist_id), now, verdict))
    for inspection, key in keys.items():
        cache.keep(cache.verdicts, key, found[inspection])
    return found


def _rests_on(kept: KeptVerdict, info: InspectionInfo, marks: dict[int, int],
              cache: Cache) -> bool:
    """Whether a kept verdict was judged on the inspection and checklist as they are."""
    return (kept.mark == marks.get(info.id) and kept.updated_at == info.updated_at
            and kept.checklist_digest == cache.digest(info.checklist_id))


def _header(info: InspectionInfo) -> Hashable:
    return (info.id, info.checklist_id, info.checklist_version, info.building, info.round,
            info.inspected_on, info.submitted_at, info.updated_at)


def _summary(record: InspectionRecord, catalogue: Catalogue) -> dict[str, Any]:
    """What the dashboard shows of an inspection's verdict (kept in the store as it is):
    ``shown`` False for a checklist that is not of a facility."""
    try:
        checklist, result = judge(record, catalogue)
    except AuditError as err:
        return {"shown": True, "checked": 0, "failed": [], "error": str(err)}
    if str(checklist.kind) != "physical":
        return {"shown": False}
    counts = result.counts()
    return {"shown": True, "checked": counts[ItemOutcome.PASS] + counts[ItemOutcome.FAIL],
            "failed": [[r.item, str(r.severity), list(r.photos)] for r in result.failures],
            "error": None}


def _round(info: InspectionInfo, verdict: dict[str, Any],
           cache: Cache) -> FacilityRound | None:
    if not verdict["shown"]:
        return None
    failed = tuple(FailedItem(item, severity, tuple(photos))
                   for item, severity, photos in verdict["failed"])
    return FacilityRound(info.id, info.round, _day(info, cache), verdict["checked"], failed,
                         error=verdict["error"])


def _day(info: InspectionInfo, cache: Cache) -> str:
    return info.inspected_on or cache.day(info.submitted_at or info.updated_at)

