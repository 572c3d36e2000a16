"""``a11y-audit run [a11y-audit.yml]``: crawl every target of a config file into the store."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from audit.cli._distributed import connect, endpoint_options, endpoints, follow_interruptibly
from audit.cli.ci import Report, finish, gate_options, gate_settings, report_option
from audit.cli.crawl import crawl_with_progress, summarise
from audit.cli.exitcodes import ExitCode
from audit.cli.options import lang_option, profile_option, selected_profiles
from audit.config import DEFAULT_FILE, Config, Target, load_config
from audit.distributed.endpoints import Endpoints
from audit.distributed.rounds import record_target, target_crawl
from audit.errors import ScanFailed
from audit.store import Store, open_store


@click.command(name="run")
@click.argument("config_file", required=False, type=click.Path(dir_okay=False, path_type=Path))
@click.option("--target", "names", multiple=True, metavar="NAME",
              help="Only these targets of the config (repeatable).")
@click.option("--db", metavar="PATH_OR_URL", envvar="A11Y_AUDIT_DB",
              help="Result store (default: the config's db, else ./a11y-audit.db).")
@click.option("--distributed", is_flag=True,
              help="Queue every target for `a11y-audit worker` processes (a shared --db).")
@click.option("--no-wait", is_flag=True, help="With --distributed: return once queued.")
@profile_option
@endpoint_options
@gate_options(default_fail_on=None)
@report_option
@lang_option
def command(config_file: Path | None, names: tuple[str, ...], db: str | None,
            distributed: bool, no_wait: bool, profiles: tuple[str, ...], broker: str,
            redis_url: str | None, fail_on: str | None, max_violations: int | None,
            baseline_file: Path | None, update_baseline: bool,
            reports: tuple[Report, ...], lang: str) -> None:
    """Crawl and scan every target of a config file (default ./a11y-audit.yml).

    With a gate flag (--fail-on, --max-violations, --baseline) each target's scan is judged and
    the exit code is the worst of them; --report files are written per target (KIND=FILE gets
    the target's scan id before its suffix when there are several targets).
    """
    config = load_config(config_file or Path(DEFAULT_FILE)).with_profiles(
        selected_profiles(profiles))
    targets = [config.target(name) for name in names] if names else list(config.targets)
    gate = gate_settings(fail_on, max_violations, baseline_file, update_baseline)
    baseline = gate.load_baseline()
    failed, codes = [], [ExitCode.OK]
    if distributed:
        found = endpoints(broker, redis_url, db or config.db)
        with open_store(db or config.db) as store:
            _run_distributed(store, config, targets, found, wait=not no_wait, lang=lang)
        return
    with open_store(db or config.db) as store:
        for target in targets:
            click.echo(f"== {target.name} ({target.department or 'no department'})", err=True)
            try:
                scan_id = _run_target(store, config, target)
            except ScanFailed as err:
                click.echo(f"error: {target.name}: {err}", err=True)
                failed.append(target.name)
                continue
            summarise(store, scan_id, lang, exit_when_all_failed=False)
            if gate.fail_on is not None or reports:
                mine = [(kind, _per_target(path, scan_id, len(targets))) for kind, path in reports]
                codes.append(finish(store.load_run(scan_id), gate, tuple(mine), baseline,
                                    lang=lang, summary_to_stderr=True))
    if failed:
        click.echo(f"error: {len(failed)} target(s) could not be scanned: {', '.join(failed)}",
                   err=True)
        sys.exit(ExitCode.ENVIRONMENT)
    if max(codes):
        sys.exit(max(codes))


def _per_target(path: Path, scan_id: int, targets: int) -> Path:
    return path if targets == 1 else path.with_name(f"{path.stem}-{scan_id}{path.suffix}")


def _run_target(store: Store, config: Config, target: Target) -> int:
    record_target(store, target)
    settings, options = target_crawl(config, target)
    return crawl_with_progress(store, settings, options, target.name, None)


def _run_distributed(store: Store, config: Config, targets: list[Target], found: Endpoints,
                     wait: bool, lang: str) -> None:
    from audit.distributed.rounds import queue_targets

    redis = connect(found)
    try:
        scan_ids = queue_targets(store, redis, config, targets)
        click.echo(f"queued scans {', '.join(map(str, scan_ids))} in {store.name}", err=True)
        if not wait:
            click.echo("follow them with: a11y-audit show SCAN_ID --watch")
            return
        follow_interruptibly(store, redis, scan_ids)
    finally:
        redis.close()
    for scan_id in scan_ids:
        summarise(store, scan_id, lang, exit_when_all_failed=False)
