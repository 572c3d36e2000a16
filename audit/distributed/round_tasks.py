"""The Celery tasks of ``a11y-audit schedule``: start a round, report it once it is over."""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

from audit.clock import utc_now
from audit.config import Config
from audit.distributed.app import app
from audit.distributed.rounds import queue_targets, round_over, write_round_report
from audit.distributed.tasks import runtime

log = logging.getLogger(__name__)

START_ROUND = "a11y_audit.start_round"
FINISH_ROUND = "a11y_audit.finish_round"
ROUND_POLL_S = 10.0


@app.task(name=START_ROUND, bind=True, acks_late=True)
def start_round(self: Any, config: dict[str, Any], names: list[str], reports: str,
                lang: str = "zh", poll_s: float = ROUND_POLL_S) -> list[int]:
    """Queue a crawl of every target (or the named ones); report when all are done.

    Delivered again after a worker died, it does not start the round a second time."""
    worker = runtime()
    key = f"a11y:round:{self.request.id}"
    known = worker.redis.get(key)  # bytes, unless a client decodes answers
    if known is not None:
        listed = known.decode() if isinstance(known, bytes) else known
        scan_ids = [int(n) for n in listed.split(",") if n]
    else:
        parsed = Config.model_validate(config)
        targets = [parsed.target(name) for name in names] if names else None
        scan_ids = queue_targets(worker.store, worker.redis, parsed, targets, scheduled=True)
        worker.redis.set(key, ",".join(map(str, scan_ids)), ex=90 * 86400)
    stamp = utc_now().replace("+00:00", "Z").replace(":", "")
    output = str(Path(reports) / f"round-{stamp}.html")
    finish_round.apply_async((scan_ids, output, lang, stamp, poll_s), countdown=poll_s)
    return scan_ids


@app.task(name=FINISH_ROUND, acks_late=True)
def finish_round(scan_ids: list[int], output: str, lang: str, round_name: str,
                 poll_s: float = ROUND_POLL_S) -> str:
    """Write the round's report once its scans are over; else look again in ``poll_s``."""
    worker = runtime()
    if not round_over(worker.store, scan_ids):
        finish_round.apply_async((scan_ids, output, lang, round_name, poll_s),
                                 countdown=poll_s)
        return "waiting"
    path = write_round_report(worker.store, scan_ids, Path(output), lang=lang,
                              round_name=round_name)
    log.info("round %s: report %s", round_name, path)
    return str(path)
