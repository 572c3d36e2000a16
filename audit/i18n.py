"""Languages and translated words, one module for reports, the command line and the field app.

Two languages: ``zh-CN`` (the default) and ``en``. Whatever a user types or an environment
says ("zh", "zh_CN.UTF-8", "en-GB") becomes one of the two tags by ``lang_tag``, here and
nowhere else; data files that carry both languages side by side use the short keys ``zh`` and
``en`` (``short``).

Words live in YAML files, nested mappings with ``{name}`` fields, looked up by dotted keys
(``Messages.t("scan.rules_heading", count=3)``). Each part of the program loads its own files (the
report from reports/i18n/ with a user's override laid on them, the field app from
audit/fieldapp/i18n/ through ``load_words``) and hands the mapping to ``Messages``. A key that
is missing is an error (``MissingText``), never a silent fallback to the key or to the other
language: a test loads every bundled file and compares the keys of the two languages.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator, Mapping
from pathlib import Path
from typing import Annotated, Any

import yaml
from pydantic import BaseModel, ConfigDict, StringConstraints

from audit.errors import ConfigError, UsageError
from audit.yamlfile import load_data

LANGUAGES: tuple[str, ...] = ("zh-CN", "en")
DEFAULT_LANG = "zh-CN"
CHOICES: tuple[str, ...] = ("zh", "en")  # what --lang accepts
ENV_VAR = "A11Y_AUDIT_LANG"


def lang_tag(text: str) -> str:
    """"zh", "zh-cn", "zh_CN", "zh-Hans" -> "zh-CN"; "en", "en-GB" -> "en"; UsageError else."""
    found = _known(text)
    if found is None:
        raise UsageError(f"unknown language {text!r}; choose zh or en")
    return found


def short(lang: str) -> str:
    """The key data files use for ``lang``: "zh" or "en"."""
    return "zh" if lang_tag(lang) == "zh-CN" else "en"


def pick(lang: str, zh: str, en: str) -> str:
    """``zh`` or ``en``, whichever ``lang`` asks for."""
    return zh if lang_tag(lang) == "zh-CN" else en


def default_lang(environ: Mapping[str, str] | None = None) -> str:
    """The language when none is asked for: $A11Y_AUDIT_LANG, then the locale in $LANG if it
    is Chinese or English, else zh-CN. A value of $A11Y_AUDIT_LANG we do not know is an error;
    a $LANG of another language (C.UTF-8, de_DE) is passed over."""
    env = os.environ if environ is None else environ
    chosen = env.get(ENV_VAR, "").strip()
    if chosen:
        try:
            return lang_tag(chosen)
        except UsageError:
            raise UsageError(f"${ENV_VAR}={chosen!r} is not a language we have; "
                             "set it to zh or en") from None
    locale = env.get("LANG", "").split(".")[0].split("@")[0]
    return _known(locale) or DEFAULT_LANG


def best_lang(accepted: Iterable[str]) -> str:
    """The first language we have of a browser's Accept-Language list, else the default."""
    for wanted in accepted:
        found = _known(wanted)
        if found is not None:
            return found
    return DEFAULT_LANG


def load_words(path: Path) -> dict[str, Any]:
    """A words file: a nested mapping of texts (ConfigError naming the file when it is not)."""
    try:
        data = load_data(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as err:
        raise ConfigError(f"cannot read the words: {err}", file=str(path)) from err
    if not isinstance(data, dict):
        raise ConfigError("expected a mapping of keys to texts", file=str(path))
    return data


def _known(text: str) -> str | None:
    code = text.strip().lower().replace("_", "-")
    if code == "zh" or code.startswith("zh-"):
        return "zh-CN"
    if code == "en" or code.startswith("en-"):
        return "en"
    return None


class Words(BaseModel):
    """The same words in Chinese and English, as data files carry them: ``{zh: ..., en: ...}``."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    zh: Annotated[str, StringConstraints(min_length=1)]
    en: Annotated[str, StringConstraints(min_length=1)]

    def get(self, lang: str) -> str:
        return pick(lang, self.zh, self.en)


class MissingText(ConfigError):
    """A key with no text in a language: a bug in the words files or in a user's template."""


class Messages:
    """The words of one language, from a nested mapping, looked up by dotted key."""

    def __init__(self, lang: str, words: Mapping[str, Any], source: str = "") -> None:
        self.lang = lang_tag(lang)
        self.words = words
        self.source = source  # where the words came from, for error messages

    def t(self, key: str, **fields: Any) -> str:
        """The text of ``key`` with ``{name}`` fields filled; MissingText when there is none."""
        node: Any = self.words
        for part in key.split("."):
            if not isinstance(node, Mapping) or part not in node:
                raise MissingText(f"no {self.lang} text for {key!r}", file=self.source or None)
            node = node[part]
        if not isinstance(node, str):
            raise MissingText(f"{key!r} in {self.lang} is not a text", file=self.source or None)
        try:
            return node.format(**fields) if fields else node
        except (KeyError, IndexError, ValueError) as err:
            raise MissingText(f"{key!r} in {self.lang} asks for a field it is not given: {err}",
                              file=self.source or None) from None

    def has(self, key: str) -> bool:
        try:
            self.t(key)
        except MissingText:
            return False
        return True

    def pick(self, zh: str, en: str) -> str:
        """``zh`` or ``en`` in this language."""
        return zh if self.lang == "zh-CN" else en

    def title(self, item: Any) -> str:
        """The zh or en title of anything with ``title_zh`` and ``title_en``."""
        return str(self.pick(item.title_zh, item.title_en))


def text_keys(words: Mapping[str, Any], prefix: str = "") -> Iterator[str]:
    """Every dotted key of a nested words mapping that leads to a text."""
    for key, value in words.items():
        dotted = f"{prefix}.{key}" if prefix else str(key)
        if isinstance(value, Mapping):
            yield from text_keys(value, dotted)
        else:
            yield dotted
