"""Building the report model from the store: ``build_report(store, ReportOptions(...))``.

What the report covers: the scans and facilities asked for (``scan_ids``, ``targets``,
``facilities``); when nothing is asked for, the latest finished scan of every target and the
latest round of each checklist at every facility.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime
from functools import cache
from pathlib import Path
from typing import Any

from audit import __version__
from audit.checklist.loader import Catalogue, load_bundled
from audit.errors import AuditError, UsageError
from audit.report.changes import compare
from audit.report.datafiles import load_policy
from audit.report.physical import PhysicalBuilder, home_modifications
from audit.report.remediation import build_plan
from audit.report.report_model import (
    NOT_CHECKED,
    UNASSIGNED,
    CriterionRow,
    FacilitySection,
    Meta,
    Method,
    Report,
    StandardRef,
    WebSection,
)
from audit.report.selection import (
    previous_inspections,
    previous_scans,
    select_inspections,
    select_scans,
)
from audit.report.summary import build_summary
from audit.report.web import build_web_section, violation_rows
from audit.standards import get_standard
from audit.store import Store


@dataclass(frozen=True)
class ReportOptions:
    lang: str = "zh-CN"
    scan_ids: tuple[int, ...] = ()
    targets: tuple[str, ...] = ()
    previous: tuple[int, ...] = ()
    facilities: tuple[str, ...] = ()  # facility codes: the latest round of each checklist
    round: str | None = None
    jurisdiction: str | None = None
    auditors: tuple[str, ...] = ()
    generated_at: str | None = None  # ISO 8601; now when None
    templates: Path | None = None  # a user folder that may hold its own policy.yaml
    image_base: Path | None = None  # a screenshot named by a path is read inside it only
    catalogue: Catalogue | None = None  # checklists to judge inspections by; bundled if None


def build_report(store: Store, options: ReportOptions) -> Report:
    policy = load_policy(options.templates)
    generated_at = options.generated_at or datetime.now(UTC).isoformat(timespec="seconds")
    catalogue = options.catalogue or bundled_checklists()
    web = _web(store, options)
    facilities = _facilities(store, options, catalogue)
    if not web and not facilities:
        raise UsageError(f"nothing to report in {store.name}: no finished scan and no "
                         "facility inspection; run a scan or import an inspection first")
    deadlines = {str(k): int(v) for k, v in policy["deadline_days"].items()}
    return Report(
        meta=_meta(web, facilities, options, generated_at, policy, catalogue),
        summary=build_summary(web, facilities, int(policy.get("top_barriers", 10))),
        web=web,
        facilities=facilities,
        remediation=build_plan(web, facilities, deadlines, _day(generated_at)),
        method=Method(not_checked=_never_checked(web), deadline_days=deadlines),
        home_modifications=home_modifications(facilities),
    )


@cache
def bundled_checklists() -> Catalogue:
    """The checklists shipped with the package, loaded once per process."""
    return load_bundled()


def _everything(options: ReportOptions) -> bool:
    return not (options.scan_ids or options.targets or options.facilities)


def _web(store: Store, options: ReportOptions) -> list[WebSection]:
    if not (options.scan_ids or options.targets or _everything(options)):
        return []
    scans = select_scans(store, scan_ids=options.scan_ids, targets=options.targets,
                         required=not _everything(options) or not store.inspections())
    earlier = previous_scans(store, scans, options.previous)
    departments = {t.name: t.department or UNASSIGNED for t in store.targets()}
    web = []
    for summary in scans:
        built = build_web_section(store, summary,
                                  departments.get(summary.target or "", UNASSIGNED),
                                  image_base=options.image_base)
        before = earlier.get(summary.id)
        if before is not None:
            previous = violation_rows(store, before.id)
            built.section.changes = compare(built.fingerprints, previous, built.section.pages,
                                            before.id, before.finished_at or before.started_at)
            built.section.previous_violations = before.violations
        web.append(built.section)
    return web


def _facilities(store: Store, options: ReportOptions,
                catalogue: Catalogue) -> list[FacilitySection]:
    if not (options.facilities or _everything(options)):
        return []
    selected = select_inspections(store, options.facilities,
                                  wanted=lambda checklist_id: _physical(catalogue, checklist_id))
    builder = PhysicalBuilder(store, options.lang, catalogue)
    return builder.sections(selected, previous_inspections(store, selected))


def _physical(catalogue: Catalogue, checklist_id: str) -> bool:
    """A facility checklist, or one the catalogue does not know (shown as not judged)."""
    try:
        return catalogue.get(checklist_id).kind == "physical"
    except AuditError:
        return True


def _meta(web: list[WebSection], facilities: list[FacilitySection], options: ReportOptions,
          generated_at: str, policy: dict[str, Any], catalogue: Catalogue) -> Meta:
    standards = []
    for standard_id in dict.fromkeys(section.standard for section in web):
        found = get_standard(standard_id)
        standards.append(StandardRef(found.id, found.title_en, found.title_zh))
    if web:
        standards += [StandardRef(**row) for row in policy["cited_standards"].get("web", [])]
    standards += _physical_standards(facilities, policy, catalogue)
    starts = [s.started_at for s in web if s.started_at]
    starts += [f.inspected_at for f in facilities if f.inspected_at]
    ends = [s.finished_at for s in web if s.finished_at]
    ends += [f.inspected_at for f in facilities if f.inspected_at]
    return Meta(
        lang=options.lang, generated_at=generated_at, round=options.round,
        jurisdiction=options.jurisdiction, auditors=list(options.auditors),
        standards=standards, tool=f"a11y-audit {__version__}",
        engines=_unique(s.engine for s in web),
        axe_versions=_unique(s.axe_version for s in web),
        browser_versions=_unique(s.browser_version for s in web),
        period_start=min(starts) if starts else None, period_end=max(ends) if ends else None,
    )


def _physical_standards(facilities: list[FacilitySection], policy: dict[str, Any],
                        catalogue: Catalogue) -> list[StandardRef]:
    """The policy's physical standards that the checklists name (as their standard or in a
    clause), then any other checklist standard as the checklist writes it."""
    texts: list[str] = []
    for checklist_id in dict.fromkeys(f.checklist for f in facilities):
        try:
            checklist = catalogue.get(checklist_id)
        except AuditError:
            continue
        texts.append(checklist.standard)
        texts += [item.clause for item in checklist.items if item.clause]
    named = {_key(text) for text in texts}
    cited = [StandardRef(**row) for row in policy["cited_standards"].get("physical", [])
             if any(_key(row["id"]) in key for key in named)]
    covered = {_key(ref.id) for ref in cited}
    others = dict.fromkeys(f.standard for f in facilities if f.standard)
    return cited + [StandardRef(text, text, text) for text in others
                    if not any(key in _key(text) for key in covered)]


def _key(text: str) -> str:
    return "".join(text.lower().split())


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


def _unique(values: Any) -> list[str]:
    return list(dict.fromkeys(v for v in values if v))


def _day(iso: str) -> date:
    return datetime.fromisoformat(iso).date()
