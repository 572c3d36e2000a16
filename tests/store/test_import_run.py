"""``Store.import_run``: a whole run in one transaction, pages and findings written in batches
(one statement per batch), stored exactly as ``save_run`` stores it."""

from __future__ import annotations

import dataclasses

import pytest
from sqlalchemy import event
from sqlalchemy.exc import OperationalError

from audit.errors import StoreError
from audit.model import PageResult, ScanRun, Viewport
from audit.store import _pages, _templates
from tests.store.samples import axe_raw, error_page, finding, findings_page, sample_run

TEMPLATE = "0123456789abcdef0123456789ab"


def template_page(number: int) -> PageResult:
    """A page whose header region (a template) holds a finding; its raw result names it."""
    url = f"https://gov.example.cn/news/{number}"
    raw = axe_raw(url, rules=2) | {"templates": [{"key": TEMPLATE, "kind": "header",
                                                   "label": "页头", "elements": 12}]}
    return PageResult(url=url, viewport=Viewport.DESKTOP, final_url=url, status=200, raw=raw,
                      findings=[finding(template=TEMPLATE, fingerprint=f"image-alt|{number}"),
                                finding("label", selector=f"#q{number}")])


def district_run() -> ScanRun:
    run = sample_run()
    return dataclasses.replace(run, pages=[*run.pages, *(template_page(n) for n in range(5))])


def inserts(store, table: str) -> list[int]:
    """Run ``import_run`` of ``district_run()``; the rows of each INSERT into ``table``."""
    sizes: list[int] = []

    def seen(_conn, _cursor, statement, parameters, _context, executemany) -> None:
        if statement.startswith(f"INSERT INTO {table} "):
            sizes.append(len(parameters) if executemany else 1)

    event.listen(store.engine, "before_cursor_execute", seen)
    try:
        store.import_run(district_run(), target="门户")
    finally:
        event.remove(store.engine, "before_cursor_execute", seen)
    return sizes


def _unstamped(run: ScanRun) -> ScanRun:
    """The run without the time each page was saved (``verified_at``: the two runs were saved
    a moment apart, which on a loaded machine is often another second)."""
    return dataclasses.replace(run, pages=[dataclasses.replace(page, verified_at=None)
                                           for page in run.pages])


def test_an_imported_run_reads_back_as_a_saved_one(store):
    saved = store.save_run(district_run(), target="门户", options={"depth": 2})
    imported = store.import_run(district_run(), target="门户", options={"depth": 2})
    assert _unstamped(store.load_run(imported)) == _unstamped(store.load_run(saved))
    one, other = store.scan(saved), store.scan(imported)
    assert dataclasses.replace(other, id=one.id) == one
    assert other.status == "finished" and other.pages == 7 and other.violations == 12
    url = template_page(3).url
    assert store.raw_artifact(imported, url, "desktop") == template_page(3).raw
    assert store.template_groups(imported) == store.template_groups(saved)
    assert [(g.key, g.rule, g.pages) for g in store.template_groups(imported)] == [
        (TEMPLATE, "image-alt", 5)]


def test_pages_and_findings_go_in_batches_of_rows(store, monkeypatch):
    monkeypatch.setattr(_pages, "BULK_BATCH", 4)
    assert inserts(store, "findings") == [4, 4, 4, 1]  # 13 findings on 7 pages
    assert inserts(store, "pages") == [4, 3]


def test_of_two_pages_with_one_url_the_last_is_kept(store):
    first = findings_page()
    again = dataclasses.replace(first, title="again", findings=[finding("label")])
    scan_id = store.import_run(dataclasses.replace(sample_run(), pages=[first, error_page(),
                                                                        again]))
    loaded = store.load_run(scan_id).pages
    assert [(p.url, p.title) for p in loaded] == [(error_page().url, None),
                                                  (first.url, "again")]
    assert [f.rule for f in loaded[1].findings] == ["label"]


def test_a_run_that_fails_half_way_leaves_nothing(store, monkeypatch):
    def full(*_args) -> None:  # the last pages' template regions: after every page and finding
        raise OperationalError("INSERT INTO templates", {}, Exception("disk is full"))

    monkeypatch.setattr(_templates, "save_templates", full)
    with pytest.raises(StoreError, match="cannot write to database .*: disk is full"):
        store.import_run(district_run(), target="门户")
    assert store.scans(limit=None) == []
    assert store.targets() == []


def both_viewports(numbers: range) -> ScanRun:
    """The template pages ``numbers``, each scanned at the desktop and the mobile viewport."""
    desktop = [template_page(n) for n in numbers]
    mobile = [dataclasses.replace(page, viewport=Viewport.MOBILE) for page in desktop]
    return dataclasses.replace(sample_run(), pages=[*desktop, *mobile])


def test_a_template_counts_each_page_once_whatever_its_viewports(store):
    # the report says "this one problem is on N pages' header template": N counts URLs, as
    # the report's rule groups do, not a page once for each viewport it was scanned at
    two = store.save_run(both_viewports(range(2)), target="门户")
    assert [(g.rule, g.pages, g.findings) for g in store.template_groups(two)] == [
        ("image-alt", 2, 4)]
    one = store.save_run(both_viewports(range(1)), target="门户")
    assert store.template_groups(one) == []  # one page is no shared template
