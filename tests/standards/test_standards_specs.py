"""Clauses of specifications other than WCAG (MIIT 适老化) and the settings of their rules."""

import pytest

from audit.model import Severity
from audit.standards import Source, SpecClause, rule_settings, rules_of, spec_clause
from audit.webscan.checks.elderly import RULES


def test_a_rule_names_its_specification_and_clause():
    assert spec_clause("elderly-popup") == SpecClause(
        rule="elderly-popup", spec_id="miit-web-elderly",
        title_zh="互联网网站适老化通用设计规范",
        title_en="MIIT general design specification for elderly-friendly websites",
        reference="工信厅信管函〔2021〕67号 附件1", clause="2.4.1", confirmed=False)
    contrast = spec_clause("elderly-contrast")
    assert contrast is not None
    assert (contrast.spec_id, contrast.clause, contrast.reference) == (
        "miit-app-elderly", "1.3", "工信厅信管函〔2021〕67号 附件2")
    assert contrast.title("zh-CN") == "移动互联网应用（APP）适老化通用设计规范"


def test_wcag_rules_have_no_clause():
    assert spec_clause("image-alt") is None
    assert spec_clause("keyboard-trap") is None


def test_every_elderly_rule_has_an_unconfirmed_clause_and_an_impact():
    assert {rule.id for rule in rules_of(Source.PROFILE)} == set(RULES)
    for rule in RULES:
        clause = spec_clause(rule)
        assert clause is not None and clause.confirmed is False
        Severity(rule_settings(rule)["impact"])


def test_settings_hold_the_thresholds_not_the_clause():
    assert rule_settings("elderly-text-size") == {"impact": "serious", "min_px": 18}
    assert rule_settings("elderly-contrast") == {"impact": "serious", "min_ratio": 4.5,
                                                 "large_min_ratio": 3, "large_above_px": 18}
    assert rule_settings("elderly-line-spacing")["min_ratio"] == 1.3
    assert rule_settings("image-alt") == {"impact": "critical"}
    with pytest.raises(KeyError, match="no rule 'no-such-rule' in the rule catalogue"):
        rule_settings("no-such-rule")
