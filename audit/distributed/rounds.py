"""Audit rounds: every target of a config file crawled as one scan each, then one report.

``target_crawl`` turns a config target into crawl settings (for ``run``, local or not);
``queue_targets`` is what ``run --distributed`` and a scheduled round share: it records the
targets and starts a distributed crawl per target. ``write_round_report`` renders the
compliance report of a round's scans once none of them is running any more.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from audit.config import Config, Target
from audit.i18n import lang_tag
from audit.store import Store
from audit.store.records import ScanStatus
from audit.webscan.checks import CHECK_NAMES, parse_checks, with_profiles
from audit.webscan.crawler import CrawlSettings
from audit.webscan.scanner import ScanOptions, default_concurrency

if TYPE_CHECKING:
    from redis import Redis


def target_crawl(config: Config, target: Target) -> tuple[CrawlSettings, ScanOptions]:
    """What crawling ``target`` means: its limits over the config's defaults."""
    limits = target.limits(config.defaults)
    settings = CrawlSettings(
        start_urls=target.start, include=target.include, exclude=target.exclude,
        max_pages=limits.max_pages, depth=limits.depth, viewports=limits.viewports,
        respect_robots=limits.respect_robots, sitemaps=limits.sitemaps, delay_s=limits.delay,
        per_host=limits.per_host, documents=limits.documents,
        max_document_mb=limits.max_document_mb, max_documents=limits.max_documents,
        login=tuple(step.model_dump(exclude_none=True) for step in target.login),
        headers=dict(target.headers))
    checks = CHECK_NAMES if limits.checks is None else parse_checks(",".join(limits.checks))
    options = ScanOptions(engine=limits.engine, standard=limits.standard,
                          best_practice=limits.best_practice,
                          concurrency=limits.concurrency or default_concurrency(),
                          timeout_s=limits.timeout, settle_s=limits.settle_limit,
                          screenshots=limits.screenshots,
                          checks=with_profiles(checks, limits.profiles))
    return settings, options


def record_target(store: Store, target: Target) -> None:
    store.save_target(target.name, department=target.department,
                      settings=target.model_dump(mode="json"))  # ${SECRETS} stay placeholders


def queue_targets(store: Store, redis: Redis, config: Config,
                  targets: list[Target] | None = None) -> list[int]:
    """Start a distributed crawl of each target (all of the config's by default)."""
    from audit.distributed.coordinator import start_crawl

    scan_ids = []
    for target in targets if targets is not None else list(config.targets):
        record_target(store, target)
        settings, options = target_crawl(config, target)
        scan_ids.append(start_crawl(store, redis, settings, options, target=target.name))
    return scan_ids


def round_over(store: Store, scan_ids: list[int]) -> bool:
    """Every scan of the round is finished (or was stopped): the report can be written."""
    from audit.distributed import frontier

    for scan_id in scan_ids:
        frontier.finish_if_complete(store, scan_id)
    return all(frontier.scan_status(store, scan_id) != ScanStatus.RUNNING
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
