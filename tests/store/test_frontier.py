"""The crawl frontier and found documents: queue once, claim in order, resume after a kill."""

from __future__ import annotations

import time
from concurrent.futures import ThreadPoolExecutor

import pytest
from sqlalchemy import delete, text

from audit.errors import StoreError
from audit.model import PageResult, Viewport
from audit.store import FrontierItem, FrontierState, _pages, _scans, open_store
from audit.store._engine import writer
from audit.store._scans import REDIRECT_EXAMPLES
from audit.store.tables import schema_migrations
from tests.store.samples import error_page, sample_run

ROOT = "https://gov.example.cn/"


def _counts(queued: int = 0, in_flight: int = 0, done: int = 0) -> dict[FrontierState, int]:
    return {FrontierState.QUEUED: queued, FrontierState.IN_FLIGHT: in_flight,
            FrontierState.DONE: done}


def test_enqueue_ignores_entries_already_known(store):
    scan_id = store.begin_scan(sample_run())
    assert store.enqueue(scan_id, [(ROOT, "desktop", 0, None), (ROOT, "desktop", 0, None),
                                   (ROOT, Viewport.MOBILE, 0, None)]) == 2
    assert store.enqueue(scan_id, [(ROOT, "desktop", 3, "https://elsewhere/"),
                                   (ROOT + "a", "desktop", 1, ROOT)]) == 1
    assert store.frontier_counts(scan_id) == _counts(queued=3)
    other = store.begin_scan(sample_run())
    assert store.enqueue(other, [(ROOT, "desktop", 0, None)]) == 1  # per scan


def test_enqueue_streams_large_iterables(store):
    scan_id = store.begin_scan(sample_run())
    links = ((f"{ROOT}p/{i % 1500}", "desktop", 1, ROOT) for i in range(3000))
    assert store.enqueue(scan_id, links) == 1500


def test_claim_takes_shallowest_then_oldest_and_never_twice(store):
    scan_id = store.begin_scan(sample_run())
    store.enqueue(scan_id, [(ROOT + "deep", "desktop", 2, ROOT + "b"),
                            (ROOT + "b", "desktop", 1, ROOT),
                            (ROOT, "desktop", 0, None),
                            (ROOT + "c", "mobile", 1, ROOT)])
    first = store.claim(scan_id, 3)
    assert first == [FrontierItem(ROOT, Viewport.DESKTOP, 0, None),
                     FrontierItem(ROOT + "b", Viewport.DESKTOP, 1, ROOT),
                     FrontierItem(ROOT + "c", Viewport.MOBILE, 1, ROOT)]
    assert [item.url for item in store.claim(scan_id, 3)] == [ROOT + "deep"]
    assert store.claim(scan_id, 3) == []
    assert store.frontier_counts(scan_id) == _counts(in_flight=4)


def test_saving_a_page_marks_its_entry_done(store):
    scan_id = store.begin_scan(sample_run())
    store.enqueue(scan_id, [(ROOT, "desktop", 0, None), (ROOT + "x.zip", "desktop", 1, ROOT)])
    store.claim(scan_id, 2)
    store.save_page(scan_id, error_page(ROOT))
    assert store.mark_done(scan_id, ROOT + "x.zip", "desktop")
    assert not store.mark_done(scan_id, ROOT + "never-queued", "desktop")
    assert store.frontier_counts(scan_id) == _counts(done=2)


def test_requeue_in_flight_puts_claimed_entries_back(store):
    scan_id = store.begin_scan(sample_run())
    store.enqueue(scan_id, [(f"{ROOT}{i}", "desktop", 1, ROOT) for i in range(5)])
    claimed = store.claim(scan_id, 3)
    store.save_page(scan_id, error_page(claimed[0].url))
    assert store.requeue_in_flight(scan_id) == 2
    assert store.frontier_counts(scan_id) == _counts(queued=4, done=1)
    assert [i.url for i in store.claim(scan_id, 10)] == [f"{ROOT}{i}" for i in (1, 2, 3, 4)]


def test_resume_after_the_process_died(store_url):
    """Claimed-but-unsaved pages come back; saved ones neither come back nor duplicate."""
    with open_store(store_url) as store:
        scan_id = store.begin_scan(sample_run())
        store.enqueue(scan_id, [(f"{ROOT}{i}", "desktop", 1, ROOT) for i in range(4)])
        claimed = store.claim(scan_id, 2)
        store.save_page(scan_id, error_page(claimed[0].url))
    # the process "dies" here: no finish_scan, one page still in flight
    with open_store(store_url) as store:
        assert store.resume_scan(scan_id) == 1
        rest = store.claim(scan_id, 10)
        assert [item.url for item in rest] == [f"{ROOT}{i}" for i in (1, 2, 3)]
        for item in rest:
            store.save_page(scan_id, error_page(item.url))
        assert store.frontier_counts(scan_id) == _counts(done=4)
        assert sorted(p.url for p in store.iter_pages(scan_id)) == [f"{ROOT}{i}" for i in range(4)]


def test_documents_are_recorded_once_per_scan(store):
    scan_id = store.begin_scan(sample_run())
    assert store.add_document(scan_id, ROOT + "指南.pdf", ROOT)
    assert not store.add_document(scan_id, ROOT + "指南.pdf", ROOT + "other")
    assert store.add_document(scan_id, ROOT + "form.xlsx", None)
    assert [(d.url, d.found_on) for d in store.documents(scan_id)] == [
        (ROOT + "指南.pdf", ROOT), (ROOT + "form.xlsx", None)]


def test_attempts_are_counted_per_entry_and_survive_a_reopen(store_url):
    with open_store(store_url) as store:
        scan_id = store.begin_scan(sample_run())
        store.enqueue(scan_id, [(ROOT, "desktop", 0, None), (ROOT, "mobile", 0, None)])
        assert store.count_attempt(scan_id, ROOT, "desktop") == 1
        assert store.count_attempt(scan_id, ROOT, "desktop") == 2
        assert store.count_attempt(scan_id, ROOT + "never-queued", "desktop") == 0
    with open_store(store_url) as store:
        assert store.count_attempt(scan_id, ROOT, "desktop") == 3
        assert store.count_attempt(scan_id, ROOT, Viewport.MOBILE) == 1
        assert store.count_attempt(scan_id, ROOT, "desktop", -1) == 2  # taken back


def test_requeue_puts_one_entry_back_in_the_queue(store):
    scan_id = store.begin_scan(sample_run())
    store.enqueue(scan_id, [(ROOT, "desktop", 0, None), (ROOT + "a", "desktop", 1, ROOT)])
    store.claim(scan_id, 2)
    assert store.requeue(scan_id, ROOT + "a", "desktop")
    assert store.frontier_counts(scan_id) == _counts(queued=1, in_flight=1)
    assert [item.url for item in store.claim(scan_id, 2)] == [ROOT + "a"]


def _before(store_url: str, column: str, migration: str) -> int:
    """A store whose frontier (one entry, of a new scan: its id) lacks ``column``, as before
    ``migration``; opened again, it is migrated."""
    with open_store(store_url) as store:
        scan_id = store.begin_scan(sample_run(), options={})
        store.enqueue(scan_id, [(ROOT, "desktop", 0, None)])
        with store.engine.begin() as connection:
            connection.execute(text(f"ALTER TABLE frontier DROP COLUMN {column}"))
            connection.execute(delete(schema_migrations)
                               .where(schema_migrations.c.name == migration))
    return scan_id


def test_a_store_made_before_0014_migrates_its_frontier_with_no_attempts(store_url):
    scan_id = _before(store_url, "attempts", "0014_frontier_attempts")
    with open_store(store_url) as store:
        assert "0014_frontier_attempts" in store.migrations()
        assert store.frontier_counts(scan_id) == _counts(queued=1)
        assert store.count_attempt(scan_id, ROOT, "desktop") == 1


def _entries(store, scan_id: int, *urls: str, viewports=("desktop",)) -> None:
    store.enqueue(scan_id, [(url, viewport, 0, None) for url in urls for viewport in viewports])


def _page(url: str, final: str | None = None, viewport=Viewport.DESKTOP) -> PageResult:
    return PageResult(url=url, viewport=viewport, final_url=final or url, status=200)


def _stored(store, scan_id: int) -> list[tuple[str, str, str | None]]:
    return sorted((page.url, str(page.viewport), page.final_url)
                  for page in store.load_run(scan_id).pages)


def test_a_page_reached_under_its_url_or_final_url_in_its_viewport_is_not_saved_again(store):
    """The check and the save are one step: whichever of /old (ending at /news/1.html) and
    /news/1.html a worker saves first, the other finds it and is only done."""
    old, news = ROOT + "old", ROOT + "news/1.html"
    for first, second in (((old, news), (news, news)), ((news, news), (old, news))):
        scan_id = store.begin_scan(sample_run())
        _entries(store, scan_id, old, news, viewports=("desktop", "mobile"))
        assert store.save_crawled(scan_id, first[0], _page(*first), reached=first[::-1])
        redirected = "scanned" if second[0] == old else None
        assert not store.save_crawled(scan_id, second[0], _page(*second), reached=second,
                                      skipped_as=redirected)
        assert store.save_crawled(scan_id, second[0], _page(*second, viewport=Viewport.MOBILE),
                                  reached=second)  # another viewport
        assert _stored(store, scan_id) == sorted([(first[0], "desktop", news),
                                                  (second[0], "mobile", news)])
        assert store.frontier_counts(scan_id) == _counts(queued=1, done=3)
        redirects = (store.scan(scan_id).options or {}).get("redirects")
        assert redirects == (redirected and {redirected: {"count": 1, "examples": [old]}})


def test_a_save_waits_for_a_worker_saving_a_page_it_reaches(pg_url):
    """PostgreSQL, where workers write at once: another worker is saving /news/1.html (its
    transaction open) when this one saves /old, which ended there. This one waits for it,
    then finds that page and stores none (checked first and saved after, both were kept)."""
    old, news = ROOT + "old", ROOT + "news/1.html"
    with open_store(pg_url) as store, open_store(pg_url) as other:
        scan_id = store.begin_scan(sample_run())
        _entries(store, scan_id, old, news)
        with ThreadPoolExecutor(1) as pool:
            with writer(other.engine).begin() as connection:  # committed at the block's end
                _scans.lock_scan(connection, scan_id)
                _pages.save_page(connection, scan_id, _page(news))
                saving = pool.submit(store.save_crawled, scan_id, old, _page(old, news),
                                     reached=[news], skipped_as="scanned")
                while not (saving.done() or _waiting_on_a_lock(store)):
                    time.sleep(0.01)
            assert saving.result() is False
        assert _stored(store, scan_id) == [(news, "desktop", news)]
        assert store.scan(scan_id).options == {"redirects": {"scanned": {"count": 1,
                                                                          "examples": [old]}}}


def _waiting_on_a_lock(store) -> bool:
    with store.engine.connect() as connection:
        return bool(connection.scalar(text(
            "SELECT count(*) FROM pg_stat_activity WHERE wait_event_type = 'Lock' "
            "AND datname = current_database()")))


def test_a_page_saved_again_from_its_own_entry_replaces_itself(store):
    scan_id = store.begin_scan(sample_run())
    _entries(store, scan_id, ROOT + "old")
    for _ in range(2):  # e.g. after a resume
        assert store.save_crawled(scan_id, ROOT + "old", _page(ROOT + "old", ROOT + "news"),
                                  reached=[ROOT + "news"], skipped_as="scanned")
    assert _stored(store, scan_id) == [(ROOT + "old", "desktop", ROOT + "news")]
    assert store.scan(scan_id).options is None


def test_a_login_page_is_saved_once_and_every_address_behind_it_counted(store):
    scan_id = store.begin_scan(sample_run(), options={})
    protected = [ROOT + f"a{n}" for n in range(3)]
    _entries(store, scan_id, *protected, ROOT + "login")
    saved = [store.save_crawled(scan_id, url, _page(ROOT + "login", f"{ROOT}login?next=/a{n}"),
                                reached=[ROOT + "login"], counted_as="login")
             for n, url in enumerate(protected)]
    assert saved == [True, False, False]
    assert _stored(store, scan_id) == [(ROOT + "login", "desktop", ROOT + "login?next=/a0")]
    assert store.scan(scan_id).options == {"redirects": {"login": {"count": 3,
                                                                    "examples": protected}}}
    assert store.frontier_counts(scan_id) == _counts(done=4)  # the login page's own too


def test_redirects_are_remembered_once_per_address_and_keep_the_options(store):
    scan_id = store.begin_scan(sample_run(), options={"crawl": {"depth": 2}})
    _entries(store, scan_id, ROOT + "old", ROOT + "go", ROOT + "www")
    for url, why in ((ROOT + "old", "scanned"), (ROOT + "go", "left_site"),
                     (ROOT + "old", "scanned"), (ROOT + "www", "scanned")):
        store.note_redirect(scan_id, url, "desktop", why)
    assert store.scan(scan_id).options == {
        "crawl": {"depth": 2},
        "redirects": {"scanned": {"count": 2, "examples": [ROOT + "old", ROOT + "www"]},
                      "left_site": {"count": 1, "examples": [ROOT + "go"]}}}
    assert store.frontier_counts(scan_id) == _counts(done=3)


def test_a_crawl_lists_the_first_redirected_addresses_and_counts_the_rest(store):
    """Each address once, whichever viewport is noted first, past the examples kept too."""
    scan_id = store.begin_scan(sample_run(), options={})
    urls = [f"http://x/{n}" for n in range(REDIRECT_EXAMPLES + 30)]
    _entries(store, scan_id, *urls, viewports=("desktop", "mobile"))
    for viewport in ("mobile", "desktop"):
        for url in urls:
            store.note_redirect(scan_id, url, viewport, "scanned")
    kept = store.scan(scan_id).options["redirects"]["scanned"]
    assert kept["count"] == REDIRECT_EXAMPLES + 30
    assert kept["examples"] == urls[:REDIRECT_EXAMPLES]


def test_a_redirect_of_no_frontier_entry_is_refused(store):
    scan_id = store.begin_scan(sample_run(), options={})
    with pytest.raises(StoreError) as caught:
        store.note_redirect(scan_id, ROOT + "old", "desktop", "scanned")
    assert str(caught.value) == (f"no frontier entry {ROOT}old (desktop) of scan {scan_id} "
                                 "in DB")


def test_a_store_made_before_0016_migrates_its_frontier_with_no_redirects(store_url):
    scan_id = _before(store_url, "redirected", "0016_frontier_redirected")
    with open_store(store_url) as store:
        assert "0016_frontier_redirected" in store.migrations()
        store.note_redirect(scan_id, ROOT, "desktop", "login")
        assert store.scan(scan_id).options == {"redirects": {"login": {"count": 1,
                                                                        "examples": [ROOT]}}}
