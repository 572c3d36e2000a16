"""Per-round aggregates (``audit.store._rounds``, migration 0010): what the store keeps as scans
finish equals a recount from the findings, computed here in Python from ``load_run``, after
rounds are added, imported out of order, resumed, re-finished, interrupted and changed while
finished; and a store made before 0010 gets the same figures when it is migrated."""

from __future__ import annotations

import dataclasses
from collections import Counter
from typing import Any

from sqlalchemy import text

from audit.model import Outcome, PageResult, ScanRun, Severity, Viewport
from audit.store import Store, open_store
from tests.store.samples import as_before, error_page, finding

SITE = "https://gov.example.cn"


def page(path: str, *rules: str, error: str | None = None) -> PageResult:
    """A page with a violation of each rule ("rule:impact" for another severity than critical)
    and one needs-review finding (never counted)."""
    found = []
    for spec in rules:
        rule, _, impact = spec.partition(":")
        selector = f"#{rule}"
        found.append(finding(rule, impact=Severity(impact or "critical"), selector=selector,
                             fingerprint=f"{rule}|{path}|{selector}"))
    found.append(finding("region", outcome=Outcome.NEEDS_REVIEW, selector="div.top",
                         fingerprint=f"region|{path}|div.top"))
    if error:
        return PageResult(url=SITE + path, viewport=Viewport.DESKTOP, final_url=None,
                          status=None, error=error)
    return PageResult(url=SITE + path, viewport=Viewport.DESKTOP, final_url=SITE + path,
                      status=200, findings=found)


def run(day: str, *pages: PageResult) -> ScanRun:
    return ScanRun(engine="playwright", standard="wcag22aa", tool_version="t",
                   started_at=f"{day}T08:00:00+00:00", finished_at=f"{day}T09:00:00+00:00",
                   pages=list(pages))


Kept = tuple[dict[int, tuple[Any, ...]], dict[tuple[str, str], str],
             dict[int, dict[tuple[str, str, str], int]]]


def recount(store: Store) -> Kept:
    """Per finished scan of a target: (previous, pages, violations by severity, new, fixed);
    per (target, fingerprint): the start of the earliest finished scan that had it; per
    finished scan of a target: its violations by (rule, severity, when first seen)."""
    finished = sorted((s for s in store.scans(limit=None)
                       if s.status == "finished" and s.target is not None),
                      key=lambda s: (s.started_at, s.id))
    counts: dict[int, tuple[Any, ...]] = {}
    first_seen: dict[tuple[str, str], str] = {}
    groups: dict[int, dict[tuple[str, str, str], int]] = {}
    before: dict[str, tuple[int, ScanRun]] = {}
    for summary in finished:
        loaded = store.load_run(summary.id)
        violations = [(p, f) for p in loaded.pages for f in p.findings
                      if f.outcome == Outcome.VIOLATION]
        for _, f in violations:
            first_seen.setdefault((summary.target, f.fingerprint), summary.started_at)
        groups[summary.id] = dict(Counter(
            (f.rule, str(f.impact), first_seen[(summary.target, f.fingerprint)])
            for _, f in violations))
        by_impact = {str(s): sum(1 for _, f in violations if f.impact == s) for s in Severity}
        pages = sum(1 for p in loaded.pages if p.viewport != Viewport.DOCUMENT)
        now = {f.fingerprint for _, f in violations}
        previous = before.get(summary.target)
        if previous is None:
            counts[summary.id] = (None, pages, by_impact, None, None)
        else:
            old_id, old = previous
            then = {f.fingerprint for p in old.pages for f in p.findings
                    if f.outcome == Outcome.VIOLATION}
            rescanned = {(p.url, p.viewport) for p in loaded.pages if p.error is None}
            fixed = {f.fingerprint for p in old.pages for f in p.findings
                     if f.outcome == Outcome.VIOLATION and f.fingerprint not in now
                     and (p.url, p.viewport) in rescanned}
            counts[summary.id] = (old_id, pages, by_impact, len(now - then), len(fixed))
        before[summary.target] = (summary.id, loaded)
    return counts, first_seen, {scan: found for scan, found in groups.items() if found}


def kept(store: Store) -> Kept:
    """The same figures as the store keeps them (``round_counts``, ``open_violations``,
    ``open_groups``)."""
    ids = [s.id for s in store.scans(limit=None)]
    counts = {c.scan_id: (c.previous_id, c.pages, c.violations_by_impact, c.new, c.fixed)
              for c in store.round_counts(ids).values()}
    first_seen = {(v.target, v.fingerprint): v.first_seen
                  for v in store.open_violations([s.id for s in store.finished_scans()])}
    groups: dict[int, dict[tuple[str, str, str], int]] = {}
    for group in store.open_groups(ids):
        groups.setdefault(group.scan_id, {})[(group.rule, group.impact, group.first_seen)] = \
            group.violations
    return counts, first_seen, groups


def assert_as_recounted(store: Store) -> dict[int, tuple[Any, ...]]:
    expected = recount(store)
    assert kept(store) == expected
    return expected[0]


def test_counts_kept_equal_a_recount_through_every_change_of_a_round(store: Store):
    a = store.save_run(run("2026-01-05", page("/", "image-alt", "label:serious"),
                           page("/news", "link-name:moderate", "list:minor"),
                           error_page(SITE + "/down")), target="门户")
    b = store.import_run(run("2026-02-05", page("/", "image-alt"),
                             page("/news", "list:minor", "heading-order:moderate"),
                             page("/down", "label")), target="门户")
    other = store.save_run(run("2026-02-06", page("/", "image-alt")), target="other")
    counts = assert_as_recounted(store)
    assert counts[a] == (None, 3, {"critical": 1, "serious": 1, "moderate": 1, "minor": 1},
                         None, None)
    # new: heading-order, label on /down; fixed: label on /, link-name on /news
    assert counts[b] == (a, 3, {"critical": 2, "serious": 0, "moderate": 1, "minor": 1}, 2, 2)
    assert counts[other][3:] == (None, None)

    c = store.begin_scan(run("2026-03-05"), target="门户")
    store.save_page(c, page("/", "image-alt", "label:serious"))
    store.save_page(c, page("/news", error="timeout"))
    assert c not in kept(store)[0]  # running: not a round yet
    store.finish_scan(c, finished_at="2026-03-05T09:00:00+00:00")
    assert assert_as_recounted(store)[c][0] == b

    store.resume_scan(b)  # b is not a round any more: c counts against a
    assert assert_as_recounted(store)[c][0] == a
    store.save_page(b, page("/news", "list:minor", "color-contrast:serious"))
    store.finish_scan(b, finished_at="2026-03-09T09:00:00+00:00")  # finished again, changed
    assert assert_as_recounted(store)[c][0] == b

    store.save_page(c, page("/news", "list:minor"))  # a finished round's page replaced
    assert_as_recounted(store)
    store.replace_source_findings(c, "axe", [(SITE + "/", "desktop", finding("label"))])
    assert_as_recounted(store)

    earlier = store.import_run(run("2025-12-05", page("/", "image-alt", "list:minor")),
                               target="门户")  # an older round imported late
    assert assert_as_recounted(store)[a][0] == earlier
    store.finish_scan(c, finished_at="2026-03-10T09:00:00+00:00", status="interrupted")
    assert c not in assert_as_recounted(store)


def test_a_scan_of_no_target_has_no_round_and_its_own_start_as_first_seen(store: Store):
    scan = store.save_run(run("2026-01-05", page("/", "image-alt")))
    assert store.round_counts([scan]) == {}
    assert [v.first_seen for v in store.open_violations([scan])] == ["2026-01-05T08:00:00+00:00"]


def test_a_store_made_before_0010_is_counted_when_migrated(store_url: str):
    with open_store(store_url) as store:
        first = store.save_run(run("2026-01-05", page("/", "image-alt", "label:serious"),
                                   page("/news", "list:minor")), target="门户")
        second = store.import_run(run("2026-02-05", page("/", "image-alt"),
                                      page("/news", "heading-order:moderate")), target="门户")
        resumed = store.save_run(run("2026-03-05", page("/", "link-name")), target="门户")
        store.resume_scan(resumed)
        store.save_run(run("2026-02-01", page("/", "image-alt")), target="other")
        store.save_run(run("2026-02-02", page("/", "image-alt")))  # no target
        expected = kept(store)
        assert expected == recount(store) and expected[0][second][0] == first
        as_before(store, "0010_rounds", "target_fingerprints", "rounds")
    with open_store(store_url) as store:
        assert "0010_rounds" in store.migrations()
        assert kept(store) == expected


def test_counts_do_not_count_documents_or_other_outcomes(store: Store):
    document = dataclasses.replace(page("/a.pdf", "image-alt"), viewport=Viewport.DOCUMENT)
    scan = store.save_run(run("2026-01-05", page("/", "label"), document), target="门户")
    assert store.round_counts([scan])[scan].pages == 1
    assert store.round_counts([scan])[scan].violations_by_impact["critical"] == 2


def test_a_violation_is_fixed_only_where_its_viewport_was_scanned_again(store: Store):
    # as the report's changes have it: the phone layout's barrier is not shown gone by a round
    # that opened the page at the desktop viewport only
    phone = dataclasses.replace(page("/", "button-name"), viewport=Viewport.MOBILE)
    store.save_run(run("2026-01-05", page("/", "image-alt"), phone), target="门户")
    failed = dataclasses.replace(page("/", error="the server answered HTTP 503"),
                                 viewport=Viewport.MOBILE)
    later = store.save_run(run("2026-02-05", page("/"), failed), target="门户")
    assert store.round_counts([later])[later].fixed == 1  # image-alt; not button-name
    assert_as_recounted(store)


def test_carried_pages_of_an_incremental_round_count_in_its_groups(store: Store):
    first = store.save_run(run("2026-01-05", page("/", "image-alt", "label:serious"),
                               page("/news", "list:minor")), target="门户")
    later = store.begin_scan(run("2026-02-05"), target="门户")
    store.carry_page(later, first, SITE + "/", "desktop")  # unchanged since: carried forward
    store.save_page(later, page("/news", "list:minor", "link-name:moderate"))
    store.finish_scan(later, finished_at="2026-02-05T09:00:00+00:00")
    assert_as_recounted(store)
    groups = {(g.rule, g.first_seen): g.violations for g in store.open_groups([later])}
    jan, feb = "2026-01-05T08:00:00+00:00", "2026-02-05T08:00:00+00:00"
    assert groups == {("image-alt", jan): 1, ("label", jan): 1, ("list", jan): 1,
                      ("link-name", feb): 1}


def test_a_store_made_before_0012_has_its_groups_counted_when_migrated(store_url: str):
    """Every finished round of a target gets its groups, a round imported late, an incremental
    one with a carried page and a finished one changed included; a resumed or interrupted scan
    and a scan of no target get none."""
    with open_store(store_url) as store:
        first = store.save_run(run("2026-01-05", page("/", "image-alt", "label:serious"),
                                   page("/news", "list:minor")), target="门户")
        incremental = store.begin_scan(run("2026-02-05"), target="门户")
        store.carry_page(incremental, first, SITE + "/", "desktop")
        store.save_page(incremental, page("/news", "heading-order:moderate"))
        store.finish_scan(incremental, finished_at="2026-02-05T09:00:00+00:00")
        store.import_run(run("2025-12-05", page("/news", "heading-order:moderate")),
                         target="门户")  # imported late: first seen moves earlier
        store.save_page(first, page("/about", "link-name"))  # a finished round changed
        resumed = store.save_run(run("2026-03-05", page("/", "link-name")), target="门户")
        store.resume_scan(resumed)
        interrupted = store.save_run(run("2026-04-05", page("/", "list")), target="门户")
        store.finish_scan(interrupted, finished_at="2026-04-05T09:00:00+00:00",
                          status="interrupted")
        store.save_run(run("2026-02-01", page("/", "image-alt")), target="other")
        nowhere = store.save_run(run("2026-02-02", page("/", "image-alt")))
        expected = kept(store)
        assert expected == recount(store)
        assert {resumed, interrupted, nowhere}.isdisjoint(expected[2])
        assert {g.first_seen for g in store.open_groups([incremental])
                if g.rule == "heading-order"} == {"2025-12-05T08:00:00+00:00"}
        as_before(store, "0012_round_groups", "round_groups")
        as_before(store, "0015_first_seen_stamps")  # it counts them again, as upgrading does
    with open_store(store_url) as store:
        assert "0012_round_groups" in store.migrations()
        assert kept(store) == expected


def test_a_store_made_before_0015_has_its_groups_counted_by_when_first_seen(store_url: str):
    """0012 counted the groups by the UTC day first seen; 0015 counts them again by the moment
    (the start of the earliest round that had them), for the dashboard to date in its zone."""
    with open_store(store_url) as store:
        first = store.save_run(run("2026-01-05", page("/", "image-alt", "label:serious")),
                               target="门户")
        later = store.save_run(run("2026-02-05", page("/", "image-alt", "list:minor")),
                               target="门户")
        expected = kept(store)
        with store.engine.begin() as connection:  # as 0012 left them: the UTC days
            connection.execute(text("UPDATE round_groups "
                                    "SET first_seen = substr(first_seen, 1, 10)"))
        assert {g.first_seen for g in store.open_groups([first, later])} == {
            "2026-01-05", "2026-02-05"}
        as_before(store, "0015_first_seen_stamps")
    with open_store(store_url) as store:
        assert "0015_first_seen_stamps" in store.migrations()
        assert kept(store) == expected
        assert {(g.scan_id, g.rule, g.first_seen) for g in store.open_groups([first, later])} == {
            (first, "image-alt", "2026-01-05T08:00:00+00:00"),
            (first, "label", "2026-01-05T08:00:00+00:00"),
            (later, "image-alt", "2026-01-05T08:00:00+00:00"),
            (later, "list", "2026-02-05T08:00:00+00:00")}
