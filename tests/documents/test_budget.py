"""The soft limit a gatherer stops examining at: each kind of time against its own limit."""

from __future__ import annotations

import time

from audit.documents._budget import Budget


def test_time_spent_waiting_for_the_cpu_does_not_count_against_the_cpu_limit():
    """A busy machine stretches the wall clock, not the CPU a walk needs: a budget of CPU
    seconds is not spent by waiting (the hard CPU limit counts CPU too)."""
    budget = Budget(cpu_seconds=0.2, wall_seconds=60, max_pages=10)
    time.sleep(0.3)
    assert not budget.spent()


def test_the_cpu_budget_is_spent_by_work():
    budget = Budget(cpu_seconds=0.05, wall_seconds=60, max_pages=10)
    while time.process_time() - budget.cpu_started < 0.06:
        pass
    assert budget.spent()


def test_the_wall_budget_is_spent_by_waiting():
    budget = Budget(cpu_seconds=60, wall_seconds=0.1, max_pages=10)
    time.sleep(0.15)
    assert budget.spent()
