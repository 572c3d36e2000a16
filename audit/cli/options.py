"""Options that several commands share (scan, ci, crawl, run, show, report ...), declared once,
and what their values mean to the library (``selected_checks``, ``gate_settings``,
``wants_store``, ``crawl_plan_options``)."""

from __future__ import annotations

import functools
import os
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar, cast

import click
from click.core import ParameterSource

from audit.distributed.endpoints import DEFAULT_BROKER, Endpoints
from audit.errors import UsageError
from audit.i18n import CHOICES, ENV_VAR, default_lang, short
from audit.model import BROWSER_VIEWPORTS, Severity, Viewport
from audit.report.gate import GateSettings
from audit.report.i18n import Messages
from audit.report.writers import REPORT_KINDS
from audit.standards import DEFAULT_STANDARD, STANDARD_IDS
from audit.store import ENV_VAR as DB_ENV_VAR
from audit.textfile import read_text
from audit.webscan.blocking import default_blocked_hosts
from audit.webscan.checks import CHECK_NAMES, PROFILES, parse_checks, parse_profiles, with_profiles
from audit.webscan.engines import ENGINES
from audit.webscan.incremental import DEFAULT_MAX_AGE_DAYS
from audit.webscan.scanner import ScanOptions, default_concurrency
from audit.webscan.settle import DEFAULT_SETTLE_S
from audit.webscan.site_crawl import CrawlSettings
from audit.webscan.url_input import check_url, read_url_file

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


def collect_urls(urls: tuple[str, ...], url_file: Path | None) -> list[str]:
    """The URLs given as arguments and in ``--urls FILE``, checked, without duplicates."""
    targets = [check_url(url) for url in urls]
    if url_file:
        targets += read_url_file(read_text(url_file), str(url_file))
    if not targets:
        raise UsageError("no URL to scan: give URLs as arguments or --urls FILE")
    return list(dict.fromkeys(targets))


def check_remote(engine: str, remote_url: str | None, lang: str) -> None:
    """--remote without --engine selenium: a usage error before the store or browser opens."""
    if remote_url and engine != "selenium":
        raise UsageError(Messages(lang).t("cli.remote_selenium_only"))


# --- reports and the gate ----------------------------------------------------------------------

Report = tuple[str, Path]


_REPORT_SUFFIXES = {"junit": "xml", "codequality": "json", "markdown": "md"}  # else the kind


class ReportTarget(click.ParamType):
    """``KIND=FILE`` for ``--report``, e.g. ``junit=reports/a11y.xml``."""

    name = "KIND=FILE"

    def convert(self, value: Any, param: click.Parameter | None,
                ctx: click.Context | None) -> Report:
        if isinstance(value, tuple):
            return value
        kind, sep, file = str(value).partition("=")
        if not sep or not file:
            self.fail(f"{value!r} is not KIND=FILE (e.g. junit=a11y-junit.xml)", param, ctx)
        if kind not in REPORT_KINDS:
            self.fail(f"unknown report kind {kind!r}; choose one of: {', '.join(REPORT_KINDS)}",
                      param, ctx)
        if Path(file).is_dir():  # refused now, not after an hour of crawling
            example = Path(file) / f"a11y-audit.{_REPORT_SUFFIXES.get(kind, kind)}"
            self.fail(f"{file!r} is a folder; name the report file, e.g. {kind}={example}",
                      param, ctx)
        return kind, Path(file)


def report_option(function: Callable[..., Any]) -> Callable[..., Any]:
    """Adds ``--report KIND=FILE`` (repeatable) as the ``reports`` parameter."""
    return click.option(
        "--report", "reports", type=ReportTarget(), multiple=True,
        help=f"Write a report; KIND is one of {', '.join(REPORT_KINDS)}. Repeatable.",
    )(function)


def gate_options(function: Callable[..., Any] | None = None, *,
                 default_fail_on: Severity | None = Severity.SERIOUS) -> Any:
    """Adds --fail-on, --max-violations, --baseline and --update-baseline.

    ``@gate_options`` gates by default at serious (``ci``); ``@gate_options(default_fail_on=None)``
    gates only when one of the flags is given (``scan``, ``crawl``): see ``gate_settings``.
    """
    if function is None:
        return lambda wrapped: gate_options(wrapped, default_fail_on=default_fail_on)
    if default_fail_on is None:
        fail_on_help = ("Fail (exit 1) on violations of this impact or worse. Without it and "
                        "without --max-violations/--baseline there is no gate.")
    else:
        fail_on_help = "Fail on violations of this impact or worse."
    return _all(
        click.option("--fail-on", type=click.Choice([s.value for s in Severity]),
                     default=default_fail_on and default_fail_on.value,
                     show_default=default_fail_on is not None, help=fail_on_help),
        click.option("--max-violations", type=click.IntRange(min=0), metavar="N",
                     help="Allow up to N violations at --fail-on or worse (default 0)."),
        click.option("--baseline", "baseline_file", metavar="FILE",
                     type=click.Path(dir_okay=False, path_type=Path),
                     help="Accepted findings (YAML): matching findings do not fail the gate."),
        click.option("--update-baseline", is_flag=True,
                     help="Write --baseline FILE accepting today's violations at --fail-on or "
                          "worse, keeping the reasons and expiry dates of entries that match."),
    )(function)


def gate_settings(fail_on: str | None, max_violations: int | None, baseline_file: Path | None,
                  update_baseline: bool) -> GateSettings:
    """The gate asked for by ``gate_options``' values (see ``GateSettings.asked``)."""
    return GateSettings.asked(fail_on, max_violations, baseline_file, update_baseline)


# --- the store -----------------------------------------------------------------------------------

_DB_HELP = "Store the results in this SQLite file or postgresql://USER@HOST/DB URL"


def db_options(*, stores_by_default: bool = True) -> Callable[[Callable[..., Any]], Any]:
    """``--db PATH_OR_URL`` (the ``db`` parameter); with ``stores_by_default`` also
    ``--no-store`` (``no_store``)."""
    def decorate(function: Callable[..., Any]) -> Any:
        if stores_by_default:
            function = click.option("--no-store", is_flag=True,
                                    help="Do not store the results.")(function)
            help_text = f"{_DB_HELP} [default: ${DB_ENV_VAR}, else ./a11y-audit.db]."
        else:
            help_text = f"{_DB_HELP} [default: ${DB_ENV_VAR} if set, else not stored]."
        return click.option("--db", metavar="PATH_OR_URL", help=help_text)(function)
    return decorate


def wants_store(db: str | None, no_store: bool = False, *, by_default: bool = True) -> bool:
    """Whether to store: yes by default (``scan``), or only when asked (``ci``)."""
    if no_store and db:
        raise UsageError("--no-store and --db exclude each other")
    if no_store:
        return False
    return by_default or db is not None or bool(os.environ.get(DB_ENV_VAR))


# --- Celery workers ------------------------------------------------------------------------------

def endpoint_options(function: Callable[..., Any]) -> Callable[..., Any]:
    """``--broker`` and ``--redis``."""
    function = click.option(
        "--redis", "redis_url", metavar="URL", envvar="A11Y_AUDIT_REDIS",
        help="Redis for the per-host limits shared by all workers [default: the broker, "
             "when it is Redis; env A11Y_AUDIT_REDIS].")(function)
    return click.option(
        "--broker", metavar="URL", envvar="A11Y_AUDIT_BROKER", default=DEFAULT_BROKER,
        show_default=True,
        help="Celery broker: redis://HOST:6379/N or amqp://USER:PASS@HOST:5672// "
             "(env A11Y_AUDIT_BROKER).")(function)


def endpoints(broker: str, redis_url: str | None, db: str | None,
              visibility_timeout_s: int | None = None) -> Endpoints:
    """The workers' broker, Redis and store; a usage error when there is no Redis."""
    found = Endpoints(broker=broker, redis=redis_url, db=db)
    if visibility_timeout_s is not None:
        found = Endpoints(broker, redis_url, db, visibility_timeout_s)
    try:
        found.redis_url  # noqa: B018 - checks that there is one
    except ValueError as err:
        raise UsageError(str(err)) from err
    return found


# --- a crawl -------------------------------------------------------------------------------------

CrawlPlan = tuple[CrawlSettings, ScanOptions]


def _param_names(*decorators: Callable[[F], F]) -> list[str]:
    """The names of the click parameters ``decorators`` declare, in order."""
    def blank() -> None:  # only the click params hung on it are read
        return None

    probe: Any = _all(*decorators)(cast(Any, blank))
    return [param.name for param in probe.__click_params__]


def _option_group(name: str, build: Callable[..., Any],
                  *decorators: Callable[[F], F]) -> Callable[[F], F]:
    """Options that reach the command as one parameter ``name``: ``build(**their values)``.
    The options, their order and their help are those of ``decorators``."""
    names = _param_names(*decorators)

    def apply(function: F) -> F:
        @functools.wraps(function)
        def command(*args: Any, **kwargs: Any) -> Any:
            kwargs[name] = build(**{key: kwargs.pop(key) for key in names})
            return function(*args, **kwargs)
        return _all(*decorators)(command)  # type: ignore[arg-type]
    return apply


def _crawl_plan(*, max_pages: int, depth: int, include: tuple[str, ...],
                exclude: tuple[str, ...], viewports: tuple[str, ...], ignore_robots: bool,
                no_sitemaps: bool, delay: float, per_host: int, no_documents: bool,
                no_templates: bool, incremental: bool, max_age_days: float,
                block_hosts: tuple[str, ...], no_blocking: bool, max_document_mb: float,
                max_documents: int, standard: str,
                best_practice: bool, engine: str, remote_url: str | None, concurrency: int,
                timeout_s: float, settle_s: float, checks: str, no_checks: bool,
                profiles: tuple[str, ...],
                screenshots: int) -> CrawlPlan:
    """The crawl the options of ``crawl`` ask for; its start URLs are given apart."""
    settings = CrawlSettings(
        start_urls=(), include=include, exclude=exclude, max_pages=max_pages, depth=depth,
        viewports=tuple(Viewport(v) for v in viewports) or (Viewport.DESKTOP,),
        respect_robots=not ignore_robots, sitemaps=not no_sitemaps, delay_s=delay,
        per_host=per_host, documents=not no_documents, max_document_mb=max_document_mb,
        max_documents=max_documents, templates=not no_templates, incremental=incremental,
        max_age_days=max_age_days)
    options = ScanOptions(standard=standard, best_practice=best_practice, engine=engine,
                          remote_url=remote_url, concurrency=concurrency, timeout_s=timeout_s,
                          settle_s=settle_s,
                          checks=selected_checks(checks, no_checks, profiles),
                          screenshots=screenshots,
                          blocked_hosts=() if no_blocking else
                          (*default_blocked_hosts(), *block_hosts))
    return settings, options


_CRAWL_PLAN_OPTIONS = (
    click.option("--max-pages", type=click.IntRange(1), default=500, show_default=True),
    click.option("--depth", type=click.IntRange(0), default=5, show_default=True,
                 help="Links to follow from a start page (sitemap pages count as start pages)."),
    click.option("--include", multiple=True, metavar="GLOB",
                 help="Only pages whose path matches, e.g. '/zwgk/*' (repeatable)."),
    click.option("--exclude", multiple=True, metavar="GLOB",
                 help="Skip pages whose path matches, e.g. '*/print/*' (repeatable; wins)."),
    click.option("--viewport", "viewports", multiple=True,
                 type=click.Choice([v.value for v in BROWSER_VIEWPORTS]),
                 help="desktop and/or mobile (repeatable; default desktop)."),
    click.option("--ignore-robots", is_flag=True,
                 help="Ignore robots.txt (sites you own only)."),
    click.option("--no-sitemaps", is_flag=True, help="Do not read sitemap.xml."),
    click.option("--delay", type=click.FloatRange(0, 60), default=0.0, show_default=True,
                 help="Seconds between requests to one host."),
    click.option("--per-host", type=click.IntRange(1, 16), default=2, show_default=True,
                 help="Requests to one host at once."),
    click.option("--no-documents", is_flag=True,
                 help="Record the PDF/Office documents found without checking them."),
    click.option("--no-templates", is_flag=True,
                 help="Scan every page whole, shared template regions (banner, menu, footer) "
                      "included; by default they are scanned on the first pages they appear "
                      "on and their results replayed on the others."),
    click.option("--incremental", is_flag=True,
                 help="Carry forward the findings of pages unchanged (HTML, stylesheets, "
                      "scripts) since the last complete crawl of this target with the same "
                      "options, instead of rendering them again."),
    click.option("--max-age", "max_age_days", type=click.FloatRange(0, 3650),
                 default=DEFAULT_MAX_AGE_DAYS, show_default=True, metavar="DAYS",
                 help="With --incremental: check a page in full anyway when its last full "
                      "check is this old or older (0: every page)."),
    click.option("--block-host", "block_hosts", multiple=True, metavar="HOST",
                 help="Also refuse scripts and beacons from HOST and its subdomains (besides "
                      "the bundled list of analytics trackers such as 百度统计 and CNZZ)."),
    click.option("--no-blocking", is_flag=True,
                 help="Load every request, third-party trackers included."),
    click.option("--max-document-mb", type=click.FloatRange(0.01, 2048), default=50.0,
                 show_default=True, help="Do not download documents larger than this."),
    click.option("--max-documents", type=click.IntRange(0), default=500, show_default=True,
                 help="Check at most this many documents (apart from --max-pages)."),
    standard_options,
    engine_options,
    pace_options,
    checks_options,
    click.option("--screenshots", type=click.IntRange(0, 100), default=5, show_default=True,
                 help="Element screenshots of up to N violations per page (0: none)."),
)
crawl_plan_options = _option_group("plan", _crawl_plan, *_CRAWL_PLAN_OPTIONS)
# what ``crawl --resume`` takes from its command line; the rest is the stored crawl's
_RESUMED_PLAN = frozenset(_param_names(*_CRAWL_PLAN_OPTIONS)) - {"concurrency", "screenshots",
                                                                 "remote_url"}


def refuse_changed_plan(ctx: click.Context, start_urls: tuple[str, ...], lang: str) -> None:
    """``crawl --resume`` goes on as the crawl was started: UsageError naming the start URLs
    and crawl options typed with it (they would be ignored)."""
    msg = Messages(lang)
    typed = [param.opts[0] for param in ctx.command.params
             if param.name in _RESUMED_PLAN
             and ctx.get_parameter_source(param.name) is ParameterSource.COMMANDLINE]
    left_out = ([msg.t("cli.resume_start_urls")] if start_urls else []) + typed
    if left_out:
        raise UsageError(msg.t("cli.resume_changed_plan",
                               left_out=msg.t("common.list_separator").join(left_out)))
