"""``a11y-audit run [a11y-audit.yml]``: crawl every target of a config file into the store."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from audit.cli._distributed import connect, follow_interruptibly
from audit.cli.exitcodes import ExitCode
from audit.cli.options import (
    Report,
    endpoint_options,
    endpoints,
    gate_options,
    gate_settings,
    lang_option,
    profile_option,
    report_option,
    selected_profiles,
)
from audit.cli.outcome import finish, scanned, summarise
from audit.cli.progress import crawl_with_progress
from audit.config import DEFAULT_FILE, Config, Target, crawl_plan, load_config, record_target
from audit.distributed.endpoints import Endpoints
from audit.errors import ScanFailed
from audit.report.baseline import Baseline
from audit.report.gate import GateSettings
from audit.report.i18n import Messages
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
    config, targets = config_targets(config_file, names, profiles)
    gate = gate_settings(fail_on, max_violations, baseline_file, update_baseline)
    baseline = gate.load_baseline()
    if distributed:
        found = endpoints(broker, redis_url, db or config.db)
        with open_store(db or config.db) as store:
            _run_distributed(store, config, targets, found, wait=not no_wait, lang=lang)
        return
    code = run_targets(config, targets, db or config.db, gate, baseline, reports, lang)
    if code:
        sys.exit(code)


def config_targets(config_file: Path | None, names: tuple[str, ...],
                   profiles: tuple[str, ...]) -> tuple[Config, list[Target]]:
    """The config (with the ``--profile`` checks added) and the targets named (default all)."""
    config = load_config(config_file or Path(DEFAULT_FILE)).with_profiles(
        selected_profiles(profiles))
    return config, [config.target(name) for name in names] if names else list(config.targets)


def run_targets(config: Config, targets: list[Target], db: str | None, gate: GateSettings,
                baseline: Baseline | None, reports: tuple[Report, ...], lang: str) -> ExitCode:
    """Crawl each target into the store ``db`` here, one after the other; the exit code is the
    worst of the targets' (3 when a target could not be crawled at all or scanned nothing)."""
    failed, codes = [], [ExitCode.OK]
    msg = Messages(lang)
    with open_store(db) as store:
        for target in targets:
            click.echo(msg.t("cli.target", name=target.name,
                             department=target.department or msg.t("cli.no_department")),
                       err=True)
            try:
                record_target(store, target)
                settings, options = crawl_plan(config, target)
                scan_id = crawl_with_progress(store, settings, options, target.name, None,
                                              lang)
            except ScanFailed as err:
                click.echo(msg.t("cli.target_failed", name=target.name, error=err), err=True)
                failed.append(target.name)
                continue
            summarise(store, scan_id, lang, exit_when_all_failed=False)
            if gate.fail_on is not None or reports:
                mine = [(kind, _per_target(path, scan_id, len(targets))) for kind, path in reports]
                codes.append(finish(store.load_run(scan_id), gate, tuple(mine), baseline,
                                    lang=lang, summary_to_stderr=True))
            else:
                codes.append(scanned(store, scan_id, msg))
    if failed:
        click.echo(msg.t("cli.targets_failed", count=len(failed),
                         names=msg.t("scan.count_separator").join(failed)), err=True)
        return ExitCode.ENVIRONMENT
    return max(codes)


def _per_target(path: Path, scan_id: int, targets: int) -> Path:
    return path if targets == 1 else path.with_name(f"{path.stem}-{scan_id}{path.suffix}")


def _run_distributed(store: Store, config: Config, targets: list[Target], found: Endpoints,
                     wait: bool, lang: str) -> None:
    from audit.distributed.rounds import queue_targets

    msg = Messages(lang)
    redis = connect(found)
    try:
        scan_ids = queue_targets(store, redis, config, targets)
        click.echo(msg.t("cli.queued_scans", ids=", ".join(map(str, scan_ids)), store=store.name),
                   err=True)
        if not wait:
            click.echo(msg.t("cli.follow_scans"))
            return
        follow_interruptibly(store, redis, scan_ids, msg)
    finally:
        redis.close()
    for scan_id in scan_ids:
        summarise(store, scan_id, lang, exit_when_all_failed=False)
