"""A diff counted in SQL (``Store.diff_counts``) equals ``audit.report.diff.diff_pages`` on the
same store, for every pair of rounds of a generated target (either way round, and a round with
itself): pages that fail, recover, disappear and move, a second viewport and a document, a
fingerprint more than once on a page, severities that change, template regions and
needs-review findings (never counted)."""

from __future__ import annotations

import itertools
import random
from collections import Counter

import pytest

from audit.model import Finding, Outcome, PageResult, ScanRun, Severity, Viewport
from audit.report.diff import DiffFinding, diff_pages
from audit.store import DIFF_GROUPINGS, Store
from tests.store.samples import finding

SITE = "https://gov.example.cn"
RULES = ("image-alt", "color-contrast", "label", "link-name")
TEMPLATES = (None, "tpl-header", "tpl-footer")
ROUNDS = 5
PAGES = 24


def generate(store: Store, seed: int = 11) -> list[int]:
    """The ids of ROUNDS finished scans of one target."""
    rng = random.Random(seed)
    store.save_target("site")
    ids = []
    for index in range(ROUNDS):
        day = f"2025-0{index + 1}-10"
        run = ScanRun(engine="playwright", standard="wcag22aa", tool_version="t",
                      started_at=f"{day}T08:00:00+00:00", finished_at=f"{day}T09:00:00+00:00",
                      pages=[p for n in range(PAGES) for p in _pages(rng, index, n)])
        ids.append(store.import_run(run, target="site"))
    return ids


def _pages(rng: random.Random, index: int, number: int) -> list[PageResult]:
    if rng.random() < 0.1:  # not scanned in this round
        return []
    moved = number % 6 == 5 and index >= 2  # the page moved to a new address
    url = f"{SITE}/p{number}" + ("-new" if moved else "")
    viewports = [Viewport.DESKTOP] + ([Viewport.MOBILE] if number % 4 == 0 else [])
    if number % 8 == 3:
        viewports = [Viewport.DOCUMENT]
    return [_page(rng, url, viewport) for viewport in viewports]


def _page(rng: random.Random, url: str, viewport: Viewport) -> PageResult:
    error = rng.choice(["timeout", ""]) if rng.random() < 0.15 else None
    found = [] if error else [_finding(rng, url) for _ in range(rng.randint(0, 9))]
    return PageResult(url=url, viewport=viewport, final_url=url, status=200, error=error,
                      findings=found)


def _finding(rng: random.Random, url: str) -> Finding:
    rule = rng.choice(RULES)
    selector = f"#e{rng.randint(0, 2)}"  # few elements: fingerprints repeat on a page
    path = url.removeprefix(SITE)
    return finding(rule, impact=rng.choice(list(Severity)), selector=selector,
                   outcome=Outcome.VIOLATION if rng.random() < 0.85 else Outcome.NEEDS_REVIEW,
                   fingerprint=f"{rule}|{path}|{selector}",
                   template=rng.choice(TEMPLATES))


def expected(store: Store, old: int, new: int, by: str) -> tuple[Counter, int]:
    """(key, severity, what happened) counted from ``diff_pages``, and the pages not
    comparable."""
    diff = diff_pages(store.iter_pages(old), store.iter_pages(new))
    counted: Counter = Counter()
    for kind, found in (("new", diff.new), ("fixed", diff.fixed),
                        ("persisting", diff.persisting)):
        counted.update((_key(item, by), str(item.finding.impact), kind) for item in found)
    return counted, len(diff.not_comparable)


def _key(item: DiffFinding, by: str) -> str | None:
    return str(getattr(item.finding, by)) if getattr(item.finding, by) else None


def counted_in_sql(store: Store, old: int, new: int, by: str) -> tuple[Counter, int]:
    result = store.diff_counts(old, new, by)
    counted: Counter = Counter()
    for row in result.groups:
        assert (row.new, row.fixed, row.persisting) != (0, 0, 0)
        for kind in ("new", "fixed", "persisting"):
            counted[(row.key, row.impact, kind)] += getattr(row, kind)
    return +counted, result.not_comparable


@pytest.mark.parametrize("by", DIFF_GROUPINGS)
def test_a_diff_counted_in_sql_equals_the_reports_diff_for_every_pair(store: Store, by: str):
    ids = generate(store)
    kinds: Counter = Counter()
    for old, new in itertools.product(ids, repeat=2):
        want = expected(store, old, new, by)
        assert counted_in_sql(store, old, new, by) == want, (old, new)
        kinds.update(kind for (_, _, kind), n in want[0].items() for _ in range(n))
    assert min(kinds["new"], kinds["fixed"], kinds["persisting"]) > 100  # the data has each


def test_the_generated_rounds_have_what_the_diff_must_handle(store: Store):
    ids = generate(store)
    pages = {scan: list(store.iter_pages(scan)) for scan in ids}
    every = [p for found in pages.values() for p in found]
    assert {p.error for p in every} == {None, "", "timeout"}
    assert {p.viewport for p in every} == set(Viewport)
    assert any(p.url.endswith("-new") for p in every)
    assert any(len(p.violations) != len({f.fingerprint for f in p.violations}) for p in every)
    assert {f.template for p in every for f in p.findings} == set(TEMPLATES)


def test_a_diff_is_counted_only_by_a_known_column(store: Store):
    ids = generate(store)
    with pytest.raises(ValueError, match="not 'selector'"):
        store.diff_counts(ids[0], ids[1], "selector")


