"""``a11y-audit doctor``: what is installed, and what to install when something is missing."""

from __future__ import annotations

import platform
import sqlite3
import sys
from importlib.metadata import PackageNotFoundError, version

import click
from rich.console import Console
from rich.table import Table

from audit import __version__
from audit.errors import AuditError
from audit.webscan.axe import load_axe
from audit.webscan.browser import binary_version, find_browser, find_chromedriver
from audit.webscan.fonts import cjk_fonts

Row = tuple[str, str, bool]  # what, value, ok


@click.command(name="doctor")
def command() -> None:
    """Print versions and paths of everything a11y-audit uses (paste it into bug reports)."""
    table = Table(show_header=False, box=None)
    problems = 0
    for what, value, ok in _rows():
        problems += not ok
        table.add_row(what, value if ok else f"[red]{value}[/red]")
    console = Console()
    console.print(table)
    console.print("[green]everything is in place[/green]" if not problems else
                  f"[yellow]{problems} problem(s); run `a11y-audit setup` or follow the hints"
                  "[/yellow]")


def _rows() -> list[Row]:
    return [
        ("a11y-audit", __version__, True),
        ("Python", f"{sys.version.split()[0]} ({platform.platform()})", True),
        ("SQLite", sqlite3.sqlite_version, True),
        *_browser_rows(),
        _axe_row(),
        ("Playwright", _package_version("playwright"), True),
        ("Selenium", _package_version("selenium"), True),
        _font_row(),
    ]


def _browser_rows() -> list[Row]:
    try:
        browser = find_browser()
    except AuditError as err:
        return [("browser", str(err), False), ("chromedriver", "not checked", False)]
    rows = [("browser", f"{browser.path} ({browser.origin}), {browser.version}", True)]
    try:
        driver = find_chromedriver(browser)
        rows.append(("chromedriver", f"{driver}, {binary_version(driver)}", True))
    except AuditError as err:
        rows.append(("chromedriver", f"{err} (needed by --engine selenium only)", False))
    return rows


def _axe_row() -> Row:
    try:
        axe = load_axe()
    except AuditError as err:
        return ("axe-core", str(err), False)
    return ("axe-core", f"{axe.version} ({axe.path})", True)


def _font_row() -> Row:
    fonts = cjk_fonts()
    if fonts:
        return ("CJK fonts", ", ".join(fonts[:4]), True)
    return ("CJK fonts", "none found: install fonts-noto-cjk (Debian/Ubuntu) so reports "
            "and screenshots show Chinese", False)


def _package_version(name: str) -> str:
    try:
        return version(name)
    except PackageNotFoundError:
        return "not installed"
