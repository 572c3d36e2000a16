"""A finding's words in a language, from the rule catalogue and the facts stored with it.

``rule_title`` names a rule; ``element_message`` says why one element failed. The facts are
what the analysers stored (``Finding.facts``):

- axe-core: ``{"checks": {"any": [...], "all": [...], "none": [...]}}``, each check as axe-core
  reported it: ``{"id", "kind" (fail | incomplete), "key" (the message variant), "data",
  "message" (axe-core's English)}``. Chinese comes from ``data/rules/axe-checks.yaml`` filled with
  ``data``; English is axe-core's own message.
- our own checks: ``{"message": <variant of the rule's messages>, "values": {...}}``.

A finding stored without facts (before they were kept) shows its recorded English message in
English, and a sentence naming the rule in Chinese. A rule or axe check the catalogue does not
know (a newer axe-core given with --axe-script) keeps axe-core's English: it has no other words.
"""

from __future__ import annotations

import string
from collections.abc import Iterable, Mapping
from typing import Any, Literal

from audit.i18n import short
from audit.standards.rules import AxeCheckWords, axe_checks, rule

_SEPARATOR = {"zh": "；", "en": "; "}
_LIST_SEPARATOR = {"zh": "、", "en": ", "}
_HEADING_SPACE = {"zh": "", "en": " "}
# axe-core's check groups under the two headings of a failure summary
_SUMMARY_GROUPS: tuple[tuple[Literal["all", "any"], tuple[str, ...]], ...] = (
    ("all", ("none", "all")), ("any", ("any",)))


def rule_title(rule_id: str, lang: str, recorded: str = "") -> str:
    """The rule's title in ``lang``; for a rule the catalogue does not know, what the scan
    recorded (axe-core's help), else the id."""
    found = rule(rule_id)
    if found is not None:
        return found.title.get(lang)
    return recorded or rule_id


def element_message(rule_id: str, facts: Mapping[str, Any] | None, lang: str,
                    recorded: str) -> str:
    """Why one element failed ``rule_id``, in ``lang``."""
    code = short(lang)
    if facts and isinstance(facts.get("checks"), Mapping):
        return _axe_message(facts["checks"], code) or recorded
    found = rule(rule_id)
    if facts and found is not None and facts.get("message") in found.messages:
        template = found.messages[facts["message"]].get(code)
        return fill(template, facts.get("values") or {}, code)
    if code == "en" or found is None:
        return recorded
    return fill(axe_checks().unrecorded.zh, {"title": found.title.zh}, code)


def fill(template: str, values: Mapping[str, Any], lang: str) -> str:
    """``template`` with its ``{fields}`` from ``values``: lists joined, None and missing
    values empty. A field that cannot be formatted as its spec asks leaves the template as it
    is rather than fail a report."""
    code = short(lang)
    shown = {key: _shown(value, code) for key, value in values.items()}
    try:
        return string.Formatter().vformat(template, (), _Blank(shown))
    except (ValueError, TypeError, IndexError, AttributeError):
        return template


class _Blank(dict[str, Any]):
    def __missing__(self, key: str) -> str:
        return ""


def _shown(value: Any, code: str) -> Any:
    if value is None:
        return ""
    if isinstance(value, list | tuple):
        return _LIST_SEPARATOR[code].join(str(_shown(item, code)) for item in value)
    return value


def _axe_message(checks: Mapping[str, Any], code: str) -> str:
    """axe-core's failure summary: what to fix all of, then what to fix any of; a single
    reason stands alone, without the heading."""
    words = axe_checks()
    groups = [(heading, [_check_text(check, code) for group in kinds
                         for check in _listed(checks.get(group))])
              for heading, kinds in _SUMMARY_GROUPS]
    groups = [(heading, texts) for heading, texts in groups if texts]
    if len(groups) == 1 and len(groups[0][1]) == 1:
        return groups[0][1][0]
    return _SEPARATOR[code].join(
        words.failure_summaries[heading].get(code) + _HEADING_SPACE[code]
        + _SEPARATOR[code].join(texts) for heading, texts in groups)


def _listed(value: Any) -> Iterable[Mapping[str, Any]]:
    return [item for item in value if isinstance(item, Mapping)] if isinstance(value, list) else []


def _check_text(check: Mapping[str, Any], code: str) -> str:
    recorded = str(check.get("message") or check.get("id") or "")
    if code == "en":
        return recorded
    words = axe_checks()
    if check.get("kind") is None:
        return words.incomplete_fallback.zh
    template = _variant(words.checks.get(str(check.get("id"))), check)
    if template is None:
        return recorded
    return fill(template, _worded(_data_values(check.get("data")), words.data_words), code)


def _variant(words: AxeCheckWords | None, check: Mapping[str, Any]) -> str | None:
    if words is None or check.get("kind") not in ("fail", "incomplete"):
        return None
    texts = getattr(words, str(check["kind"]))
    if isinstance(texts, dict):
        return texts.get(str(check.get("key"))) or texts.get("default")
    return texts


def _worded(values: Mapping[str, Any], words: Mapping[str, Mapping[str, str]]) -> dict[str, Any]:
    """The facts with axe-core's own words among them (a font weight's "bold") in Chinese."""
    return {name: words.get(name, {}).get(value, value) if isinstance(value, str) else value
            for name, value in values.items()}


def _data_values(data: Any) -> Mapping[str, Any]:
    """axe-core's check data as fields: a list is ``values``, a single value ``data``."""
    if isinstance(data, list):
        return {"values": data}
    if isinstance(data, Mapping):
        return data
    return {"data": data}
