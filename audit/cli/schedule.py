"""``a11y-audit schedule CONFIG``: audit rounds of a config's targets on a schedule."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import click

from audit.cli.options import endpoint_options, endpoints, lang_option
from audit.config import DEFAULT_FILE, load_config
from audit.errors import UsageError


@click.command(name="schedule")
@click.argument("config_file", required=False, type=click.Path(dir_okay=False, path_type=Path))
@click.option("--cron", metavar="'M H DOM MON DOW'",
              help="When rounds start, e.g. '0 2 1 * *' (02:00 on the 1st of each month).")
@click.option("--every", "every_s", type=click.FloatRange(1), metavar="SECONDS",
              help="Start a round every SECONDS instead (tests, trials).")
@click.option("--target", "names", multiple=True, metavar="NAME",
              help="Only these targets of the config (repeatable).")
@click.option("--reports", type=click.Path(file_okay=False, path_type=Path),
              default=Path("reports-out"), show_default=True,
              help="Folder (on the workers) for each round's report, round-<start>.html.")
@lang_option
@click.option("--timezone", default="UTC", show_default=True, help="Of the --cron times.")
@click.option("--state", type=click.Path(dir_okay=False, path_type=Path),
              default=Path("a11y-audit-beat"), show_default=True,
              help="Celery beat's file of when each round last ran.")
@click.option("--poll", "poll_s", type=click.FloatRange(0.5), default=10.0, show_default=True,
              help="Seconds between looks at whether a round is complete.")
@endpoint_options
def command(config_file: Path | None, cron: str | None, every_s: float | None,
            names: tuple[str, ...], reports: Path, lang: str, timezone: str, state: Path,
            poll_s: float, broker: str, redis_url: str | None) -> None:
    """Run Celery beat: start a round of audits on a schedule; workers do the rounds."""
    from audit.distributed.schedule import parse_cron, round_entry, run_beat

    if (cron is None) == (every_s is None):
        raise UsageError("give either --cron 'M H DOM MON DOW' or --every SECONDS")
    config = load_config(config_file or Path(DEFAULT_FILE))
    try:
        when = parse_cron(cron) if cron else timedelta(seconds=every_s or 0)
    except ValueError as err:
        raise UsageError(str(err)) from err
    entry = round_entry(config, when, reports=reports, names=names, lang=lang, poll_s=poll_s)
    run_beat(endpoints(broker, redis_url, None), entry, state=state, timezone=timezone)


if __name__ == "__main__":
    command()
