"""Which scans and inspections a report covers, and what each is compared with."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from audit.errors import StoreError, UsageError
from audit.store import InspectionInfo, Store
from audit.store.records import ScanStatus, ScanSummary


def select_scans(store: Store, *, scan_ids: Sequence[int] = (),
                 targets: Sequence[str] = (), required: bool = True) -> list[ScanSummary]:
    """Explicit ``scan_ids``; else the latest finished scan of each of ``targets``; else the
    latest finished scan of every target in the store (the latest scan overall if none has a
    target). UsageError when something asked for is not there, or nothing is (with
    ``required``; else an empty list)."""
    if scan_ids:
        return [_explicit(store, scan_id) for scan_id in dict.fromkeys(scan_ids)]
    finished = [s for s in store.scans(limit=None) if s.status is ScanStatus.FINISHED]
    latest: dict[str, ScanSummary] = {}
    for summary in finished:  # newest first
        if summary.target is not None:
            latest.setdefault(summary.target, summary)
    if targets:
        missing = [name for name in targets if name not in latest]
        if missing:
            raise UsageError(f"no finished scan of target(s): {', '.join(missing)}")
        return [latest[name] for name in dict.fromkeys(targets)]
    if latest:
        return sorted(latest.values(), key=lambda s: s.target or "")
    if finished:
        return [finished[0]]
    if not required:
        return []
    raise UsageError(f"no finished scan in {store.name}; run a scan first")


def select_inspections(store: Store, facilities: Sequence[str] = (), *,
                       wanted: Callable[[str], bool] = lambda checklist_id: True
                       ) -> list[InspectionInfo]:
    """The latest round of each checklist at each of ``facilities`` (codes), or at every
    facility when none is given; only checklists ``wanted`` (by id). UsageError for a
    facility that is not in the store or has no such inspection."""
    for code in facilities:
        try:
            store.facility(code)
        except StoreError:
            raise UsageError(f"no facility {code!r} in {store.name}") from None
    chosen = set(facilities)
    latest: dict[tuple[str, str], InspectionInfo] = {}
    for info in store.inspections():  # by facility, checklist, round
        if (chosen and info.facility not in chosen) or not wanted(info.checklist_id):
            continue
        latest[(info.facility, info.checklist_id)] = info
    missing = sorted(chosen - {facility for facility, _ in latest})
    if missing:
        raise UsageError(f"no facility inspection of {', '.join(missing)} in {store.name}")
    return list(latest.values())


def previous_inspections(store: Store,
                         selected: Sequence[InspectionInfo]) -> dict[int, InspectionInfo]:
    """For each selected inspection id, the latest earlier round of the same checklist at the
    same facility."""
    pairs: dict[int, InspectionInfo] = {}
    for current in selected:
        earlier = [info for info in store.inspections(facility=current.facility,
                                                      checklist_id=current.checklist_id)
                   if info.round < current.round]
        if earlier:
            pairs[current.id] = max(earlier, key=lambda info: info.round)
    return pairs


def previous_scans(store: Store, selected: Sequence[ScanSummary],
                   explicit: Sequence[int] = ()) -> dict[int, ScanSummary]:
    """For each selected scan id, the scan to compare it with.

    ``explicit`` ids are matched to the selected scan of the same target (or to the only
    selected scan); otherwise the newest finished scan of the same target started before it.
    """
    pairs: dict[int, ScanSummary] = {}
    for scan_id in explicit:
        earlier = _explicit(store, scan_id)
        match = [s for s in selected if s.target == earlier.target and s.id != earlier.id]
        if not match and len(selected) == 1:
            match = list(selected)
        if not match:
            raise UsageError(f"--previous {scan_id} matches none of the scans in the report")
        _refuse_not_before(earlier, match[0])
        pairs[match[0].id] = earlier
    finished = [s for s in store.scans(limit=None) if s.status is ScanStatus.FINISHED]
    for current in selected:
        if current.id in pairs or current.target is None:
            continue
        earlier_runs = [s for s in finished if s.target == current.target
                        and s.id != current.id and s.started_at <= current.started_at
                        and s.id < current.id]
        if earlier_runs:
            pairs[current.id] = earlier_runs[0]
    return pairs


def _refuse_not_before(earlier: ScanSummary, current: ScanSummary) -> None:
    """UsageError unless ``earlier`` is a scan before ``current`` (by start, then id):
    compared with a later round, what that round fixed would show as new."""
    if (earlier.started_at, earlier.id) >= (current.started_at, current.id):
        raise UsageError(f"--previous {earlier.id} is not a scan before scan {current.id} (it "
                         f"started {earlier.started_at}, scan {current.id} "
                         f"{current.started_at}); choose one that started earlier")


def _explicit(store: Store, scan_id: int) -> ScanSummary:
    if not store.scan_exists(scan_id):
        raise UsageError(f"no scan with id {scan_id} in {store.name}")
    return store.scan(scan_id)
