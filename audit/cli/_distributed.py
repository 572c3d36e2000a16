"""Glue shared by the commands that talk to Celery workers (their options: ``options``)."""

from __future__ import annotations

import sys
from collections.abc import Sequence
from typing import TYPE_CHECKING

import click
from rich.console import Console

from audit.cli.exitcodes import ExitCode
from audit.clock import utc_now
from audit.distributed.endpoints import Endpoints
from audit.report.i18n import Messages
from audit.store import Store
from audit.webscan.scanner import ScanOptions
from audit.webscan.site_crawl import CrawlProgress, CrawlSettings

if TYPE_CHECKING:
    from redis import Redis


def connect(found: Endpoints) -> Redis:
    from redis import Redis

    from audit.distributed.app import app, configure

    configure(app, found)
    return Redis.from_url(found.redis_url)


def follow_with_progress(store: Store, redis: Redis, scan_ids: Sequence[int],
                         stall_s: float, msg: Messages) -> None:
    """Follow distributed scans, one log line a change on stderr."""
    from audit.distributed.coordinator import follow

    console = Console(stderr=True, highlight=False)
    last: list[tuple[int, int, int]] = []

    def show(progress: list[CrawlProgress]) -> None:
        now = [(p.done, p.queued, p.in_flight) for p in progress]
        if now != last:
            last[:] = now
            for p in progress:
                console.print(msg.t("cli.distributed_progress", id=p.scan_id, done=p.done,
                                    total=p.total, in_flight=p.in_flight, queued=p.queued))

    follow(store, redis, scan_ids, stall_s=stall_s, on_progress=show)


STALL_S = 900.0  # longer than the default visibility timeout: redelivery comes first


def crawl_distributed(store: Store, settings: CrawlSettings, options: ScanOptions,
                      target: str | None, resume_id: int | None, found: Endpoints,
                      wait: bool, msg: Messages) -> int:
    """Queue a crawl for the workers; with ``wait``, follow it until it is complete."""
    from kombu.utils.url import maybe_sanitize_url

    from audit.distributed.coordinator import resume_crawl, start_crawl

    redis = connect(found)
    try:
        scan_id = (resume_crawl(store, redis, resume_id) if resume_id is not None
                   else start_crawl(store, redis, settings, options, target=target))
        click.echo(msg.t("cli.distributed_queued", id=scan_id, store=store.name,
                         broker=maybe_sanitize_url(found.broker)), err=True)
        if wait:
            follow_interruptibly(store, redis, [scan_id], msg)
    finally:
        redis.close()
    return scan_id


def follow_interruptibly(store: Store, redis: Redis, scan_ids: Sequence[int],
                         msg: Messages) -> None:
    """Follow until complete; Ctrl-C marks the scans interrupted (workers then skip them)."""
    try:
        follow_with_progress(store, redis, scan_ids, STALL_S, msg)
    except KeyboardInterrupt:
        for scan_id in scan_ids:
            store.finish_scan(scan_id, finished_at=utc_now(), status="interrupted")
            click.echo(msg.t("cli.distributed_interrupted", id=scan_id), err=True)
        sys.exit(ExitCode.INTERRUPTED)
