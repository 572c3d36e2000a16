"""Audit rounds: every target of a config file crawled as one scan each, then one report.

``queue_targets`` is what ``run --distributed`` and a scheduled round share: it records the
targets and starts a distributed crawl per target. ``write_round_report`` renders the
compliance report of a round's scans once none of them is running any more.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from audit.config import Config, Target, crawl_plan, record_target
from audit.i18n import lang_tag
from audit.store import Store
from audit.store.records import ScanStatus

if TYPE_CHECKING:
    from redis import Redis


def queue_targets(store: Store, redis: Redis, config: Config,
                  targets: list[Target] | None = None, *, scheduled: bool = False) -> list[int]:
    """Start a distributed crawl of each target (all of the config's by default);
    ``scheduled``: as a round of the schedule (incremental by default)."""
    from audit.distributed.coordinator import start_crawl

    scan_ids = []
    for target in targets if targets is not None else list(config.targets):
        record_target(store, target)
        settings, options = crawl_plan(config, target, scheduled=scheduled)
        scan_ids.append(start_crawl(store, redis, settings, options, target=target.name))
    return scan_ids


def round_over(store: Store, scan_ids: list[int]) -> bool:
    """Every scan of the round is finished (or was stopped): the report can be written."""
    from audit.distributed import frontier

    for scan_id in scan_ids:
        frontier.finish_if_complete(store, scan_id)
    return all(store.scan_status(scan_id) != ScanStatus.RUNNING
               for scan_id in scan_ids)


def write_round_report(store: Store, scan_ids: list[int], output: Path, *, lang: str,
                       round_name: str) -> Path:
    """The round's compliance report as HTML at ``output``."""
    from audit.report.assemble import ReportOptions, build_report
    from audit.report.html import render_html

    report = build_report(store, ReportOptions(lang=lang_tag(lang), scan_ids=tuple(scan_ids),
                                               round=round_name, image_base=output.parent))
    output.parent.mkdir(parents=True, exist_ok=True)
    partial = output.with_name(output.name + ".part")
    partial.write_text(render_html(report), encoding="utf-8")
    partial.replace(output)  # a reader never sees half a report
    return output
