"""``a11y-audit run [a11y-audit.yml]``: crawl every target of a config file into the store."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from audit.cli.crawl import crawl_with_progress, summarise
from audit.cli.exitcodes import ExitCode
from audit.config import DEFAULT_FILE, Config, Target, load_config
from audit.errors import ScanFailed
from audit.store import Store, open_store
from audit.webscan.checks import CHECK_NAMES, parse_checks
from audit.webscan.crawler import CrawlSettings
from audit.webscan.scanner import ScanOptions, default_concurrency


@click.command(name="run")
@click.argument("config_file", required=False, type=click.Path(dir_okay=False, path_type=Path))
@click.option("--target", "names", multiple=True, metavar="NAME",
              help="Only these targets of the config (repeatable).")
@click.option("--db", metavar="PATH_OR_URL", envvar="A11Y_AUDIT_DB",
              help="Result store (default: the config's db, else ./a11y-audit.db).")
def command(config_file: Path | None, names: tuple[str, ...], db: str | None) -> None:
    """Crawl and scan every target of a config file (default ./a11y-audit.yml)."""
    config = load_config(config_file or Path(DEFAULT_FILE))
    targets = [config.target(name) for name in names] if names else list(config.targets)
    failed = []
    with open_store(db or config.db) as store:
        for target in targets:
            click.echo(f"== {target.name} ({target.department or 'no department'})", err=True)
            try:
                scan_id = _run_target(store, config, target)
            except ScanFailed as err:
                click.echo(f"error: {target.name}: {err}", err=True)
                failed.append(target.name)
                continue
            summarise(store, scan_id, exit_when_all_failed=False)
    if failed:
        click.echo(f"error: {len(failed)} target(s) could not be scanned: {', '.join(failed)}",
                   err=True)
        sys.exit(ExitCode.ENVIRONMENT)


def _run_target(store: Store, config: Config, target: Target) -> int:
    limits = target.limits(config.defaults)
    store.save_target(target.name, department=target.department,
                      settings=target.model_dump(mode="json"))  # ${SECRETS} stay placeholders
    settings = CrawlSettings(
        start_urls=target.start, include=target.include, exclude=target.exclude,
        max_pages=limits.max_pages, depth=limits.depth, viewports=limits.viewports,
        respect_robots=limits.respect_robots, sitemaps=limits.sitemaps, delay_s=limits.delay,
        login=tuple(step.model_dump(exclude_none=True) for step in target.login),
        headers=dict(target.headers))
    options = ScanOptions(engine=limits.engine, standard=limits.standard,
                          best_practice=limits.best_practice,
                          concurrency=limits.concurrency or default_concurrency(),
                          timeout_s=limits.timeout,
                          checks=CHECK_NAMES if limits.checks is None
                          else parse_checks(",".join(limits.checks)))
    return crawl_with_progress(store, settings, options, target.name, None)
