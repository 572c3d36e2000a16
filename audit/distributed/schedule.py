"""Scheduled audit rounds: Celery beat sends ``start_round`` on a cron-like schedule.

A worker runs the round: it queues a distributed crawl of every target of the config, and a
``finish_round`` task that looks every ``poll_s`` seconds whether all of the round's scans are
over, then renders the round's report (HTML) into the reports folder, named after the round's
start (``round-2026-12-01T020000Z.html``). Only one beat may run per broker.
"""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path
from typing import Any

from celery.schedules import crontab

from audit.config import Config
from audit.distributed.app import app, configure
from audit.distributed.endpoints import Endpoints
from audit.distributed.round_tasks import ROUND_POLL_S, START_ROUND

ENTRY = "a11y-audit round"


def parse_cron(expression: str) -> crontab:
    """``minute hour day-of-month month day-of-week``, e.g. ``0 2 1 * *`` (the 1st, 02:00)."""
    fields = expression.split()
    if len(fields) != 5:
        raise ValueError(f"a cron schedule has 5 fields (minute hour day month weekday), "
                         f"not {len(fields)}: {expression!r}")
    minute, hour, day, month, weekday = fields
    return crontab(minute=minute, hour=hour, day_of_month=day, month_of_year=month,
                   day_of_week=weekday)


def round_entry(config: Config, schedule: crontab | timedelta, *, reports: Path,
                names: tuple[str, ...] = (), lang: str = "zh",
                poll_s: float = ROUND_POLL_S) -> dict[str, Any]:
    """The beat entry that starts a round of ``config``'s targets (or the named ones)."""
    for name in names:
        config.target(name)  # an unknown name fails now, not at the first round
    payload = config.model_dump(mode="json", by_alias=True)
    return {"task": START_ROUND, "schedule": schedule,
            "args": (payload, list(names), str(reports.resolve()), lang, poll_s)}


def run_beat(endpoints: Endpoints, entry: dict[str, Any], *, state: Path,
             timezone: str = "UTC", loglevel: str = "INFO") -> None:
    """Run the scheduler until stopped."""
    configure(app, endpoints)
    app.conf.update(beat_schedule={ENTRY: entry}, timezone=timezone)
    app.Beat(schedule=str(state), loglevel=loglevel, max_interval=60).run()
