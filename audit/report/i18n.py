"""Report wording in zh-CN and en, from reports/i18n/<lang>.yaml (and a user override).

``Messages.t("summary.pages", count=3)`` looks up a dotted key and fills ``{count}``-style
fields. Every string is plain text: the templates escape it like any other value.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from audit.errors import UsageError
from audit.report.datafiles import load_messages
from audit.standards.document_rules import document_rules

LANGS = {"zh": "zh-CN", "zh-cn": "zh-CN", "en": "en"}


def lang_tag(lang: str) -> str:
    """"zh" or "zh-CN" -> "zh-CN", "en" -> "en"; UsageError for other languages."""
    try:
        return LANGS[lang.lower()]
    except KeyError:
        raise UsageError(f"unknown report language {lang!r}; choose zh or en") from None


class Messages:
    def __init__(self, lang: str, user_dir: Path | None = None) -> None:
        self.lang = lang_tag(lang)
        self.data = _with_document_rules(load_messages(self.lang, user_dir), self.lang)

    def t(self, key: str, **fields: Any) -> str:
        """The text of ``key``; KeyError naming the key and language when there is none."""
        node: Any = self.data
        for part in key.split("."):
            if not isinstance(node, dict) or part not in node:
                raise KeyError(f"no {self.lang} text for {key!r}")
            node = node[part]
        if not isinstance(node, str):
            raise KeyError(f"{key!r} in {self.lang} is not a text")
        return node.format(**fields) if fields else node

    def has(self, key: str) -> bool:
        try:
            self.t(key)
        except KeyError:
            return False
        return True

    def title(self, item: Any) -> str:
        """The zh or en title of anything with ``title_zh`` and ``title_en``."""
        return str(item.title_zh if self.lang == "zh-CN" else item.title_en)

    def percent(self, share: float) -> str:
        return f"{share * 100:.1f}%"

    def date(self, iso: str | None) -> str:
        """An ISO timestamp as its date and minute (UTC offset kept as written)."""
        if not iso:
            return "—"
        text = iso.replace("T", " ")
        return text[:16] + (" UTC" if iso.endswith(("+00:00", "Z")) else "")


def _with_document_rules(data: dict[str, Any], lang: str) -> dict[str, Any]:
    """The report's words with the document rules' titles and fixes (from their own data file
    until the rule catalogue holds them); a user's own wording of a rule wins."""
    rules = data.setdefault("rules", {})
    for rule_id, rule in document_rules().items():
        words = rules.setdefault(rule_id, {})
        words.setdefault("title", rule.title.get(lang))
        words.setdefault("fix", rule.fix.get(lang))
    return data
