"""The remediation plan: every finding, web and physical, on one severity scale, grouped by
responsible department (责任部门), with a suggested deadline per severity."""

from __future__ import annotations

from datetime import date, timedelta

from audit.model import Severity
from audit.report.physical import where as facility_where
from audit.report.report_model import (
    UNASSIGNED,
    DepartmentPlan,
    FacilitySection,
    RemediationItem,
    WebSection,
    severity_counts,
)
from audit.report.summary import web_where

DEFAULT_DAYS = 90


def build_plan(web: list[WebSection], facilities: list[FacilitySection],
               deadlines: dict[str, int], today: date) -> list[DepartmentPlan]:
    plans: dict[str, DepartmentPlan] = {}

    def add(department: str, item: RemediationItem) -> None:
        plan = plans.setdefault(department, DepartmentPlan(department, severity_counts(), []))
        if item.kind != "template":  # its findings are counted with their rule already
            plan.by_severity[item.impact] += item.count
        plan.items.append(item)

    def due(severity: str) -> str:
        return (today + timedelta(days=deadlines.get(severity, DEFAULT_DAYS))).isoformat()

    for section in web:
        helps = {group.rule: group.help for group in section.violations}
        for row in section.templates:
            add(section.department, RemediationItem(
                kind="template", title=row.rule, help=helps.get(row.rule, row.rule),
                where=f"{web_where(section)} · {row.label}", impact=row.impact,
                count=row.findings, pages=row.pages, deadline=due(row.impact),
                template_kind=row.kind))
        for group in section.violations:
            add(section.department, RemediationItem(
                kind="web", title=group.rule, help=group.help, where=web_where(section),
                impact=group.impact, count=group.count, pages=len(group.pages),
                deadline=due(group.impact)))
    for facility in facilities:
        for failed in facility.failed:
            add(facility.department, RemediationItem(
                kind="physical", title=failed.item, help=failed.prompt,
                where=facility_where(facility), impact=failed.severity, count=1, pages=0,
                deadline=due(failed.severity), clause=failed.clause,
                checklist=facility.checklist, confirmed=failed.confirmed))
    for plan in plans.values():
        plan.items.sort(key=_order)
    return sorted(plans.values(), key=lambda p: (p.department == UNASSIGNED, p.department))


def _order(item: RemediationItem) -> tuple[bool, int, int, int, int, str, str]:
    """Shared templates first, most pages first (one fix there clears every page); then the
    rest, worst first."""
    template = item.kind == "template"
    return (not template, -item.pages if template else 0, Severity(item.impact).rank,
            -item.pages, -item.count, item.title, item.where)
