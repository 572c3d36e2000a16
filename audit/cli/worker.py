"""``a11y-audit worker``: a Celery worker that scans the pages of distributed crawls."""

from __future__ import annotations

import click

from audit.cli.options import endpoint_options, endpoints
from audit.distributed.endpoints import DEFAULT_VISIBILITY_S
from audit.webscan.scanner import default_concurrency


@click.command(name="worker")
@endpoint_options
@click.option("--db", metavar="URL", envvar="A11Y_AUDIT_DB", required=True,
              help="The store every worker and the coordinator share: postgresql://... "
                   "(env A11Y_AUDIT_DB).")
@click.option("--concurrency", type=click.IntRange(1, 64), default=default_concurrency,
              show_default="CPU count", help="Pages at once (tabs of this worker's browser).")
@click.option("--visibility-timeout", "visibility_s", type=click.IntRange(5), metavar="SECONDS",
              default=DEFAULT_VISIBILITY_S, show_default=True,
              help="Redis broker: a page unacknowledged this long goes to another worker.")
@click.option("--hostname", metavar="NAME", help="Celery node name (default celery@HOST).")
@click.option("--loglevel", default="INFO", show_default=True)
def command(broker: str, redis_url: str | None, db: str, concurrency: int, visibility_s: int,
            hostname: str | None, loglevel: str) -> None:
    """Scan pages of distributed crawls (`crawl --distributed`, `run --distributed`)."""
    from audit.distributed.worker import run_worker

    run_worker(endpoints(broker, redis_url, db, visibility_s), concurrency=concurrency,
               loglevel=loglevel, hostname=hostname)


if __name__ == "__main__":
    command()
