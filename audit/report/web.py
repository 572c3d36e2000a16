"""One scan of the store as a report section: pages, findings grouped by rule, coverage.

Pages stream from the store a batch at a time; what is kept per finding is small (a change row
per violation, a few examples per rule), so big scans fit in memory.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from audit.model import Finding, NoteCode, Outcome, PageResult, Severity, Viewport
from audit.report._common import clause_of
from audit.report.coverage import CoverageTally
from audit.report.images import stored_image_uri
from audit.report.incremental import round_facts
from audit.report.redirects import redirect_rows
from audit.report.report_model import (
    ChangeRow,
    DocumentRow,
    Example,
    PageRow,
    RuleGroup,
    TemplateRow,
    WebSection,
    severity_counts,
)
from audit.store import Store
from audit.store.records import DocumentLink, DocumentState, ScanSummary

EXAMPLES_PER_RULE = 5
WORST_PER_DOCUMENT = 3
DOCUMENT_STATUSES = ("checked", "manual-review", "failed", "duplicate", "not-checked",
                     "skipped")


@dataclass
class ScannedWeb:
    """A web section and the violations by fingerprint, for the changes between rounds."""

    section: WebSection
    fingerprints: dict[str, ChangeRow] = field(default_factory=dict)


def violation_rows(store: Store, scan_id: int) -> dict[str, ChangeRow]:
    """The violations of a scan by fingerprint (for a previous round)."""
    rows: dict[str, ChangeRow] = {}
    for page in store.iter_pages(scan_id):
        for finding in page.violations:
            rows.setdefault(finding.fingerprint, _change_row(page, finding))
    return rows


def build_web_section(store: Store, summary: ScanSummary, department: str, *,
                      image_base: Path | None = None) -> ScannedWeb:
    builder = _Builder(store, image_base)
    for page in store.iter_pages(summary.id):
        builder.add_page(page)
    builder.tally.checks_run |= _checks_run(store, summary, builder.first_good)
    found = store.documents(summary.id)
    documents = builder.documents + [_unchecked(link) for link in found if link.info is None]
    by_status = {status: sum(1 for row in documents if row.status == status)
                 for status in DOCUMENT_STATUSES}
    section = WebSection(
        scan_id=summary.id, target=summary.target, department=department,
        standard=summary.standard, status=str(summary.status), started_at=summary.started_at,
        finished_at=summary.finished_at, engine=summary.engine,
        axe_version=summary.axe_version, browser_version=summary.browser_version,
        pages=builder.pages,
        pages_scanned=sum(1 for p in builder.pages if not p.error),
        pages_with_errors=sum(1 for p in builder.pages if p.error),
        pages_with_critical=sum(1 for p in builder.pages if p.critical),
        violations_by_severity=builder.by_severity,
        needs_review_count=sum(g.count for g in builder.reviews.values()),
        documents=len(found),
        criteria=builder.tally.rows(summary.standard),
        violations=_ranked(builder.violations),
        reviews=_ranked(builder.reviews),
        document_rows=documents,
        documents_by_status=by_status,
        templates=_templates(store, summary.id),
        incremental=round_facts(summary),
        redirects=redirect_rows(summary),
    )
    return ScannedWeb(section, builder.fingerprints)


def _templates(store: Store, scan_id: int) -> list[TemplateRow]:
    """Violations inside template regions on several pages, most pages first."""
    return [TemplateRow(key=g.key, kind=g.kind, label=g.label, rule=g.rule, impact=g.impact,
                        pages=g.pages, findings=g.findings)
            for g in store.template_groups(scan_id) if g.outcome == "violation"]


class _Builder:
    def __init__(self, store: Store, image_base: Path | None) -> None:
        self.store = store
        self.image_base = image_base
        self.pages: list[PageRow] = []
        self.by_severity = severity_counts()
        self.violations: dict[str, RuleGroup] = {}
        self.reviews: dict[str, RuleGroup] = {}
        self.fingerprints: dict[str, ChangeRow] = {}
        self.tally = CoverageTally()
        self.first_good: PageResult | None = None
        self.documents: list[DocumentRow] = []
        self._seen: dict[tuple[str, bool], set[str]] = {}

    def add_page(self, page: PageResult) -> None:
        if page.viewport is Viewport.DOCUMENT:
            self._add_document(page)
            return
        if not page.error and self.first_good is None:
            self.first_good = page
        self.tally.rules_run.update(page.passed_rules)
        self.tally.rules_run.update(page.inapplicable_rules)
        for finding in page.findings:
            self._add_finding(page, finding)
        violations = page.violations
        self.pages.append(PageRow(
            url=page.url, title=page.title, status=page.status, viewport=str(page.viewport),
            error=page.error, violations=len(violations), needs_review=len(page.needs_review),
            critical=sum(1 for f in violations if f.impact is Severity.CRITICAL),
            notes=list(page.notes)))

    def _add_document(self, page: PageResult) -> None:
        """A document: its own row; its findings go into the rule groups like a page's."""
        for finding in page.findings:
            self._add_finding(page, finding)
        info = page.document
        worst = sorted(page.findings, key=lambda f: (f.outcome is not Outcome.VIOLATION,
                                                     f.impact.rank))
        self.documents.append(DocumentRow(
            url=page.url, found_on=info.found_on if info else None,
            format=info.format if info else "unknown",
            status=str(info.status) if info else "failed", reason=page.error,
            title=page.title, pages=info.pages if info else None,
            image_only_pages=info.image_only_pages if info else 0,
            tagged=info.tagged if info else None, violations=len(page.violations),
            needs_review=len(page.needs_review),
            worst=list(dict.fromkeys(f.rule for f in worst))[:WORST_PER_DOCUMENT],
            thumbnail=stored_image_uri(self.store, info.thumbnail if info else None,
                                       base=self.image_base),
            duplicate_of=info.duplicate_of if info else None,
            # a duplicate says whose copy it is (duplicate_of): its note would repeat it
            notes=[note for note in page.notes if note.code is not NoteCode.SAME_FILE]))

    def _add_finding(self, page: PageResult, finding: Finding) -> None:
        violation = finding.outcome is Outcome.VIOLATION
        if finding.source == "axe":
            self.tally.rules_run.add(finding.rule)
        else:
            self.tally.checks_run.add(finding.source)
        self.tally.add(finding.wcag, violation)
        groups = self.violations if violation else self.reviews
        group = groups.get(finding.rule)
        if group is None:
            group = groups[finding.rule] = RuleGroup(
                rule=finding.rule, source=finding.source, outcome=str(finding.outcome),
                impact=str(finding.impact), wcag=list(finding.wcag), level=finding.level,
                help=finding.message.split(": ", 1)[0], help_url=finding.help_url,
                count=0, pages=[], clause=clause_of(finding))
        group.count += 1
        if Severity(group.impact).rank > finding.impact.rank:
            group.impact = str(finding.impact)
        seen = self._seen.setdefault((finding.rule, violation), set())
        if page.url not in seen:
            seen.add(page.url)
            group.pages.append(page.url)
        if len(group.examples) < EXAMPLES_PER_RULE:
            group.examples.append(Example(
                page_url=page.url, selector=finding.selector, html=finding.html,
                message=finding.message, fingerprint=finding.fingerprint, facts=finding.facts,
                screenshot=stored_image_uri(self.store, finding.screenshot,
                                            base=self.image_base)))
        if violation:
            self.by_severity[str(finding.impact)] += 1
            self.fingerprints.setdefault(finding.fingerprint, _change_row(page, finding))


def _unchecked(link: DocumentLink) -> DocumentRow:
    """A document found and never fetched: not checked (crawl --no-documents, or a crawl that
    stopped), or skipped over --max-documents."""
    skipped = link.state is DocumentState.SKIPPED
    name = link.url.rsplit("/", 1)[-1].split("?", 1)[0]
    return DocumentRow(url=link.url, found_on=link.found_on,
                       format=name.rsplit(".", 1)[-1].lower() if "." in name else "unknown",
                       status="skipped" if skipped else "not-checked", reason=None, title=None,
                       pages=None, image_only_pages=0, tagged=None, violations=0,
                       needs_review=0, worst=[], thumbnail=None)


def _change_row(page: PageResult, finding: Finding) -> ChangeRow:
    return ChangeRow(rule=finding.rule, impact=str(finding.impact), page_url=page.url,
                     selector=finding.selector, fingerprint=finding.fingerprint,
                     viewport=str(page.viewport))


def _ranked(groups: dict[str, RuleGroup]) -> list[RuleGroup]:
    """Worst first, then by pages affected, then by elements, then by rule id."""
    return sorted(groups.values(), key=lambda g: (Severity(g.impact).rank, -len(g.pages),
                                                  -g.count, g.rule))


def _checks_run(store: Store, summary: ScanSummary, page: PageResult | None) -> set[str]:
    """The own checks the scan ran: from its recorded options, else from one page's raw output."""
    options = summary.options or {}
    listed = options.get("checks")
    if isinstance(listed, list | tuple):
        return {str(name) for name in listed}
    if isinstance(listed, str):
        return {name.strip() for name in listed.split(",") if name.strip()}
    if page is None:
        return set()
    raw = store.raw_artifact(summary.id, page.url, page.viewport) or {}
    checks = raw.get("checks")
    return set(checks) if isinstance(checks, dict) else set()
