"""``a11y-audit setup``: install a browser, chromedriver and Chinese fonts if missing."""

from __future__ import annotations

import click

from audit.webscan.install import ensure_installed


@click.command(name="setup")
def command() -> None:
    """Install what scanning needs (Chromium, chromedriver, CJK fonts) when it is missing."""
    ensure_installed(lambda line: click.echo(line, err=True))
