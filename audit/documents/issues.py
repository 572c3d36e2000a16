"""What an analyser says about a document, and how that becomes a Finding like a page's.

An ``Issue`` names a rule, the message variant, where in the document (``page 3, figure 2``,
``font SimSun``, ``slide 4``, or ``document``) and the facts its message needs. It becomes a
``Finding`` of source ``document`` whose selector is that location and whose fingerprint hashes
the rule, the document (URL path and sorted query, or a local file's name) and the location, so
the same problem in the same place keeps its fingerprint from one round to the next.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import PurePath
from typing import Any
from urllib.parse import parse_qsl, urlencode, urlsplit

from audit.model import Finding, Outcome, Severity
from audit.standards import Rule, catalogue, element_message

SOURCE = "document"
WHOLE = "document"  # the location of a finding about the document as a whole
SNIPPET_LIMIT = 400


@dataclass(frozen=True)
class Issue:
    rule: str
    message: str  # the key of the rule's message
    location: str = WHOLE
    facts: dict[str, Any] = field(default_factory=dict)
    outcome: Outcome = Outcome.VIOLATION
    impact: Severity | None = None  # None: the rule's usual impact
    snippet: str = ""  # what the object is, as the PDF or package says it


def settings(rule_id: str) -> dict[str, Any]:
    return document_rule(rule_id).settings


def document_rule(rule_id: str) -> Rule:
    """The catalogue's entry for a document rule; KeyError naming it when there is none."""
    try:
        return catalogue()[rule_id]
    except KeyError:
        raise KeyError(f"no document rule {rule_id!r} in the rule catalogue") from None


def to_finding(issue: Issue, document: str) -> Finding:
    """The finding for ``issue`` in ``document`` (a URL or a local path). Its facts (the
    message variant and the values it is filled with) let reports word it in any language."""
    rule = document_rule(issue.rule)
    facts = {"message": issue.message, "values": issue.facts}
    message = f"{rule.title.en}: {element_message(rule.id, facts, 'en', '')}"
    snippet = issue.snippet if len(issue.snippet) <= SNIPPET_LIMIT else \
        issue.snippet[:SNIPPET_LIMIT - 1] + "…"
    return Finding(rule=rule.id, source=SOURCE, outcome=issue.outcome,
                   impact=issue.impact or Severity(rule.impact), wcag=rule.wcag,
                   level=rule.level, selector=issue.location, html=snippet, message=message,
                   help_url=rule.link,
                   fingerprint=fingerprint(rule.id, document, issue.location), facts=facts)


def fingerprint(rule: str, document: str, location: str) -> str:
    key = "\n".join((rule, document_key(document), location))
    return hashlib.sha256(key.encode("utf-8")).hexdigest()[:20]


def document_key(document: str) -> str:
    """A URL's path and sorted query; a local file's name (so a moved folder keeps its keys)."""
    parts = urlsplit(document)
    if parts.scheme in ("http", "https"):
        query = urlencode(sorted(parse_qsl(parts.query, keep_blank_values=True)))
        return (parts.path or "/") + (f"?{query}" if query else "")
    return PurePath(document).name


def page_list(numbers: Iterable[int], limit: int = 12) -> str:
    """``[1, 2, 3, 5, 8, 9]`` -> ``"1-3, 5, 8-9"``; at most ``limit`` runs, then "…"."""
    runs: list[list[int]] = []
    for number in sorted(set(numbers)):
        if runs and number == runs[-1][1] + 1:
            runs[-1][1] = number
        else:
            runs.append([number, number])
    text = [str(a) if a == b else f"{a}-{b}" for a, b in runs[:limit]]
    return ", ".join(text) + (", …" if len(runs) > limit else "")


def matches_any(text: str, patterns: Iterable[str]) -> bool:
    """Whether ``text`` (case-insensitive, trimmed) matches one of the regular expressions."""
    value = text.strip().lower()
    return any(re.search(pattern, value) for pattern in patterns)


def alt_issues(images: list[tuple[str, str | None, dict[str, Any]]], missing_rule: str,
               missing_message: str) -> list[Issue]:
    """Issues for images given as (location, alt text or None, facts for the message): missing
    alt (``missing_rule``), alt that looks like a file name or placeholder, and one alt repeated
    on many images."""
    rule = settings("document-alt-suspicious")
    issues: list[Issue] = []
    uses: dict[str, int] = {}
    for location, alt, facts in images:
        if not alt:
            issues.append(Issue(missing_rule, missing_message, location, facts))
        elif matches_any(alt, rule["placeholders"]):
            issues.append(Issue("document-alt-suspicious", "placeholder", location, {"alt": alt},
                                Outcome.NEEDS_REVIEW, snippet=alt))
        else:
            uses[alt] = uses.get(alt, 0) + 1
    issues += [Issue("document-alt-suspicious", "repeated", f"{WHOLE}, alt {alt[:60]!r}",
                     {"alt": alt, "count": count}, Outcome.NEEDS_REVIEW, snippet=alt)
               for alt, count in uses.items() if count >= rule["min_repeats"]]
    return issues
