"""The report's words in zh-CN and en, from reports/i18n/<lang>.yaml (and a user override).

``Messages.t("web.group_counts", elements=3, pages=1)`` looks up a dotted key and fills
``{name}`` fields (``audit.i18n``); a missing key is an error. Every string is plain text: the
templates escape it like any other value. The same words serve the HTML and PDF report, the
Markdown report, the CI formats (JUnit, SARIF, Code Quality, Markdown summary) and the scan's
text output. Rules are worded by the rule catalogue (``audit.report.wording``).
"""

from __future__ import annotations

from pathlib import Path

from audit import i18n
from audit.report.datafiles import load_messages, reports_dir


class Messages(i18n.Messages):
    def __init__(self, lang: str, user_dir: Path | None = None) -> None:
        tag = i18n.lang_tag(lang)
        super().__init__(tag, load_messages(tag, user_dir),
                         source=str(reports_dir() / "i18n" / f"{tag}.yaml"))

    def number(self, value: int) -> str:
        """A count with its thousands grouped: 1,234."""
        return f"{value:,}"

    def percent(self, share: float) -> str:
        return f"{share * 100:.1f}%"

    def date(self, iso: str | None) -> str:
        """An ISO timestamp as its date and minute (UTC offset kept as written)."""
        if not iso:
            return "—"
        text = iso.replace("T", " ")
        return text[:16] + (" UTC" if iso.endswith(("+00:00", "Z")) else "")

