"""The executive summary: findings by severity for web and physical, reach, departments, trend."""

from __future__ import annotations

from collections.abc import Iterable

from audit.model import Severity
from audit.report.physical import where as facility_where
from audit.report.report_model import (
    UNASSIGNED,
    Barrier,
    DepartmentCount,
    FacilitySection,
    Summary,
    TrendPoint,
    WebSection,
    severity_counts,
)


def build_summary(web: list[WebSection], facilities: list[FacilitySection],
                  top: int) -> Summary:
    scanned = sum(s.pages_scanned for s in web)
    critical = sum(s.pages_with_critical for s in web)
    codes = {f.id for f in facilities}
    failing = {f.id for f in facilities if not f.passed}
    return Summary(
        web_by_severity=_total(s.violations_by_severity for s in web),
        physical_by_severity=_total(f.by_severity for f in facilities),
        web_needs_review=sum(s.needs_review_count for s in web), targets=len(web),
        pages=sum(len(s.pages) for s in web), pages_scanned=scanned,
        pages_with_errors=sum(s.pages_with_errors for s in web), pages_with_critical=critical,
        critical_share=round(critical / scanned, 4) if scanned else 0.0,
        facilities=len(codes), facilities_passing=len(codes - failing),
        top_barriers=_barriers(web)[:top], by_department=_departments(web, facilities),
        trend=[TrendPoint(web_where(s), s.previous_violations,
                          sum(s.violations_by_severity.values())) for s in web]
        + [TrendPoint(facility_where(f), f.previous_failed, len(f.failed), kind="physical")
           for f in facilities if f.error is None],
        inspections=len(facilities), inspections_passing=sum(f.passed for f in facilities),
    )


def web_where(section: WebSection) -> str:
    return section.target or f"#{section.scan_id}"


def _total(counts: Iterable[dict[str, int]]) -> dict[str, int]:
    totals = severity_counts()
    for by_severity in counts:
        for severity, count in by_severity.items():
            totals[severity] += count
    return totals


def _barriers(web: list[WebSection]) -> list[Barrier]:
    found: dict[str, Barrier] = {}
    for section in web:
        for group in section.violations:
            barrier = found.setdefault(group.rule, Barrier(group.rule, group.impact, group.help,
                                                           0, 0, []))
            barrier.pages += len(group.pages)
            barrier.elements += group.count
            barrier.targets.append(web_where(section))
            if Severity(group.impact).rank < Severity(barrier.impact).rank:
                barrier.impact = group.impact
    return sorted(found.values(), key=lambda b: (-b.pages, Severity(b.impact).rank,
                                                 -b.elements, b.rule))


def _departments(web: list[WebSection],
                 facilities: list[FacilitySection]) -> list[DepartmentCount]:
    """Web violations and failed facility items per department, on one severity scale."""
    found: dict[str, DepartmentCount] = {}
    counted = [(s.department, s.violations_by_severity) for s in web]
    counted += [(f.department, f.by_severity) for f in facilities]
    for department, by_severity in counted:
        entry = found.setdefault(department, DepartmentCount(department, severity_counts()))
        for severity, count in by_severity.items():
            entry.by_severity[severity] += count
    return sorted(found.values(), key=lambda d: (d.department == UNASSIGNED, d.department))
