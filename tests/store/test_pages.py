"""Pages, findings and raw artifacts: exact round trips, idempotent saves, streaming reads."""

from __future__ import annotations

import dataclasses
import inspect
import json

import pytest
from sqlalchemy import func, select

from audit.errors import StoreError
from audit.model import PageResult, PageVersion, Resource, Viewport
from audit.store.tables import artifacts, findings, pages
from tests.store.samples import error_page, finding, findings_page, header_only, sample_run

# verified_at: None on a page to save means "when saved" (see the incremental tests below)
_PAGE_FIELDS = [f.name for f in dataclasses.fields(PageResult)
                if f.name not in ("raw", "verified_at")]


def _count(store, table, **where) -> int:
    query = select(func.count()).select_from(table)
    for column, value in where.items():
        query = query.where(table.c[column] == value)
    with store.engine.connect() as connection:
        return int(connection.scalar(query))


def _assert_same_pages(loaded: list[PageResult], original: list[PageResult]) -> None:
    assert len(loaded) == len(original)
    for got, want in zip(loaded, original, strict=True):
        for name in _PAGE_FIELDS:
            assert getattr(got, name) == getattr(want, name), f"{want.url}: {name}"
        assert got.raw is None  # raw stays in the store; see raw_artifact


def test_round_trip_of_a_run(store):
    run = sample_run()
    scan_id = store.save_run(run, target="区政府门户", options={"depth": 2})
    loaded = store.load_run(scan_id)
    assert header_only(loaded) == header_only(run)
    _assert_same_pages(loaded.pages, run.pages)
    hostile = loaded.pages[1]
    assert hostile.title == "办事指南 — <script>alert('title')</script>"
    assert hostile.findings[1].html == "<script>document.write('x')</script>"
    assert hostile.findings[0].message == "图片缺少替代文本 (image has no alt text)"
    assert isinstance(hostile.viewport, Viewport) and hostile.findings[2].wcag == ()


def test_facts_round_trip_made_storable(store):
    """A finding's facts come back as saved, except what no backend can hold (NUL, lone
    surrogates from a hostile page), which becomes U+FFFD as in every other column."""
    facts = {"checks": {"any": [{"id": "aria-valid-attr", "kind": "fail", "key": "singular",
                                 "data": ["aria-x\x00", "\ud800y"], "message": "Invalid"}],
                        "all": [], "none": []}}
    page = dataclasses.replace(findings_page(), findings=[
        finding(facts=facts), finding("keyboard-trap", facts={
            "message": "stuck", "values": {"names": ["a", "b"], "count": 2, "ratio": 1.5}}),
        finding("region")])
    scan_id = store.begin_scan(sample_run())
    store.save_page(scan_id, page)
    [loaded] = store.load_run(scan_id).pages
    assert [f.facts for f in loaded.findings] == [
        {"checks": {"any": [{"id": "aria-valid-attr", "kind": "fail", "key": "singular",
                             "data": ["aria-x\ufffd", "\ufffdy"], "message": "Invalid"}],
                    "all": [], "none": []}},
        {"message": "stuck", "values": {"names": ["a", "b"], "count": 2, "ratio": 1.5}},
        None]


def test_saving_a_page_again_replaces_it(store):
    scan_id = store.begin_scan(sample_run())
    page = findings_page()
    store.save_page(scan_id, page)
    store.save_page(scan_id, page)
    assert _count(store, pages, scan_id=scan_id) == 1
    assert _count(store, findings, scan_id=scan_id) == len(page.findings)
    assert _count(store, artifacts) == 1

    retried = dataclasses.replace(page, title="second try", findings=[finding()], raw=None)
    store.save_page(scan_id, retried)
    [loaded] = store.load_run(scan_id).pages
    assert loaded.title == "second try" and loaded.findings == [finding()]
    assert _count(store, findings, scan_id=scan_id) == 1
    assert _count(store, artifacts) == 0
    assert store.raw_artifact(scan_id, page.url, page.viewport) is None


def test_same_url_in_two_viewports_is_two_pages(store):
    scan_id = store.begin_scan(sample_run())
    desktop = error_page("https://gov.example.cn/")
    store.save_page(scan_id, desktop)
    store.save_page(scan_id, dataclasses.replace(desktop, viewport=Viewport.MOBILE))
    assert [p.viewport for p in store.load_run(scan_id).pages] == ["desktop", "mobile"]


def test_raw_artifact_round_trips_and_is_stored_compressed(store):
    scan_id = store.begin_scan(sample_run())
    page = findings_page()
    store.save_page(scan_id, page)
    assert store.raw_artifact(scan_id, page.url, page.viewport) == page.raw
    assert store.raw_artifact(scan_id, page.url, "mobile") == page.raw
    with store.engine.connect() as connection:
        row = connection.execute(select(artifacts.c.kind, artifacts.c.size,
                                        artifacts.c.data)).one()
    as_json = json.dumps(page.raw, ensure_ascii=False).encode("utf-8")
    assert row.kind == "axe"
    assert len(row.data) < len(as_json) / 4
    assert row.size >= len(as_json)  # size is the JSON before compression


def test_raw_artifact_is_none_for_pages_without_one(store):
    scan_id = store.begin_scan(sample_run())
    store.save_page(scan_id, error_page())
    assert store.raw_artifact(scan_id, error_page().url, "desktop") is None
    assert store.raw_artifact(scan_id, "https://never.saved/", "desktop") is None


def test_iter_pages_is_a_generator_reading_in_batches(store):
    scan_id = store.begin_scan(sample_run())
    saved = [findings_page(f"https://gov.example.cn/p{i}") for i in range(7)]
    for page in saved:
        store.save_page(scan_id, page)
    stream = store.iter_pages(scan_id, batch_size=3)
    assert inspect.isgenerator(stream)
    first = next(stream)
    assert first.url == saved[0].url
    _assert_same_pages([first, *stream], saved)


def test_pages_keep_the_order_they_were_first_saved_in(store):
    scan_id = store.begin_scan(sample_run())
    a, b = error_page("https://a.example/"), error_page("https://b.example/")
    for page in (a, b, a):
        store.save_page(scan_id, page)
    assert [p.url for p in store.iter_pages(scan_id)] == [a.url, b.url]


def test_strings_a_backend_cannot_hold_are_replaced_the_same_everywhere(store):
    scan_id = store.begin_scan(sample_run())
    page = dataclasses.replace(error_page(), title="a\x00b", error="lone \ud800 surrogate",
                               raw={"title": "a\x00b \ud800"})
    store.save_page(scan_id, page)
    [loaded] = store.load_run(scan_id).pages
    assert loaded.title == "a\ufffdb"
    assert loaded.error == "lone \ufffd surrogate"
    assert store.raw_artifact(scan_id, page.url, page.viewport) == page.raw  # exact


def test_very_long_urls_are_unique_keys_too(store):
    scan_id = store.begin_scan(sample_run())
    url = "https://gov.example.cn/search?q=" + "无障碍" * 3000
    store.save_page(scan_id, error_page(url))
    store.save_page(scan_id, error_page(url))
    assert [p.url for p in store.iter_pages(scan_id)] == [url]


@pytest.mark.parametrize("call", [
    lambda s: s.save_page(999, error_page()),
    lambda s: s.load_run(999),
    lambda s: s.iter_pages(999),
    lambda s: s.raw_artifact(999, "https://x/", "desktop"),
    lambda s: s.finish_scan(999, finished_at="2025-01-01T00:00:00+00:00"),
    lambda s: s.scan(999),
], ids=["save_page", "load_run", "iter_pages", "raw_artifact", "finish_scan", "scan"])
def test_unknown_scan_id(store, call):
    with pytest.raises(StoreError) as caught:
        call(store)
    assert str(caught.value) == "no scan with id 999 in DB"
    assert not store.scan_exists(999)


def test_what_a_page_is_made_of_is_kept_and_carried_forward(store):
    """0009: validators and hashes of the HTML and its stylesheets, when it was last checked
    in full, its links, and where carried findings came from, all read back as saved; a page
    carried forward is a copy made in the database."""
    page = findings_page()
    version = PageVersion(Resource(page.url, "ab" * 32, '"v1"', None),
                          (Resource("https://a.gov.cn/site.css", "cd" * 32, None,
                                    "Tue, 01 Dec 2026 10:00:00 GMT"),))
    first = store.begin_scan(sample_run())
    page.version, page.links = version, ["https://a.gov.cn/b"]
    store.save_page(first, page)
    store.finish_scan(first, finished_at="2026-12-01T10:00:00+00:00")
    [kept] = store.load_run(first).pages
    assert (kept.version, kept.carried_from, kept.links) == (version, None, None)
    assert kept.verified_at is not None
    last = store.last_check(first, page.url, page.viewport)
    assert last is not None and (last.version, last.verified_at) == (version, kept.verified_at)
    assert last.findings == []  # the row only
    second = store.begin_scan(sample_run(), fingerprint="f" * 64)
    carried = store.carry_page(second, first, page.url, page.viewport)
    assert carried is not None
    assert (carried.links, carried.carried_from, carried.verified_at) == (
        ["https://a.gov.cn/b"], first, kept.verified_at)
    [again] = store.load_run(second).pages
    assert (again.verified_at, again.carried_from, again.findings, again.version) == (
        kept.verified_at, first, kept.findings, version)
    assert store.raw_artifact(second, page.url, page.viewport) == store.raw_artifact(
        first, page.url, page.viewport)
    store.carry_page(second, first, page.url, page.viewport)  # again: replaced, not doubled
    assert len(store.load_run(second).pages[0].findings) == len(kept.findings)
    summary = store.scan(second)
    assert (summary.pages, summary.pages_carried, summary.pages_verified) == (1, 1, 0)
    assert (summary.oldest_carried, summary.fingerprint) == (kept.verified_at, "f" * 64)
    assert store.carry_page(second, first, "https://a.gov.cn/none", page.viewport) is None
    assert store.last_check(first, "https://a.gov.cn/none", page.viewport) is None
    assert [s.id for s in store.finished_scans_of(None)] == [first]
