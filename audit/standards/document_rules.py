"""The document checks' rules and their words (``data/document-rules.yaml``).

One file in the shape of the rule catalogue's files, so it can move into the catalogue as it
is; until then this module loads it, validates it (criteria known, zh and en ask for the same
``{fields}``) and answers lookups. GB/T 37668-2019 has no clause on documents: the clauses a
rule names are cited by analogy only.
"""

from __future__ import annotations

import string
from functools import cache
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints

from audit.errors import ConfigError
from audit.standards._data import DATA_DIR
from audit.standards.criteria import criterion, level_of
from audit.yamlfile import load_yaml, validate_model

FILE = "document-rules.yaml"
RuleId = Annotated[str, StringConstraints(pattern=r"^[a-z][a-z0-9-]{0,63}$")]
Text = Annotated[str, StringConstraints(min_length=1)]


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Words(_Model):
    zh: Text
    en: Text

    def get(self, lang: str) -> str:
        return self.zh if lang.lower().startswith("zh") else self.en


class GbtReference(_Model):
    clauses: tuple[str, ...] = Field(min_length=1)
    confirmed: bool


class DocumentRule(_Model):
    id: str = ""
    check: Literal["documents"]
    wcag: tuple[str, ...] = Field(min_length=1)
    gbt37668: GbtReference | None = None
    impact: Literal["critical", "serious", "moderate", "minor"]
    help_url: Annotated[str, StringConstraints(pattern=r"^https://\S+$")]
    settings: dict[str, Any] = Field(default_factory=dict)  # thresholds the check uses
    affects: tuple[str, ...] = Field(min_length=1)
    title: Words
    why: Words
    fix: Words
    messages: dict[str, Words] = Field(min_length=1)

    @property
    def level(self) -> str | None:
        return level_of(self.wcag)

    def message(self, key: str, lang: str = "en", /, **facts: object) -> str:
        """The message ``key`` in ``lang`` with ``{fields}`` filled from ``facts``."""
        return self.messages[key].get(lang).format(**facts)


class _RuleFile(_Model):
    source: Literal["document"]
    rules: dict[RuleId, DocumentRule]


@cache
def document_rules() -> dict[str, DocumentRule]:
    """Every document rule by id; ConfigError (file, key, what) when the file does not hold."""
    path = DATA_DIR / FILE
    data = validate_model(load_yaml(path, display=f"audit/standards/data/{FILE}"), _RuleFile)
    rules = {}
    for rule_id, rule in data.rules.items():
        _check(rule_id, rule)
        rules[rule_id] = rule.model_copy(update={"id": rule_id})
    return rules


def document_rule(rule_id: str) -> DocumentRule:
    """The rule ``rule_id``; KeyError naming it when there is none."""
    try:
        return document_rules()[rule_id]
    except KeyError:
        raise KeyError(f"no document rule {rule_id!r} in {FILE}") from None


def _check(rule_id: str, rule: DocumentRule) -> None:
    where = f"rules.{rule_id}"
    for number in rule.wcag:
        try:
            criterion(number)
        except KeyError as err:
            raise ConfigError(str(err.args[0]), file=FILE, key=f"{where}.wcag") from None
    for key, words in rule.messages.items():
        if _fields(words.zh) != _fields(words.en):
            raise ConfigError("zh and en must ask for the same {fields}", file=FILE,
                              key=f"{where}.messages.{key}")


def _fields(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}
