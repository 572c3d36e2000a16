"""The rule catalogue as data: complete words for every rule of every source, references that
exist, GB/T 37668's indicators, and clear errors for a broken rule file. (Against the bundled
axe-core in a real browser: test_axe_wording.py.)"""

from __future__ import annotations

import importlib.util
import re
import string
from pathlib import Path

import pytest

from audit.errors import ConfigError
from audit.standards import (
    Source,
    all_clauses,
    catalogue,
    clause,
    clauses_for_criterion,
    criteria_for_tags,
    element_message,
    rules_of,
)
from audit.standards import rules as rules_module
from audit.standards.rules import axe_checks
from audit.webscan.checks import CHECKS, PROFILES
from audit.webscan.checks.site import SOURCE as SITE_SOURCE

OWN_SOURCES = (Source.CHECK, Source.PROFILE, Source.SITE, Source.DOCUMENT, Source.SCANNER)


@pytest.fixture(scope="module")
def axe_rule_tags() -> dict[str, list[str]]:
    spec = importlib.util.find_spec("axe_playwright_python")
    assert spec is not None and spec.origin is not None
    js = (Path(spec.origin).parent / "axe.min.js").read_text(encoding="utf-8")
    rules = re.finditer(r'\{id:"([\w-]+)"[^{}]*?tags:\[([^\]]*)\]', js)
    return {m[1]: re.findall(r'"([^"]+)"', m[2]) for m in rules}


def test_the_axe_rules_name_the_criteria_of_their_axe_tags(axe_rule_tags):
    assert len(axe_rule_tags) >= 100
    ours = {rule.id: rule.wcag for rule in rules_of(Source.AXE)}
    assert ours == {rule: criteria_for_tags(tags) for rule, tags in axe_rule_tags.items()}


@pytest.mark.parametrize("source", OWN_SOURCES)
def test_every_own_rule_says_which_check_reports_it_and_has_its_messages(source):
    known = {Source.DOCUMENT: {"documents"}, Source.SCANNER: {"scanner"}}.get(
        source, {*CHECKS, *PROFILES})
    assert rules_of(source)
    incomplete = [rule.id for rule in rules_of(source)
                  if rule.check not in known or not rule.messages]
    assert incomplete == []


def test_every_own_check_reports_rules_of_the_catalogue():
    by_check = {rule.check for rule in catalogue().values()}
    assert [name for name in CHECKS if name not in by_check] == []
    profile_checks = {check for checks in PROFILES.values() for check in checks}
    assert {rule.check for rule in rules_of(Source.PROFILE)} == profile_checks
    assert {rule.check for rule in rules_of(Source.SITE)} == {
        name for name, check in CHECKS.items() if check.site}
    assert SITE_SOURCE == Source.SITE


def test_words_are_complete_in_both_languages():
    """The schema refuses empty words; here: no text is left in the other language, and
    messages fill their fields in both."""
    for rule in catalogue().values():
        for words in (rule.title, rule.why, rule.fix, *rule.messages.values()):
            assert re.search(r"[\u4e00-\u9fff]", words.zh), (rule.id, words.zh)
            assert not re.search(r"[\u4e00-\u9fff]{2}", words.en.replace("无障碍", "")
                                 .replace("适老化", "").replace("关怀版", "")), (rule.id, words.en)


def test_own_messages_render_in_both_languages_with_every_field():
    for rule in [rule for source in OWN_SOURCES for rule in rules_of(source)]:
        for key, words in rule.messages.items():
            names = {name for _, name, _, _ in string.Formatter().parse(words.en) if name}
            values = {name: 7 for name in names}
            for lang in ("zh-CN", "en"):
                text = element_message(rule.id, {"message": key, "values": values}, lang, "")
                assert "{" not in text and text, (rule.id, key, lang)


def test_references_exist_and_are_marked_unconfirmed():
    """No mapping to GB/T 37668 could be checked against the official text: every one says so.
    The standard has no contrast, language or focus-visible clause: those rules cite none."""
    for rule in catalogue().values():
        if rule.gbt37668:
            assert rule.gbt37668.confirmed is False, rule.id
            assert all(clause(number).web for number in rule.gbt37668.clauses)
    for rule_id in ("color-contrast", "html-has-lang", "valid-lang", "focus-not-visible",
                    "elderly-contrast"):
        assert catalogue()[rule_id].gbt37668 is None
    assert catalogue()["image-alt"].gbt37668.clauses == ("3.2.1.4",)
    assert catalogue()["keyboard-trap"].gbt37668.clauses == ("3.3.3.2",)


def test_the_elderly_rules_name_their_miit_clause_and_no_criterion():
    for rule in rules_of(Source.PROFILE):
        assert rule.spec is not None and rule.spec.confirmed is False
        assert rule.wcag == () and rule.level is None


def test_gbt37668_has_58_indicators_20_17_21_by_level():
    levels = [item.level for item in all_clauses().values()]
    assert (len(levels), levels.count(1), levels.count(2), levels.count(3)) == (58, 20, 17, 21)
    assert clause("3.3.1.4").level == 2 and clause("3.3.1.4").note is not None
    assert [item.clause for item in clauses_for_criterion("2.4.1")] == ["3.3.1.2", "3.3.1.4"]
    assert clauses_for_criterion("1.4.3") == ()  # GB/T 37668 has no contrast clause
    assert clause("3.3.1.1").web is False  # an app clause is never cited for a web page


def test_axe_check_words_cover_the_summaries_and_fallback():
    words = axe_checks()
    assert set(words.failure_summaries) == {"any", "all"}
    assert words.incomplete_fallback.zh and "{title}" in words.unrecorded.zh


def test_a_broken_rule_file_names_the_file_line_and_problem(tmp_path, monkeypatch):
    (tmp_path / "mine.yaml").write_text(
        "source: check\nrules:\n  my-rule:\n    check: keyboard\n    wcag: [4.1.9]\n"
        "    impact: serious\n    affects: [visual]\n"
        "    title: {zh: 标题, en: Title}\n    why: {zh: 原因, en: Why}\n"
        "    fix: {zh: 方法, en: Fix}\n", encoding="utf-8")
    monkeypatch.setattr(rules_module, "RULES_DIR", tmp_path)
    rules_module.catalogue.cache_clear()
    try:
        with pytest.raises(ConfigError, match=r"^audit/standards/data/rules/mine\.yaml:5: "
                                              r"no WCAG 2 success criterion numbered '4\.1\.9'"):
            rules_module.catalogue()
        (tmp_path / "mine.yaml").write_text(
            "source: check\nrules:\n  my-rule:\n    check: keyboard\n    impact: serious\n"
            "    affects: [visual]\n    title: {zh: 标题, en: Title}\n"
            "    why: {zh: 原因}\n    fix: {zh: 方法, en: Fix}\n", encoding="utf-8")
        rules_module.catalogue.cache_clear()
        with pytest.raises(ConfigError, match=r"mine\.yaml:8: rules\.my-rule\.why\.en: "
                                              r"Field required"):
            rules_module.catalogue()
    finally:
        monkeypatch.undo()
        rules_module.catalogue.cache_clear()


def _checks(*checks: dict) -> dict:
    return {"checks": {"any": list(checks), "all": [], "none": []}}


def test_element_messages_from_axe_facts_in_both_languages():
    contrast = {"id": "color-contrast", "kind": "fail", "key": "default",
                "data": {"fgColor": "#999", "bgColor": "#fff", "contrastRatio": 2.85,
                         "fontSize": "9.0pt (12px)", "fontWeight": "normal",
                         "expectedContrastRatio": "4.5:1", "shadowColor": None},
                "message": "Element has insufficient color contrast of 2.85 (...)"}
    assert element_message("color-contrast", _checks(contrast), "zh", "") == (
        "元素的颜色对比度为 2.85，不足（前景色 #999，背景色 #fff，字号 9.0pt (12px)，"
        "字重 常规），应达到 4.5:1")
    assert element_message("color-contrast", _checks(contrast), "en", "") == (
        "Element has insufficient color contrast of 2.85 (...)")
    bold = {**contrast, "data": {**contrast["data"], "fontWeight": "bold"}}
    assert "字号 9.0pt (12px)，字重 粗体）" in element_message("color-contrast", _checks(bold),
                                                             "zh", "")
    roles = {"id": "invalidrole", "kind": "fail", "key": "plural", "data": ["buton", "lnk"],
             "message": "Roles must be one of the valid ARIA roles: buton, lnk"}
    alt = {"id": "has-alt", "kind": "fail", "key": None, "data": None,
           "message": "Element does not have an alt attribute"}
    assert element_message("aria-roles", _checks(roles, alt), "zh", "") == (
        "修正以下任意一项即可：角色须是有效的 ARIA 角色：buton、lnk；元素没有 alt 属性")
    assert element_message("aria-roles", _checks(roles, alt), "en", "") == (
        "Fix any of the following: Roles must be one of the valid ARIA roles: buton, lnk; "
        "Element does not have an alt attribute")


def test_what_the_catalogue_does_not_know_keeps_axe_cores_english():
    unknown = {"id": "new-check", "kind": "fail", "key": None, "data": None,
               "message": "Something new is wrong"}
    assert element_message("image-alt", _checks(unknown), "zh", "") == "Something new is wrong"
    assert element_message("new-rule", None, "zh", "New rule: x") == "New rule: x"
    fallback = {"id": "color-contrast", "kind": None, "key": None, "data": None,
                "message": "axe couldn't tell the reason. Time to break out the element inspector!"}
    assert element_message("color-contrast", _checks(fallback), "zh", "") == (
        "axe-core 未能判断原因，请用浏览器开发者工具人工检查该元素。")


def test_a_finding_stored_without_facts_names_its_rule_in_chinese():
    recorded = "Images must have alternative text: Element does not have an alt attribute"
    assert element_message("image-alt", None, "en", recorded) == recorded
    assert element_message("image-alt", None, "zh", recorded) == (
        "该元素未通过“图片缺少替代文本”（这次检测未保存逐项原因，请参阅该规则的说明）")
