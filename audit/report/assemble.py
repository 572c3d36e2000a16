"""Building the report model from the store: ``build_report(store, ReportOptions(...))``."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

from audit import __version__
from audit.model import Severity
from audit.report.changes import compare
from audit.report.datafiles import load_policy
from audit.report.model import (
    NOT_CHECKED,
    UNASSIGNED,
    Barrier,
    CriterionRow,
    DepartmentCount,
    DepartmentPlan,
    Meta,
    Method,
    RemediationItem,
    Report,
    StandardRef,
    Summary,
    TrendPoint,
    WebSection,
    severity_counts,
)
from audit.report.selection import previous_scans, select_scans
from audit.report.web import build_web_section, violation_rows
from audit.standards import get_standard
from audit.store import Store


@dataclass(frozen=True)
class ReportOptions:
    lang: str = "zh-CN"
    scan_ids: tuple[int, ...] = ()
    targets: tuple[str, ...] = ()
    previous: tuple[int, ...] = ()
    round: str | None = None
    jurisdiction: str | None = None
    auditors: tuple[str, ...] = ()
    generated_at: str | None = None  # ISO 8601; now when None
    templates: Path | None = None  # a user folder that may hold its own policy.yaml
    image_base: Path | None = None  # relative screenshot paths are resolved against it


def build_report(store: Store, options: ReportOptions) -> Report:
    policy = load_policy(options.templates)
    generated_at = options.generated_at or datetime.now(UTC).isoformat(timespec="seconds")
    scans = select_scans(store, scan_ids=options.scan_ids, targets=options.targets)
    earlier = previous_scans(store, scans, options.previous)
    departments = {t.name: t.department or UNASSIGNED for t in store.targets()}
    web = []
    for summary in scans:
        built = build_web_section(store, summary, departments.get(summary.target or "",
                                                                  UNASSIGNED),
                                  image_base=options.image_base)
        before = earlier.get(summary.id)
        if before is not None:
            previous = violation_rows(store, before.id)
            built.section.changes = compare(built.fingerprints, previous, built.section.pages,
                                            before.id, before.finished_at or before.started_at)
            built.section.previous_violations = before.violations
        web.append(built.section)
    deadlines = {str(k): int(v) for k, v in policy["deadline_days"].items()}
    return Report(
        meta=_meta(web, options, generated_at, policy),
        summary=_summary(web, int(policy.get("top_barriers", 10))),
        web=web,
        facilities=[],
        remediation=_remediation(web, deadlines, _day(generated_at)),
        method=Method(not_checked=_never_checked(web), deadline_days=deadlines),
    )


def _meta(web: list[WebSection], options: ReportOptions, generated_at: str,
          policy: dict[str, Any]) -> Meta:
    standards = []
    for standard_id in dict.fromkeys(section.standard for section in web):
        found = get_standard(standard_id)
        standards.append(StandardRef(found.id, found.title_en, found.title_zh))
    if web:
        standards += [StandardRef(**row) for row in policy["cited_standards"].get("web", [])]
    starts = [s.started_at for s in web if s.started_at]
    ends = [s.finished_at for s in web if s.finished_at]
    return Meta(
        lang=options.lang, generated_at=generated_at, round=options.round,
        jurisdiction=options.jurisdiction, auditors=list(options.auditors),
        standards=standards, tool=f"a11y-audit {__version__}",
        engines=_unique(s.engine for s in web),
        axe_versions=_unique(s.axe_version for s in web),
        browser_versions=_unique(s.browser_version for s in web),
        period_start=min(starts) if starts else None, period_end=max(ends) if ends else None,
    )


def _summary(web: list[WebSection], top: int) -> Summary:
    totals = severity_counts()
    for section in web:
        for severity, count in section.violations_by_severity.items():
            totals[severity] += count
    scanned = sum(s.pages_scanned for s in web)
    critical = sum(s.pages_with_critical for s in web)
    return Summary(
        web_by_severity=totals, physical_by_severity=severity_counts(),
        web_needs_review=sum(s.needs_review_count for s in web), targets=len(web),
        pages=sum(len(s.pages) for s in web), pages_scanned=scanned,
        pages_with_errors=sum(s.pages_with_errors for s in web), pages_with_critical=critical,
        critical_share=round(critical / scanned, 4) if scanned else 0.0,
        facilities=0, facilities_passing=0,
        top_barriers=_barriers(web)[:top], by_department=_departments(web),
        trend=[TrendPoint(_where(s), s.previous_violations, sum(s.violations_by_severity.values()))
               for s in web],
    )


def _barriers(web: list[WebSection]) -> list[Barrier]:
    found: dict[str, Barrier] = {}
    for section in web:
        for group in section.violations:
            barrier = found.setdefault(group.rule, Barrier(group.rule, group.impact, group.help,
                                                           0, 0, []))
            barrier.pages += len(group.pages)
            barrier.elements += group.count
            barrier.targets.append(_where(section))
            if Severity(group.impact).rank < Severity(barrier.impact).rank:
                barrier.impact = group.impact
    return sorted(found.values(), key=lambda b: (-b.pages, Severity(b.impact).rank,
                                                 -b.elements, b.rule))


def _departments(web: list[WebSection]) -> list[DepartmentCount]:
    found: dict[str, DepartmentCount] = {}
    for section in web:
        entry = found.setdefault(section.department,
                                 DepartmentCount(section.department, severity_counts()))
        for severity, count in section.violations_by_severity.items():
            entry.by_severity[severity] += count
    return sorted(found.values(), key=lambda d: (d.department == UNASSIGNED, d.department))


def _remediation(web: list[WebSection], deadlines: dict[str, int],
                 today: date) -> list[DepartmentPlan]:
    plans: dict[str, DepartmentPlan] = {}
    for section in web:
        plan = plans.setdefault(section.department,
                                DepartmentPlan(section.department, severity_counts(), []))
        for group in section.violations:
            plan.by_severity[group.impact] += group.count
            due = today + timedelta(days=deadlines.get(group.impact, 90))
            plan.items.append(RemediationItem(
                kind="web", title=group.rule, help=group.help, where=_where(section),
                impact=group.impact, count=group.count, pages=len(group.pages),
                deadline=due.isoformat()))
    for plan in plans.values():
        plan.items.sort(key=lambda i: (Severity(i.impact).rank, -i.pages, -i.count, i.title))
    return sorted(plans.values(), key=lambda p: (p.department == UNASSIGNED, p.department))


def _never_checked(web: list[WebSection]) -> list[CriterionRow]:
    """Criteria in scope of some scan that no scan checked automatically."""
    rows: dict[str, CriterionRow] = {}
    checked: set[str] = set()
    for section in web:
        for row in section.criteria:
            if row.status == NOT_CHECKED:
                rows.setdefault(row.number, row)
            else:
                checked.add(row.number)
    return [row for number, row in rows.items() if number not in checked]


def _where(section: WebSection) -> str:
    return section.target or f"#{section.scan_id}"


def _unique(values: Any) -> list[str]:
    return list(dict.fromkeys(v for v in values if v))


def _day(iso: str) -> date:
    return datetime.fromisoformat(iso).date()
