"""The marks of a long crawl's memory (bench.memory, bench.distributed --memory): each taken
once, the first time the count of pages reaches it; a count that moves in steps (a
distributed crawl is read from the store every half second) takes the highest it passed."""

from __future__ import annotations

from bench.memory import next_mark


def test_a_mark_is_taken_once_when_reached():
    taken: dict[int, object] = {}
    assert next_mark(99, taken) is None
    assert next_mark(100, taken) == 100
    taken[100] = 100
    assert next_mark(101, taken) is None
    assert next_mark(500, taken) == 500


def test_a_count_that_passed_several_marks_takes_the_highest():
    taken: dict[int, object] = {100: 100}
    assert next_mark(2_040, taken) == 2_000
    taken[2_000] = 2_040
    assert next_mark(2_999, taken) is None
    assert next_mark(10_000, taken) == 10_000
