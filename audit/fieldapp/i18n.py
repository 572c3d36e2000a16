"""The app's words in zh-CN and en, from YAML files in ``audit/fieldapp/i18n`` (data, not code).

Adding a language is adding a file with the same keys; a test checks both files have the same
keys. ``Translations.text(lang, key, **values)`` fills ``{name}`` placeholders.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import yaml

from audit.errors import ConfigError

LANGUAGES: tuple[str, ...] = ("zh-CN", "en")
DEFAULT_LANGUAGE = "zh-CN"
_FOLDER = Path(__file__).parent / "i18n"


@dataclass(frozen=True)
class Translations:
    words: dict[str, dict[str, str]]  # language -> key -> text

    def text(self, lang: str, key: str, **values: object) -> str:
        found = self.words.get(lang, {}).get(key) or self.words[DEFAULT_LANGUAGE].get(key)
        if found is None:
            return key
        return found.format(**values) if values else found


def load_translations(folder: Path = _FOLDER) -> Translations:
    words: dict[str, dict[str, str]] = {}
    for lang in LANGUAGES:
        path = folder / f"{lang}.yaml"
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        if not isinstance(data, dict) or not all(isinstance(v, str) for v in data.values()):
            raise ConfigError("expected a mapping of keys to texts", file=str(path))
        words[lang] = {str(k): v for k, v in data.items()}
    return Translations(words)


def checklist_lang(lang: str) -> str:
    """The language code checklists use (``Text.get``): "zh" or "en"."""
    return "zh" if lang.startswith("zh") else "en"


def best_language(accept: list[str]) -> str:
    """The first supported language of an Accept-Language list, else the default."""
    for wanted in accept:
        for lang in LANGUAGES:
            if wanted.lower() == lang.lower() or wanted.lower().split("-")[0] == lang[:2]:
                return lang
    return DEFAULT_LANGUAGE
