"""The dashboard reads the store in a fixed number of SQL statements: no statement per target,
scan, facility or inspection (no N+1)."""

from __future__ import annotations

from collections import Counter
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import event

from audit.checklist.loader import Catalogue
from audit.checklist.schema import Checklist
from audit.dashboard import (
    Cache,
    department_trends,
    load_snapshot,
    overdue,
    overdue_page,
    overview,
    rank,
    target_trend,
)
from audit.model import PageResult, ScanRun, Severity, Viewport
from audit.report.assemble import bundled_checklists
from audit.report.datafiles import load_policy
from audit.store import (
    FacilityInfo,
    InspectionStatus,
    PhotoRecord,
    Store,
    StoredAnswer,
    open_store,
    sha256_hex,
)
from tests.dashboard.district import TODAY, generate
from tests.store.samples import finding


def statements(store: Store) -> int:
    """How many SQL statements every dashboard figure takes together."""
    executed: list[str] = []

    def count(_conn, _cursor, statement, *_args) -> None:
        executed.append(statement)

    event.listen(store.engine, "before_cursor_execute", count)
    try:
        snapshot = load_snapshot(store, bundled_checklists(), today=TODAY)
        overview(snapshot)
        department_trends(snapshot)
        target_trend(snapshot, snapshot.targets[0].name)
        rank(snapshot, load_policy())
        overdue(snapshot, load_policy())
        overdue_page(store, snapshot, load_policy(), 0, 100)
    finally:
        event.remove(store.engine, "before_cursor_execute", count)
    return len(executed)


def test_statements_do_not_grow_with_targets_and_facilities(tmp_path: Path):
    with open_store(tmp_path / "small.db") as small, open_store(tmp_path / "big.db") as big:
        generate(small, targets=2, rounds=2, pages=2, facilities=2)
        generate(big, targets=7, rounds=3, pages=2, facilities=6)
        # 13 SELECTs in one BEGIN, the verdicts judged kept in one write (3), a page of the
        # overdue list in a read of its own (2)
        assert statements(small) == statements(big) <= 19


def test_a_cache_reads_only_what_changed_and_gives_the_same_figures(tmp_path: Path):
    with open_store(tmp_path / "cached.db") as store:
        district = generate(store, targets=3, rounds=2, pages=2, facilities=2)
        cache = Cache(bundled_checklists())
        first = load_snapshot(store, cache, today=TODAY)
        executed: list[str] = []
        event.listen(store.engine, "before_cursor_execute",
                     lambda _c, _cu, statement, *_a: executed.append(statement))
        again = load_snapshot(store, cache, today=TODAY)
        assert again == first
        assert not [s for s in executed if "lag(" in s or "count(distinct" in s]  # no recount
        target = district.targets[0].name
        store.save_run(ScanRun(engine="playwright", standard="wcag22aa", tool_version="t",
                               started_at="2026-01-01T08:00:00+00:00",
                               finished_at="2026-01-01T09:00:00+00:00"), target=target)
        fresh = load_snapshot(store, bundled_checklists(), today=TODAY)
        assert load_snapshot(store, cache, today=TODAY) == fresh
        assert [len(t.rounds) for t in fresh.targets] == [3, 2, 2]


def test_an_unchanged_store_gives_the_same_snapshot_and_figures_computed_once(tmp_path: Path):
    with open_store(tmp_path / "memo.db") as store:
        district = generate(store, targets=3, rounds=2, pages=2, facilities=2)
        cache = Cache(bundled_checklists())
        first = load_snapshot(store, cache, today=TODAY)
        late, ranked = overdue(first, load_policy()), rank(first, load_policy())
        again = load_snapshot(store, cache, today=TODAY)
        assert again is first
        assert overdue(again, load_policy()) == late and rank(again, load_policy()) is ranked
        assert len(first.computed) == 2  # the overdue list and the ranking, kept
        store.save_run(ScanRun(engine="playwright", standard="wcag22aa", tool_version="t",
                               started_at="2026-01-01T08:00:00+00:00",
                               finished_at="2026-01-01T09:00:00+00:00"),
                       target=district.targets[0].name)
        changed = load_snapshot(store, cache, today=TODAY)
        assert changed is not first and changed.computed == {}
        assert changed == load_snapshot(store, bundled_checklists(), today=TODAY)
        assert load_snapshot(store, cache, today=date(2026, 1, 11)) is not changed


def inspection(district, number: int = 1) -> int:
    """The latest complete inspection of a facility."""
    return district.facilities[number].rounds[-1].inspection_id


def evidence(store: Store) -> str:
    data = b"a photo of the door"
    store.add_photo(data, PhotoRecord(sha256=sha256_hex(data), media_type="image/png",
                                      width=3, height=2, size=len(data)))
    return sha256_hex(data)


CHANGES = {
    "answer": lambda store, at, _sha: store.save_answer(at, StoredAnswer("revolving_only",
                                                                         "maybe")),
    "photo added": lambda store, at, sha: store.attach_photo(at, "revolving_only", sha),
    "photo removed": lambda store, at, sha: store.remove_photo(at, "handles_fist", sha,
                                                               by="王五"),
    "status": lambda store, at, _sha: store.set_inspection_status(
        at, InspectionStatus.APPROVED),
    "reset": lambda store, at, _sha: store.reset_inspection(at),
}


@pytest.mark.parametrize("change", CHANGES)
def test_a_warm_snapshot_reads_only_the_inspection_that_changed(store_url, tmp_path,
                                                                  monkeypatch, change):
    with open_store(store_url, files_dir=tmp_path / "files") as store:
        warm_after(store, monkeypatch, CHANGES[change])


def warm_after(store: Store, monkeypatch, change) -> None:
    district = generate(store, targets=2, rounds=2, pages=2, facilities=3)
    changed, sha = inspection(district), evidence(store)
    store.attach_photo(changed, "handles_fist", sha)
    cache = Cache(bundled_checklists())
    load_snapshot(store, cache, today=TODAY)
    read = records_read(store, monkeypatch)
    load_snapshot(store, cache, today=TODAY)
    change(store, changed, sha)
    warm = load_snapshot(store, cache, today=TODAY)
    assert read == [[changed]]  # nothing read while nothing changed, then the one
    monkeypatch.undo()
    assert warm == load_snapshot(store, bundled_checklists(), today=TODAY)


def test_a_facility_changed_is_seen_by_a_warm_snapshot(tmp_path: Path):
    with open_store(tmp_path / "facility.db") as store:
        district = generate(store, targets=1, rounds=2, pages=2, facilities=2)
        cache = Cache(bundled_checklists())
        load_snapshot(store, cache, today=TODAY)
        code = district.facilities[1].code
        store.save_facility(FacilityInfo(code=code, name="新馆", department="区残联"))
        warm = load_snapshot(store, cache, today=TODAY)
        assert warm == load_snapshot(store, bundled_checklists(), today=TODAY)
        assert [(f.name, f.department) for f in warm.facilities if f.code == code] == [
            ("新馆", "区残联")]


def records_read(store: Store, monkeypatch) -> list[list[int]]:
    """The ids of every ``inspection_records`` call from now on."""
    read: list[list[int]] = []
    records = store.inspection_records

    def spy(ids):
        read.append(sorted(ids))
        return records(ids)

    monkeypatch.setattr(store, "inspection_records", spy)
    return read


def corrected(catalogue: Catalogue) -> Catalogue:
    """The catalogue with the door checklist corrected: revolving doors only a minor barrier."""
    data = catalogue.get("gb55019-doors").model_dump(by_alias=True)
    for section in data["sections"]:
        for item in section["items"]:
            if item["id"] == "revolving_only":
                item["severity"] = "minor"
    doors = Checklist.model_validate(data)
    return Catalogue({**catalogue.checklists, doors.id: doors}, dict(catalogue.files))


def test_verdicts_kept_in_the_store_are_read_at_the_next_start_not_judged_again(
        store, monkeypatch):
    district = generate(store, targets=2, rounds=2, pages=2, facilities=3)
    first = load_snapshot(store, Cache(bundled_checklists()), today=TODAY)
    read = records_read(store, monkeypatch)
    assert load_snapshot(store, Cache(bundled_checklists()), today=TODAY) == first
    changed = inspection(district)
    store.save_answer(changed, StoredAnswer("revolving_only", "maybe"))
    after = load_snapshot(store, Cache(bundled_checklists()), today=TODAY)
    assert read == [[], [changed]]  # a new app: nothing judged, then only what changed
    monkeypatch.undo()
    assert after == load_snapshot(store, Cache(bundled_checklists()), today=TODAY)
    assert after != first


def test_a_corrected_checklist_judges_every_inspection_of_it_again(store, monkeypatch):
    generate(store, targets=1, rounds=2, pages=2, facilities=2)
    load_snapshot(store, Cache(bundled_checklists()), today=TODAY)
    read = records_read(store, monkeypatch)
    again = load_snapshot(store, Cache(corrected(bundled_checklists())), today=TODAY)
    complete = [i.id for i in store.inspections() if i.status in (
        InspectionStatus.SUBMITTED, InspectionStatus.APPROVED)]
    assert read == [sorted(complete)]
    severities = {f.severity for facility in again.facilities for r in facility.rounds
                  for f in r.failed if f.item == "revolving_only"}
    assert severities == {"minor"}


def test_a_warm_snapshot_reads_no_answer_photo_or_finding(tmp_path: Path):
    with open_store(tmp_path / "warm.db") as store:
        generate(store, targets=3, rounds=2, pages=2, facilities=3)
        cache = Cache(bundled_checklists())
        load_snapshot(store, cache, today=TODAY)
        executed: list[str] = []
        event.listen(store.engine, "before_cursor_execute",
                     lambda _c, _cu, statement, *_a: executed.append(statement.lower()))
        load_snapshot(store, cache, today=TODAY)
        read = " ".join(executed)
        assert not [table for table in ("answers", "photo_links", "findings", "pages")
                    if f"from {table}" in read or f"join {table}" in read]
        assert len(executed) <= 8


def warmed(store: Store, *, targets: int, facilities: int) -> tuple:
    """A generated district of two rounds, a cache warmed on it, its first target and one
    violation (a fingerprint) of that target's latest round."""
    district = generate(store, targets=targets, rounds=2, pages=2, facilities=facilities)
    cache = Cache(bundled_checklists())
    load_snapshot(store, cache, today=TODAY)
    target = district.targets[0]
    return district, cache, target, next(iter(target.rounds[-1].violations))


def save_round(store: Store, target: str, day: str, url: str, found: list) -> None:
    """A finished round of ``target`` on ``day``: one page with ``found``."""
    store.save_run(ScanRun(engine="playwright", standard="wcag22aa", tool_version="t",
                           started_at=f"{day}T08:00:00+00:00", finished_at=f"{day}T09:00:00+00:00",
                           pages=[PageResult(url=url, viewport=Viewport.DESKTOP, final_url=url,
                                             status=200, findings=found)]),
                   target=target)


def test_kept_groups_follow_a_round_finishing_and_a_review(tmp_path: Path):
    """The overdue figures read the open groups kept per round: after a round finishes (a
    barrier seen before keeps its first day, a new one starts on the round's) and a review
    approves an inspection, a warm cache gives what a fresh start gives, and the groups equal a
    recount of the violations themselves."""
    with open_store(tmp_path / "kept.db") as store:
        district, cache, target, seen = warmed(store, targets=3, facilities=2)
        rule, impact, url, selector = target.rounds[-1].violations[seen]
        first_day = next(r.day for r in target.rounds if seen in r.violations)
        found = [finding(rule, impact=Severity(impact), selector=selector, fingerprint=seen),
                 finding("label", selector="#new", fingerprint=f"label|{url}|#new")]
        save_round(store, target.name, "2026-01-05", url, found)
        store.decide(inspection(district), reviewer="李四", decision=InspectionStatus.APPROVED,
                     comment=None)
        warm = load_snapshot(store, cache, today=TODAY)
        assert warm == load_snapshot(store, bundled_checklists(), today=TODAY)
        latest = [t.rounds[-1].scan_id for t in warm.targets]
        recount = Counter((v.scan_id, v.rule, v.impact, v.first_seen)
                          for v in store.open_violations(latest))
        kept = {(g.scan_id, g.rule, g.impact, g.first_seen): g.violations
                for g in store.open_groups(latest)}
        assert kept == dict(recount)
        assert {(g.rule, g.first_seen) for g in warm.open_web if g.target == target.name} == {
            (rule, first_day), ("label", "2026-01-05")}


def test_an_older_round_imported_late_moves_first_days_in_a_warm_cache(tmp_path: Path):
    """A round of a target imported after later ones (an archive brought in) is not the latest
    round's predecessor, yet the days its barriers were first seen on move earlier: a running
    dashboard shows what a fresh start shows."""
    with open_store(tmp_path / "late.db") as store:
        _district, cache, target, seen = warmed(store, targets=2, facilities=1)
        rule, impact, url, selector = target.rounds[-1].violations[seen]
        save_round(store, target.name, "2024-12-01", url,
                   [finding(rule, impact=Severity(impact), selector=selector, fingerprint=seen)])
        warm = load_snapshot(store, cache, today=TODAY)
        assert warm == load_snapshot(store, bundled_checklists(), today=TODAY)
        assert (rule, "2024-12-01") in {(g.rule, g.first_seen) for g in warm.open_web
                                        if g.target == target.name}
