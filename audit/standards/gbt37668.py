"""GB/T 37668-2019's indicators (``data/gbt37668.yaml``) and their WCAG counterparts.

Reports cite the national standard next to WCAG: a rule names its clauses in the rule catalogue,
and the per-criterion table lists the clauses whose intent matches a success criterion. Every
such correspondence is an analyst's reading (the standard publishes no table), so reports show
it as unconfirmed.
"""

from __future__ import annotations

from enum import StrEnum
from functools import cache
from typing import Annotated, Literal

from pydantic import StringConstraints

from audit.i18n import Words
from audit.standards._data import DATA_DIR, DataModel, located
from audit.standards.criteria import criterion
from audit.yamlfile import load_yaml, validate_model

STANDARD = "GB/T 37668-2019"
_FILE = "gbt37668.yaml"

ClauseNumber = Annotated[str, StringConstraints(pattern=r"^3\.[2-5]\.[1-4]\.[1-9][0-9]?$")]
CriterionNumber = Annotated[str, StringConstraints(pattern=r"^[1-4]\.[1-9]\.[1-9][0-9]?$")]


class Scope(StrEnum):
    WEB = "web"
    APP = "app"


class Clause(DataModel):
    """One indicator: 3.2.1.4 非文本内容, level 2, web and app, close to WCAG 1.1.1."""

    clause: ClauseNumber
    title: Words
    level: Literal[1, 2, 3]
    scope: tuple[Scope, ...]
    wcag: tuple[CriterionNumber, ...]
    relation: Literal["=", "≈", "~", "-"]
    note: Words | None = None

    @property
    def web(self) -> bool:
        return Scope.WEB in self.scope

    def label(self, lang: str) -> str:
        """"3.2.1.4 非文本内容" in the words of ``lang``."""
        return f"{self.clause} {self.title.get(lang)}"


class _File(DataModel):
    clauses: tuple[Clause, ...]


@cache
def all_clauses() -> dict[str, Clause]:
    """Every indicator by clause number, in the standard's order; ConfigError (file, line) for a
    malformed file, a clause listed twice or a WCAG number that WCAG 2 does not have."""
    doc = load_yaml(DATA_DIR / _FILE, display=f"audit/standards/data/{_FILE}")
    data = validate_model(doc, _File)
    found: dict[str, Clause] = {}
    for index, item in enumerate(data.clauses):
        where = ("clauses", index)
        if item.clause in found:
            raise located(doc, where, f"clause {item.clause} is listed twice")
        for number in item.wcag:
            try:
                criterion(number)
            except KeyError as err:
                raise located(doc, (*where, "wcag"), str(err.args[0])) from None
        found[item.clause] = item
    return found


def clause(number: str) -> Clause:
    """The indicator numbered ``number``; KeyError if the standard has none."""
    try:
        return all_clauses()[number]
    except KeyError:
        raise KeyError(f"{STANDARD} has no indicator {number!r}") from None


@cache
def clauses_for_criterion(number: str) -> tuple[Clause, ...]:
    """The web indicators whose intent matches or overlaps WCAG criterion ``number``."""
    return tuple(item for item in all_clauses().values() if item.web and number in item.wcag)
