"""Rendering the report model with Jinja: one self-contained HTML file.

Templates are looked up in the user's ``--templates`` folder first, then in the bundled
reports/templates/. A user template can extend a bundled one by its prefixed name
(``{% extends "bundled:report.html.j2" %}``) instead of copying it. Autoescape is on for every
template: page titles, URLs, snippets and messages come from scanned pages and are hostile.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from jinja2 import (
    ChoiceLoader,
    Environment,
    FileSystemLoader,
    PrefixLoader,
    StrictUndefined,
    TemplateNotFound,
)
from markupsafe import Markup, escape

from audit.errors import ConfigError, UsageError
from audit.model import Severity
from audit.report.charts import report_charts
from audit.report.datafiles import reports_dir
from audit.report.i18n import Messages
from audit.report.notes import error_text, note_text, value_word
from audit.report.redirects import redirect_words
from audit.report.report_model import CRITERION_STATUSES, ITEM_OUTCOMES, Report
from audit.report.wording import RuleWords
from audit.standards import get_standard
from audit.terminal import BIDI_CONTROLS
from audit.webscan.checks.language import primary, script_language

_BIDI = re.compile(f"[{BIDI_CONTROLS}]")
MAIN_TEMPLATE = "report.html.j2"
BUNDLED_PREFIX = "bundled"
# The report's sections in order: the table of contents links to each (``#id``, titled by the
# text ``sections.<id>``); each is the block ``<id>`` of report.html.j2, which includes
# sections/<id>.html.j2, a <section id="<id>">. How to add one: docs/recipes.md.
REPORT_SECTIONS = ("cover", "summary", "web", "physical", "remediation", "changes", "method")


def bundled_templates() -> Path:
    return reports_dir() / "templates"


def environment(user_dir: Path | None = None) -> Environment:
    """The Jinja environment: user folder, then ``bundled:`` names, then the bundled folder."""
    if user_dir is not None and not user_dir.is_dir():
        raise UsageError(f"--templates {user_dir} is not a folder")
    bundled = FileSystemLoader(bundled_templates())
    loaders: list[Any] = [FileSystemLoader(user_dir)] if user_dir is not None else []
    loaders += [PrefixLoader({BUNDLED_PREFIX: bundled}, delimiter=":"), bundled]
    env = Environment(loader=ChoiceLoader(loaders), autoescape=True,
                      undefined=StrictUndefined, trim_blocks=True, lstrip_blocks=True,
                      keep_trailing_newline=True, finalize=_without_bidi_controls)
    return env


def _without_bidi_controls(value: Any) -> Any:
    """A value as shown, its bidirectional controls (from a page: a selector's U+202E shows
    the rest of its paragraph, the page's URL included, backwards) as U+FFFD."""
    if isinstance(value, Markup):
        return Markup(_BIDI.sub("\ufffd", value))  # one character for another: still safe
    return _BIDI.sub("\ufffd", value) if isinstance(value, str) else value


def render_html(report: Report, *, user_dir: Path | None = None,
                template: str = MAIN_TEMPLATE) -> str:
    """The report as one HTML document in the report's language."""
    msg = Messages(report.meta.lang, user_dir)
    env = environment(user_dir)
    env.globals.update(
        t=msg.t, title_of=msg.title, fmt_date=msg.date, words=RuleWords(msg),
        percent=msg.percent, number=msg.number, lang=msg.lang,
        severities=[str(s) for s in Severity],
        criterion_statuses=CRITERION_STATUSES, item_outcomes=ITEM_OUTCOMES,
        unassigned=msg.t("common.unassigned"), report_sections=REPORT_SECTIONS,
        standard_title=lambda standard_id: _standard_title(standard_id, msg),
        note_text=lambda note: note_text(note, msg),
        error_text=lambda error: error_text(error, msg) if error else error,
        source_name=lambda source: value_word("check", source, msg),
        redirect_words=lambda row: redirect_words(row, msg),
    )
    env.filters["own_lang"] = lambda text: own_lang(text, msg.lang)
    try:
        page = env.get_template(template)
    except TemplateNotFound as err:
        raise ConfigError(f"report template {err.name!r} not found", file=str(user_dir or
                                                                              "reports")) from err
    return page.render(report=report, meta=report.meta, summary=report.summary,
                       charts=report_charts(report, msg))


def _standard_title(standard_id: str, msg: Messages) -> str:
    try:
        return msg.title(get_standard(standard_id))
    except UsageError:
        return standard_id


def own_lang(text: Any, report_lang: str) -> Markup:
    """User-entered ``text`` (a note, a place) escaped, marked with its own ``lang`` when its
    script says it is not the report's language: a Chinese note in an English report is read
    in Chinese by a screen reader (WCAG 3.1.2)."""
    language = script_language(str(text))
    if language is None or language == primary(report_lang):
        return escape(text)
    return Markup('<span lang="{}">{}</span>').format(language, text)
