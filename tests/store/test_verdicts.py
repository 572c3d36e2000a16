"""The dashboard's verdicts kept in the store (migration 0011): kept and read back as given,
replaced, dropped with their inspection, and a store made before 0011 migrates with nothing
else changed."""

from __future__ import annotations

from sqlalchemy import func, select

from audit.store import FacilityInfo, KeptVerdict, StoredAnswer, open_store
from audit.store.tables import answers, change_log, inspections, metadata
from tests.store.samples import as_before

VERDICT = {"shown": True, "checked": 4, "failed": [["revolving_only", "critical", []]],
           "error": None}


def inspected(store, rounds: int = 2) -> list[int]:
    store.save_facility(FacilityInfo(code="FAC-1", name="图书馆", department="区文旅局"))
    made = []
    for number in range(1, rounds + 1):
        made.append(store.create_inspection("FAC-1", "gb55019-doors", "2025.2", round=number,
                                            status="approved"))
        store.save_answer(made[-1], StoredAnswer("revolving_only", "yes"))
    return made


def verdict(inspection: int, mark: int | None = 1, **changed) -> KeptVerdict:
    return KeptVerdict(inspection, mark, "2026-01-01T00:00:00+00:00", "abc", "2026-01-02",
                       {**VERDICT, **changed})


def test_verdicts_are_kept_as_given_and_replaced(store):
    first, second = inspected(store)
    store.keep_verdicts([verdict(first), verdict(second, None)])
    assert store.kept_verdicts([first, second, 999]) == {
        first: verdict(first), second: verdict(second, None)}
    store.keep_verdicts([verdict(first, 7, checked=3)])
    assert store.kept_verdicts([first]) == {first: verdict(first, 7, checked=3)}
    assert store.kept_verdicts([]) == {}


def test_a_verdict_of_an_inspection_deleted_meanwhile_is_left_out(store):
    (first,) = inspected(store, rounds=1)
    store.keep_verdicts([verdict(first), verdict(first + 100)])
    assert list(store.kept_verdicts([first, first + 100])) == [first]


def test_a_store_made_before_0011_migrates_with_nothing_else_changed(store_url):
    with open_store(store_url) as store:
        inspected(store)
        before = counts(store)
        as_before(store, "0011_verdicts", "inspection_verdicts")
    with open_store(store_url) as store:
        assert "0011_verdicts" in store.migrations()
        assert counts(store) == before
        with store.engine.connect() as connection:
            kept = metadata.tables["inspection_verdicts"]
            assert connection.scalar(select(func.count()).select_from(kept)) == 0


def counts(store) -> tuple[int, ...]:
    with store.engine.connect() as connection:
        return tuple(connection.scalar(select(func.count()).select_from(table))
                     for table in (inspections, answers, change_log))
