"""`python -m bench.diff [STORE]`: the dashboard's diff of two rounds of the first target of a
district store (default: the full district ``bench.dashboard --district`` keeps), before (both
rounds' pages and findings read into ``audit.report.diff.diff_pages``, grouped in Python) and
after (``round_diff``: counted in SQL), alternating, the last two rounds and the first and last.
Prints the first call and the median of REPEAT more of each, in ms."""

from __future__ import annotations

import statistics
import sys
import time
from collections import Counter
from collections.abc import Callable
from typing import Any

from audit.dashboard import round_diff
from audit.report.diff import diff_pages
from audit.store import Store, open_store

STORE = "bench/out/district/district-50x12x2000x500.db"
REPEAT = 5


def before(store: Store, old: int, new: int) -> Any:
    diff = diff_pages(store.iter_pages(old), store.iter_pages(new))
    return [Counter(d.finding.rule for d in found)
            for found in (diff.new, diff.fixed, diff.persisting)]


def after(store: Store, target: str, old: int, new: int) -> Any:
    return round_diff(store, target, old, new)


def _ms(call: Callable[[], Any]) -> float:
    started = time.perf_counter()
    call()
    return (time.perf_counter() - started) * 1000


def main() -> None:
    with open_store(sys.argv[1] if len(sys.argv) > 1 else STORE) as store:
        target = store.targets()[0].name
        scans = [s.id for s in store.finished_scans() if s.target == target]
        print("| | before, 1st | after, 1st | before | after |\n|---|---|---|---|---|")
        print(_row(store, target, "last two rounds", scans[-2], scans[-1]))
        print(_row(store, target, "first and last round", scans[0], scans[-1]))


def _row(store: Store, target: str, label: str, old: int, new: int) -> str:
    calls = (lambda: before(store, old, new), lambda: after(store, target, old, new))
    times: list[list[float]] = [[], []]
    for _ in range(REPEAT + 1):
        for index, call in enumerate(calls):
            times[index].append(_ms(call))
    return (f"| {label} | {times[0][0]:,.0f} ms | {times[1][0]:,.0f} ms | "
            f"{statistics.median(times[0][1:]):,.0f} ms | "
            f"{statistics.median(times[1][1:]):,.0f} ms |")


if __name__ == "__main__":
    main()
