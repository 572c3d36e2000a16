"""Options that several commands share (scan, ci, crawl, run, show, report ...), declared once."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

import click

from audit.i18n import CHOICES, ENV_VAR, default_lang, short
from audit.model import BROWSER_VIEWPORTS
from audit.standards import DEFAULT_STANDARD, STANDARD_IDS
from audit.webscan.checks import CHECK_NAMES, PROFILES, parse_checks, parse_profiles, with_profiles
from audit.webscan.engines import ENGINES
from audit.webscan.scanner import default_concurrency
from audit.webscan.settle import DEFAULT_SETTLE_S

F = TypeVar("F", bound=Callable[..., Any])


# Ids of stored scans and inspections: positive, and within the store's integer columns
# (32 bits in PostgreSQL), so that a mistyped id is "no such id", never a database error.
STORED_ID = click.IntRange(1, 2**31 - 1)


def _all(*decorators: Callable[[F], F]) -> Callable[[F], F]:
    def apply(function: F) -> F:
        for decorator in reversed(decorators):
            function = decorator(function)
        return function
    return apply


url_arguments = _all(
    click.argument("urls", nargs=-1),
    click.option("--urls", "url_file", type=click.Path(dir_okay=False, path_type=Path),
                 help="Read URLs from FILE, one per line (# starts a comment)."),
)

standard_options = _all(
    click.option("--standard", type=click.Choice(STANDARD_IDS), default=DEFAULT_STANDARD,
                 show_default=True, help="WCAG version and level to test against."),
    click.option("--best-practice", is_flag=True,
                 help="Also run axe-core's best-practice rules."),
)

viewport_option = click.option(
    "--viewport", type=click.Choice([v.value for v in BROWSER_VIEWPORTS]), default="desktop",
    show_default=True, help="desktop (1280x800) or mobile (390x844 phone emulation).")

engine_options = _all(
    click.option("--engine", type=click.Choice(ENGINES), default="playwright",
                 show_default=True),
    click.option("--remote", "remote_url", metavar="URL",
                 help="Selenium Grid (or chromedriver) URL, with --engine selenium."),
)

pace_options = _all(
    click.option("--concurrency", type=click.IntRange(1, 64), default=default_concurrency,
                 show_default="CPU count", help="Pages scanned at once."),
    click.option("--timeout", "timeout_s", type=click.FloatRange(1, 600), default=30.0,
                 show_default=True,
                 help="Seconds allowed per page to load (and to answer at all); axe-core then "
                      "has up to 180 s and each own check 90 s."),
    click.option("--settle-limit", "settle_s", type=click.FloatRange(0, 120),
                 default=DEFAULT_SETTLE_S, show_default=True,
                 help="Seconds a page may take to settle (network and DOM quiet, fonts loaded) "
                      "before axe-core and the own checks run; 0: no waiting."),
)

profile_option = click.option(
    "--profile", "profiles", metavar="NAME", multiple=True,
    help=f"Add the checks of a profile ({', '.join(PROFILES)}; repeatable or comma-separated). "
         "elderly: MIIT's elderly-friendly (适老化) specifications, reported by their clauses, "
         "not as WCAG failures.")

checks_options = _all(
    click.option("--checks", metavar="LIST", default=",".join(CHECK_NAMES), show_default=True,
                 help="Own checks to run after axe-core, comma-separated."),
    click.option("--no-checks", is_flag=True, help="Run axe-core only, none of the own checks."),
    profile_option,
)


def selected_profiles(profiles: tuple[str, ...]) -> tuple[str, ...]:
    """The profile names of repeated and comma-separated ``--profile`` values."""
    return parse_profiles(",".join(profiles))


def selected_checks(checks: str, no_checks: bool, profiles: tuple[str, ...]) -> tuple[str, ...]:
    """The own checks to run: ``--checks`` (none with ``--no-checks``) and the profiles'."""
    return with_profiles(() if no_checks else parse_checks(checks), selected_profiles(profiles))


lang_option = click.option(
    "--lang", type=click.Choice(CHOICES), default=lambda: short(default_lang()),
    show_default=f"${ENV_VAR}, else $LANG if Chinese or English, else zh",
    help="Language of the words for people: text output, reports, CI formats.")
