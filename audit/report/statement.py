"""The draft accessibility statement (无障碍声明) of one target, from its latest finished scan.

Honest by construction: the status is ``known-failures`` when the scan found violations and
``no-automated-failures`` otherwise — never "conforms", because automated checks find only a
part of WCAG failures; the statement says so and lists the success criteria no automated check
covered. Known barriers are the scan's violations grouped by rule, each with the date its fix
is planned by (the remediation policy's days per severity from the statement's date, as the
report's remediation plan has it). Contact details not given stay as visible blanks to fill in.

Rendered by ``statement.html.j2`` from the report templates (a ``--templates`` folder may hold
its own, or extend ``bundled:statement.html.j2``); words in reports/i18n under ``statement``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import urlsplit

from jinja2 import TemplateNotFound

from audit import __version__
from audit.errors import ConfigError, UsageError
from audit.i18n import lang_tag
from audit.model import Severity
from audit.report.assemble import ReportOptions, build_report
from audit.report.html import environment
from audit.report.i18n import Messages
from audit.report.report_model import NOT_CHECKED, CriterionRow, WebSection
from audit.report.wording import RuleWords
from audit.standards import get_standard
from audit.store import Store

TEMPLATE = "statement.html.j2"
KNOWN_FAILURES = "known-failures"
NO_AUTOMATED_FAILURES = "no-automated-failures"


@dataclass(frozen=True)
class StatementOptions:
    lang: str = "zh-CN"
    organisation: str | None = None  # who publishes it; the target's department if None
    email: str | None = None
    phone: str | None = None
    feedback_url: str | None = None
    generated_at: str | None = None  # ISO 8601; now when None
    templates: Path | None = None


@dataclass(frozen=True)
class Barrier:
    rule: str
    impact: str
    wcag: list[str]
    elements: int
    pages: int
    planned: str  # ISO date the fix is planned by


@dataclass
class Statement:
    target: str
    organisation: str | None
    lang: str
    status: str  # KNOWN_FAILURES or NO_AUTOMATED_FAILURES
    standard: str  # the scan's standard id, e.g. "wcag22aa"
    scan: WebSection
    prepared_on: str  # ISO date
    reviewed_on: str  # ISO date of the scan
    barriers: list[Barrier] = field(default_factory=list)
    failing_criteria: list[CriterionRow] = field(default_factory=list)
    not_checked: list[CriterionRow] = field(default_factory=list)
    email: str | None = None
    phone: str | None = None
    feedback_url: str | None = None


def build_statement(store: Store, target: str, options: StatementOptions) -> Statement:
    """The statement of ``target``; UsageError when it has no finished scan."""
    lang = lang_tag(options.lang)
    if options.feedback_url and urlsplit(options.feedback_url).scheme not in ("http", "https"):
        raise UsageError(f"feedback URL {options.feedback_url!r} is not an http(s) address")
    prepared = options.generated_at or datetime.now(UTC).isoformat(timespec="seconds")
    report = build_report(store, ReportOptions(lang=lang, targets=(target,),
                                               generated_at=prepared,
                                               templates=options.templates))
    section = report.web[0]
    planned = {(item.title, item.impact): item.deadline for plan in report.remediation
               for item in plan.items if item.kind == "web"}
    barriers = [Barrier(g.rule, g.impact, list(g.wcag), g.count, len(g.pages),
                        planned[(g.rule, g.impact)]) for g in section.violations]
    barriers.sort(key=lambda b: (Severity(b.impact).rank, b.planned, -b.pages, b.rule))
    return Statement(
        target=target, lang=lang,
        organisation=options.organisation or (section.department or None),
        status=KNOWN_FAILURES if barriers else NO_AUTOMATED_FAILURES,
        standard=section.standard, scan=section, prepared_on=prepared[:10],
        reviewed_on=(section.finished_at or section.started_at or prepared)[:10],
        barriers=barriers,
        failing_criteria=[c for c in section.criteria if c.violations],
        not_checked=[c for c in section.criteria if c.status == NOT_CHECKED],
        email=options.email, phone=options.phone, feedback_url=options.feedback_url)


def render_statement(statement: Statement, *, user_dir: Path | None = None) -> str:
    """The statement as one HTML document in its language."""
    msg = Messages(statement.lang, user_dir)
    env = environment(user_dir)
    env.globals.update(t=msg.t, words=RuleWords(msg), lang=msg.lang,
                       standard_title=msg.title(get_standard(statement.standard)),
                       tool=f"a11y-audit {__version__}")
    try:
        page = env.get_template(TEMPLATE)
    except TemplateNotFound as err:
        raise ConfigError(f"statement template {err.name!r} not found",
                          file=str(user_dir or "reports")) from err
    return page.render(s=statement)
