"""Rules and findings in the words of one language, for every renderer.

The report (HTML, PDF, Markdown), the CI formats (JUnit, SARIF, Code Quality, Markdown summary)
and the text output of ``scan`` and ``show`` word a finding the same way: its rule's title from
the rule catalogue, why one element failed from the facts stored with it, and the WCAG
criteria and GB/T 37668 clauses it is cited under. Words of the catalogue come from
``audit.standards``; the report's own words from reports/i18n (``Messages``).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from audit.model import Finding
from audit.report._common import clause_of
from audit.report.i18n import Messages
from audit.standards import (
    Rule,
    SpecClause,
    clause,
    clauses_for_criterion,
    criterion,
    element_message,
    rule,
    rule_title,
)


class RuleWords:
    """Words for rules and findings in ``msg``'s language."""

    def __init__(self, msg: Messages) -> None:
        self.msg = msg
        self.lang = msg.lang

    def rule(self, rule_id: str) -> Rule | None:
        return rule(rule_id)

    def title(self, rule_id: str, recorded: str = "") -> str:
        """The rule's title; what the scan recorded for a rule the catalogue does not know."""
        return rule_title(rule_id, self.lang, recorded)

    def message(self, rule_id: str, facts: Mapping[str, Any] | None, recorded: str) -> str:
        """Why one element failed ``rule_id``."""
        return element_message(rule_id, facts, self.lang, recorded)

    def finding(self, finding: Finding) -> str:
        """Why the element of ``finding`` failed."""
        return self.message(finding.rule, finding.facts, finding.message)

    def finding_line(self, finding: Finding) -> str:
        """The rule's title and why the element failed, for a line that stands alone (a SARIF
        result, a Code Quality issue, a row of the Markdown summary). An English finding stored
        without facts is shown as recorded: axe-core's ``help: details`` already."""
        if finding.facts is None and self.lang == "en":
            return finding.message
        recorded = finding.message.split(": ", 1)[0]
        return self.title(finding.rule, recorded) + self.msg.t("common.colon") + \
            self.finding(finding)

    def affects(self, rule_id: str) -> str:
        """Who the rule's failures keep out: "视障用户、肢体障碍用户"."""
        found = rule(rule_id)
        return self.join(self.msg.t(f"groups.{group}") for group in found.affects) if found else ""

    def join(self, items: Iterable[str]) -> str:
        return self.msg.t("common.list_separator").join(items)

    def criteria(self, numbers: Iterable[str]) -> list[str]:
        """"WCAG 1.1.1 非文本内容（A）" per criterion."""
        shown = []
        for number in numbers:
            try:
                found = criterion(number)
            except KeyError:
                shown.append(f"WCAG {number}")
                continue
            shown.append(self.msg.t("refs.criterion", number=number, title=self.msg.title(found),
                                    level=found.level))
        return shown

    def spec(self, clause_ref: SpecClause) -> str:
        """"互联网网站适老化通用设计规范 2.4.1（条款未核实）"."""
        unconfirmed = "" if clause_ref.confirmed else self.msg.t("refs.clause_unconfirmed")
        return f"{self.msg.title(clause_ref)} {clause_ref.clause}{unconfirmed}"

    def gbt(self, rule_id: str) -> list[str]:
        """The GB/T 37668 indicators the rule evidences: "3.2.1.4 非文本内容（对应未核实）"."""
        found = rule(rule_id)
        if found is None or found.gbt37668 is None:
            return []
        note = "" if found.gbt37668.confirmed else self.msg.t("refs.gbt_unconfirmed")
        return [clause(number).label(self.lang) + note for number in found.gbt37668.clauses]

    def criterion_gbt(self, number: str) -> list[str]:
        """The web indicators of GB/T 37668 with the intent of WCAG criterion ``number``."""
        return [item.label(self.lang) + (self.msg.t("refs.gbt_partial")
                                         if item.relation == "~" else "")
                for item in clauses_for_criterion(number)]

    def references(self, finding: Finding) -> str:
        """What a finding is cited under, in one line: WCAG criteria and GB/T 37668 clauses,
        another specification's clause, or "best practice"."""
        found = clause_of(finding)
        parts = [self.spec(found)] if found else self.criteria(finding.wcag)
        gbt = self.gbt(finding.rule)
        if gbt:
            parts.append(self.msg.t("refs.gbt", clauses=self.join(gbt)))
        return self.msg.t("refs.separator").join(parts) or self.msg.t("refs.best_practice")

    def short_references(self, finding: Finding) -> str:
        """A table cell: "1.4.3", "miit-web-elderly 1.2.3（未核实）", or "—"."""
        found = clause_of(finding)
        if found is not None:
            unconfirmed = "" if found.confirmed else self.msg.t("common.unconfirmed")
            return f"{found.spec_id} {found.clause}{unconfirmed}"
        return ", ".join(finding.wcag) or "—"
