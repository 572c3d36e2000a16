"""The rule catalogue against the bundled axe-core, loaded in a real Chromium: every rule and
every check message axe-core can report has words in Chinese and English.

Upgrading axe-core makes these tests name each rule, check, message variant and field that
needs wording (README.md, "The rule catalogue", says how to add them).
"""

from __future__ import annotations

import re
from typing import Any

import pytest

from audit.standards import Source, rules_of
from audit.standards.rules import axe_checks, fields
from audit.webscan.axe import load_axe
from audit.webscan.browser import find_browser, launch_flags

pytestmark = pytest.mark.browser

_AXE_FIELD = re.compile(r"\$\{\s?data(?:\.(\w+))?\s?\}")

# axe.getRules() is public; the checks' messages are only in axe-core's internal audit data.
_LIST = """() => ({
  version: axe.version,
  rules: axe.getRules().map((r) => ({id: r.ruleId, help: r.help})),
  checks: Object.fromEntries(Object.entries(axe._audit.data.checks)
    .map(([id, check]) => [id, check.messages || {}])),
})"""


@pytest.fixture(scope="module")
def bundled(chromium) -> dict[str, Any]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(find_browser().path), args=launch_flags())
        try:
            page = browser.new_page()
            page.set_content("<!doctype html><html lang='en'><title>axe</title></html>")
            page.add_script_tag(content=load_axe().source)
            return page.evaluate(_LIST)
        finally:
            browser.close()


def test_the_catalogue_was_written_for_the_bundled_axe_core(bundled):
    assert axe_checks().axe_version == bundled["version"]
    assert len(bundled["rules"]) >= 100 and len(bundled["checks"]) >= 100


def test_every_axe_rule_has_complete_words_and_none_is_stale(bundled):
    ours = {rule.id: rule for rule in rules_of(Source.AXE)}
    theirs = {rule["id"]: rule["help"] for rule in bundled["rules"]}
    assert sorted(set(theirs) - set(ours)) == [], "axe-core rules missing from the catalogue"
    assert sorted(set(ours) - set(theirs)) == [], "catalogue rules axe-core no longer has"
    assert [(rule_id, ours[rule_id].title.en, help_text) for rule_id, help_text in theirs.items()
            if ours[rule_id].title.en != help_text] == [], "English titles are axe-core's help"


def test_every_axe_check_message_has_chinese_with_the_same_facts(bundled):
    """Each fail and incomplete message of every check, variant by variant: the Chinese exists
    and asks only for facts that axe-core's message has."""
    missing, wrong_fields = [], []
    for check_id, messages in bundled["checks"].items():
        words = axe_checks().checks.get(check_id)
        for kind in ("fail", "incomplete"):
            english = messages.get(kind)
            if english is None:
                continue
            chinese = getattr(words, kind) if words else None
            for key, text in _variants(english):
                zh = chinese.get(key) if isinstance(chinese, dict) and key else (
                    chinese if isinstance(chinese, str) and key is None else None)
                if zh is None:
                    missing.append(f"{check_id}.{kind}" + (f".{key}" if key else ""))
                elif not fields(zh) <= _axe_fields(text):
                    wrong_fields.append((check_id, kind, key, sorted(fields(zh))))
    assert missing == [], "axe-core check messages with no Chinese in axe-checks.yaml"
    assert wrong_fields == []


def test_no_chinese_check_words_are_stale(bundled):
    assert sorted(set(axe_checks().checks) - set(bundled["checks"])) == []


def _variants(messages: Any) -> list[tuple[str | None, str]]:
    if isinstance(messages, dict):
        return [(key, text) for key, text in messages.items() if isinstance(text, str)]
    return [(None, messages)] if isinstance(messages, str) else []


def _axe_fields(text: str) -> set[str]:
    """axe-core's ``${data.name}`` as our ``{name}``; ``${data}`` as ``{data}``; a list of values
    is ``{values}`` (axe-core joins list data into ``data.values``)."""
    return {name or "data" for name in _AXE_FIELD.findall(text)} | {"values"}
