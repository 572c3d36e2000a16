"""What a command says on stderr about the files it wrote, in the user's language."""

from __future__ import annotations

from pathlib import Path

import click

from audit.report.i18n import Messages


def say_written(lang: str, *paths: Path) -> None:
    """"wrote report.html" (or "已写入 report.html"): every path, comma-separated."""
    msg = Messages(lang)
    click.echo(msg.t("cli.wrote", path=msg.t("scan.count_separator").join(map(str, paths))),
               err=True)
