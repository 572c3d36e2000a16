"""The rule catalogue: every rule a finding can name, as data (``data/rules/*.yaml``).

One entry per rule id, whatever reports it: axe-core, one of our own checks, a profile
(``--profile elderly``), a site-level check, or (later) a document check. An entry holds what
the rule tests (WCAG criteria, or a clause of another specification), the GB/T 37668 clauses it
evidences, its usual impact, who is affected, and its words in Chinese and English: title, why
it matters, how to fix it, a short before/after example, and the per-element messages of our
own rules with ``{fields}`` filled from the finding's facts. axe-core's per-element messages in
Chinese are kept per axe check in ``data/rules/axe-checks.yaml``.

Findings store rule ids and facts, not words: reports look the words up here when they are
rendered, so a scan stored before a wording change is shown with the new words.

A rule file::

    source: check              # axe | check | profile | site | document
    rules:
      keyboard-trap:
        check: keyboard        # the --checks name that reports it (not for axe)
        wcag: [2.1.2]
        gbt37668: {clauses: [3.3.3.2], confirmed: false}
        impact: critical
        affects: [visual, motor]
        title: {zh: 键盘焦点被困, en: Keyboard focus is trapped}
        why: {zh: ..., en: ...}
        fix: {zh: ..., en: ...}
        example: {before: ..., after: ...}   # optional
        help_url: https://...                # optional: else WCAG's Understanding page
        messages:                            # own rules: one entry per kind of finding
          stuck: {zh: "焦点在 {names} 之间循环……", en: "Keyboard focus cannot leave {names} ..."}
        settings: {min_px: 18}               # profile rules: what the check measures against
"""

from __future__ import annotations

import string
from enum import StrEnum
from functools import cache
from pathlib import Path
from typing import Annotated, Any, Literal

from pydantic import Field, StringConstraints

from audit.i18n import Words
from audit.standards._data import DATA_DIR, DataModel, load, located
from audit.standards.criteria import criterion, level_of, understanding_url
from audit.standards.gbt37668 import ClauseNumber, CriterionNumber, clause
from audit.yamlfile import PathKey, YamlDoc, load_yaml, validate_model

RULES_DIR = DATA_DIR / "rules"
AXE_CHECKS_FILE = "axe-checks.yaml"

RuleId = Annotated[str, StringConstraints(pattern=r"^[a-z][a-z0-9-]{0,63}$")]
Impact = Literal["critical", "serious", "moderate", "minor"]
Url = Annotated[str, StringConstraints(pattern=r"^https?://\S+$")]
Code = Annotated[str, StringConstraints(min_length=1)]


class Source(StrEnum):
    AXE = "axe"
    CHECK = "check"  # one of our own checks (--checks)
    PROFILE = "profile"  # a check that a profile adds (--profile elderly)
    SITE = "site"  # judged across the pages of a scan
    DOCUMENT = "document"  # a check of a published PDF or Office document
    SCANNER = "scanner"  # the scanner saying what it could not check on a page


class Group(StrEnum):
    """Who a failure keeps out (the report names them: 视障、听障、肢体、认知、老年用户)."""

    VISUAL = "visual"
    HEARING = "hearing"
    MOTOR = "motor"
    COGNITIVE = "cognitive"
    ELDERLY = "elderly"


class Example(DataModel):
    """Markup before and after the fix; code, the same in every language."""

    before: Code
    after: Code


class GbtReference(DataModel):
    """The GB/T 37668-2019 indicators a rule gives evidence on. ``confirmed: false``: the
    correspondence is ours, not checked against the standard's official text."""

    clauses: tuple[ClauseNumber, ...] = Field(min_length=1)
    confirmed: bool


class SpecReference(DataModel):
    """A clause of another specification (``data/specs.yaml``) that a profile rule tests."""

    spec: str
    clause: str
    confirmed: bool


class Rule(DataModel):
    id: str = ""  # the key in its file
    source: Source = Source.AXE  # the file's
    check: str | None = None
    wcag: tuple[CriterionNumber, ...] = ()
    gbt37668: GbtReference | None = None
    spec: SpecReference | None = None
    impact: Impact
    affects: tuple[Group, ...] = Field(min_length=1)
    title: Words
    why: Words
    fix: Words
    example: Example | None = None
    help_url: Url | None = None
    messages: dict[str, Words] = Field(default_factory=dict)
    settings: dict[str, Any] = Field(default_factory=dict)

    @property
    def level(self) -> str | None:
        """The lowest WCAG level among its criteria; None for a rule of no criterion."""
        return level_of(self.wcag)

    @property
    def link(self) -> str:
        """Where to read more: its own help URL, else the Understanding page of its first
        criterion, else nothing (axe-core's findings carry their own)."""
        if self.help_url:
            return self.help_url
        return understanding_url(self.wcag[0]) if self.wcag else ""


class _RuleFile(DataModel):
    source: Source
    rules: dict[RuleId, Rule]


Variants = str | dict[str, str]


class AxeCheckWords(DataModel):
    """The Chinese of one axe-core check's messages, keyed like axe-core's own: a text, or a
    text per variant (``default``, ``singular``/``plural``, or the check's message keys)."""

    fail: Variants | None = None
    incomplete: Variants | None = None


class AxeChecks(DataModel):
    """``data/rules/axe-checks.yaml``: Chinese for axe-core's per-check messages (English is
    axe-core's own, recorded with each finding), and the words around them."""

    axe_version: str
    failure_summaries: dict[Literal["any", "all"], Words]
    incomplete_fallback: Words
    unrecorded: Words  # a finding stored before per-element facts were kept
    checks: dict[str, AxeCheckWords]
    # axe-core's own English words among a check's facts, in Chinese: field, value, word
    data_words: dict[str, dict[str, str]] = {}


@cache
def catalogue() -> dict[str, Rule]:
    """Every rule by id; ConfigError (file, line, what) for anything that does not hold."""
    found: dict[str, Rule] = {}
    for path in sorted(RULES_DIR.glob("*.yaml")):
        if path.name == AXE_CHECKS_FILE:
            continue
        doc = load_yaml(path, display=_display(path))
        data = validate_model(doc, _RuleFile)
        for rule_id, rule in data.rules.items():
            if rule_id in found:
                raise located(doc, ("rules", rule_id), f"rule {rule_id} is also in another file")
            found[rule_id] = rule.model_copy(update={"id": rule_id, "source": data.source})
            _check_rule(doc, found[rule_id])
    return found


@cache
def axe_checks() -> AxeChecks:
    path = RULES_DIR / AXE_CHECKS_FILE
    return validate_model(load_yaml(path, display=_display(path)), AxeChecks)


def rule(rule_id: str) -> Rule | None:
    """The catalogue's entry for ``rule_id``; None for a rule it does not know (a rule of a
    newer axe-core given with --axe-script)."""
    return catalogue().get(rule_id)


def rules_of(source: Source) -> list[Rule]:
    return [item for item in catalogue().values() if item.source is source]


def check_criteria(check: str) -> tuple[str, ...]:
    """Every criterion the rules of own check ``check`` can report, in spec order."""
    numbers = {n for item in catalogue().values() if item.check == check for n in item.wcag}
    return tuple(sorted(numbers, key=lambda n: tuple(map(int, n.split(".")))))


def rule_criteria(rule_id: str) -> tuple[str, ...]:
    found = rule(rule_id)
    return found.wcag if found else ()


def fields(text: str) -> set[str]:
    """The ``{field}`` names a text asks for."""
    return {name.split(".")[0].split("[")[0] for _, name, _, _ in string.Formatter().parse(text)
            if name}


def _check_rule(doc: YamlDoc, item: Rule) -> None:
    where: PathKey = ("rules", item.id)
    for number in item.wcag:
        try:
            criterion(number)
        except KeyError as err:
            raise located(doc, (*where, "wcag"), str(err.args[0])) from None
    for number in item.gbt37668.clauses if item.gbt37668 else ():
        try:
            found = clause(number)
        except KeyError as err:
            raise located(doc, (*where, "gbt37668"), str(err.args[0])) from None
        if not found.web:
            raise located(doc, (*where, "gbt37668"), f"{number} is a clause for apps, not web")
    if item.spec and item.spec.spec not in (load("specs.yaml").get("specs") or {}):
        raise located(doc, (*where, "spec"), f"no specification {item.spec.spec!r} in specs.yaml")
    if (item.source is Source.AXE) == (item.check is not None):
        raise located(doc, where, "a rule names the check that reports it, unless it is axe's")
    for key, words in item.messages.items():
        if fields(words.zh) != fields(words.en):
            raise located(doc, (*where, "messages", key),
                         f"zh asks for {sorted(fields(words.zh))}, en for "
                         f"{sorted(fields(words.en))}: both must use the same fields")


def _display(path: Path) -> str:
    return f"audit/standards/data/rules/{path.name}"
