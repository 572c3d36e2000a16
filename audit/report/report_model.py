"""The compliance report as data: what the templates render and ``--format json`` writes.

Pure dataclasses, built from the store by ``audit.report.assemble``. The JSON document is
``dataclasses.asdict(report)``; its field names are a contract (``"schema":
"a11y-audit/report/1"``, described by schemas/report-1.schema.json): add fields, never rename.
Severity, outcome and status values are the vocabulary's words; translation happens in the
templates, so one model serves every language.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from audit.model import Note
from audit.standards import SpecClause

SCHEMA_ID = "a11y-audit/report/1"
UNASSIGNED = ""  # the department of a target without one (the templates say "unassigned")

# Per success criterion (the WCAG-EM view). Never "conforms" from automated checks alone.
FAILS = "fails"
NEEDS_REVIEW = "needs-review"
NO_AUTOMATED_FAILURES = "no-automated-failures"
NOT_CHECKED = "not-checked-automatically"
CRITERION_STATUSES = (FAILS, NEEDS_REVIEW, NO_AUTOMATED_FAILURES, NOT_CHECKED)

# What an item of an inspection came to.
ITEM_OUTCOMES = ("pass", "fail", "not-applicable", "unanswered")


def severity_counts() -> dict[str, int]:
    """Every severity, worst first, at zero."""
    return {"critical": 0, "serious": 0, "moderate": 0, "minor": 0}


@dataclass
class StandardRef:
    id: str  # "wcag22aa", "gbt37668-2019", "gb55019-2021", ...
    title_en: str
    title_zh: str
    note_key: str | None = None  # translation key of a note ("mapping not verified", ...)


@dataclass
class Meta:
    """Cover and scope."""

    lang: str  # "zh-CN" or "en"
    generated_at: str  # ISO 8601
    round: str | None
    jurisdiction: str | None
    auditors: list[str]
    standards: list[StandardRef]
    tool: str  # "a11y-audit 0.1.0"
    engines: list[str]
    axe_versions: list[str]
    browser_versions: list[str]
    period_start: str | None
    period_end: str | None


@dataclass
class Example:
    """One element a rule flagged: where it is and what it looks like."""

    page_url: str
    selector: str
    html: str
    message: str
    fingerprint: str
    screenshot: str | None = None  # a data: URI thumbnail, ready to embed
    facts: dict[str, Any] | None = None  # what the rule found: its words in any language


@dataclass
class RuleGroup:
    """All elements one rule flagged with one outcome in one scan."""

    rule: str
    source: str
    outcome: str
    impact: str  # the worst among the elements
    wcag: list[str]
    level: str | None
    help: str  # the rule's one-line description as the scan recorded it (English); reports
    # word the rule from the rule catalogue by its id
    help_url: str
    count: int  # elements
    pages: list[str]  # affected page URLs, in scan order
    examples: list[Example] = field(default_factory=list)  # the first few
    clause: SpecClause | None = None  # instead of WCAG criteria: another specification's


@dataclass
class PageRow:
    url: str
    title: str | None
    status: int | None
    viewport: str
    error: str | None
    violations: int
    needs_review: int
    critical: int
    notes: list[Note] = field(default_factory=list)  # how it was scanned (worded when shown)


@dataclass
class DocumentRow:
    """A published document of a target: what its check came to, and its worst problems."""

    url: str
    found_on: str | None
    format: str  # "pdf", "docx" ...; for one never fetched, its link's extension
    status: str  # checked, manual-review, failed, duplicate; not-checked, skipped (never fetched)
    reason: str | None  # why it was not checked
    title: str | None
    pages: int | None  # pages, sheets or slides
    image_only_pages: int
    tagged: bool | None
    violations: int
    needs_review: int
    worst: list[str]  # rule ids, worst first (at most three)
    thumbnail: str | None  # data: URI of the first page
    duplicate_of: str | None = None
    notes: list[Note] = field(default_factory=list)  # how it was checked (worded when shown)


@dataclass
class CriterionRow:
    number: str
    title_en: str
    title_zh: str
    level: str
    status: str  # one of CRITERION_STATUSES
    violations: int = 0
    needs_review: int = 0
    manual: str | None = None  # an inspector's verdict where one was recorded


@dataclass
class ChangeRow:
    rule: str
    impact: str
    page_url: str
    selector: str
    fingerprint: str
    viewport: str  # of the page it was found on: a fix is shown only at that viewport


@dataclass
class Changes:
    """Against the previous scan of the same target, by fingerprint (violations only)."""

    previous_scan_id: int
    previous_date: str | None
    new: list[ChangeRow]
    fixed: list[ChangeRow]
    persisting: list[ChangeRow]


@dataclass
class RedirectRow:
    """Addresses of a crawl that redirected to no page of their own, of one kind (a value of
    ``audit.model.Redirected``: to a page already scanned, off the site ...)."""

    kind: str
    count: int  # addresses in all
    examples: list[str]  # the first of them (at most 50), as the crawl met them


@dataclass
class WebSection:
    """One scan of one target."""

    scan_id: int
    target: str | None
    department: str  # UNASSIGNED when the target has none
    standard: str
    status: str
    started_at: str | None
    finished_at: str | None
    engine: str
    axe_version: str | None
    browser_version: str | None
    pages: list[PageRow]
    pages_scanned: int  # without an error
    pages_with_errors: int
    pages_with_critical: int
    violations_by_severity: dict[str, int]
    needs_review_count: int
    documents: int  # linked PDF/Office documents found (document_rows says what became of them)
    criteria: list[CriterionRow]
    violations: list[RuleGroup]
    reviews: list[RuleGroup]
    changes: Changes | None = None
    previous_violations: int | None = None
    document_rows: list[DocumentRow] = field(default_factory=list)
    templates: list[TemplateRow] = field(default_factory=list)  # most pages first
    documents_by_status: dict[str, int] = field(default_factory=dict)
    incremental: dict[str, Any] | None = None  # audit.report.incremental.round_facts
    redirects: list[RedirectRow] = field(default_factory=list)


@dataclass
class Photo:
    """A photo attached to a failed item: an embedded thumbnail and where the original is."""

    thumbnail: str  # data: URI of a small JPEG without metadata; "" when it cannot be made
    sha256: str  # the original's full SHA-256 (its name in the store)
    taken_at: str | None  # from EXIF, ISO 8601
    place: str | None  # "lat, lon" (WGS 84) from EXIF
    lat: float | None = None
    lon: float | None = None
    error: str | None = None  # why there is no thumbnail (missing file, changed on disk ...)


@dataclass
class ItemSource:
    """What the figure an item is judged by rests on (see audit.checklist.schema.Source)."""

    basis: str  # clause-text (confirmed), explanatory-note or secondary (not confirmed)
    seen: str  # where the words were read: a URL, or a document and its page
    quote: str | None = None  # the words read, in the standard's language
    note: str | None = None  # in the report's language


@dataclass
class FailedItem:
    """A failed checklist item: what was measured against what the standard requires."""

    item: str
    section: str  # the section's id
    prompt: str  # in the report's language, as are the other texts
    measured: str | None
    required: str | None
    clause: str | None
    severity: str
    photos: list[Photo] = field(default_factory=list)
    section_title: str = ""
    entered: str | None = None  # the answer as the inspector typed it
    note: str | None = None
    confirmed: bool = True  # False: the figure is not confirmed against the standard's text
    photo_missing: bool = False  # the checklist asks for a photo and there is none
    source: ItemSource | None = None  # what the figure rests on
    photos_before: list[Photo] = field(default_factory=list)  # acceptance: before the work


@dataclass
class WorkItem:
    """Acceptance (home modifications): one piece of work, accepted or to redo."""

    item: str
    section_title: str
    prompt: str
    accepted: bool
    measured: str | None
    required: str | None
    note: str | None
    photos_before: list[Photo] = field(default_factory=list)
    photos: list[Photo] = field(default_factory=list)  # after the work
    photo_missing: bool = False  # a photo before or after the work is missing
    confirmed: bool = True  # False: the figure is not confirmed against the standard's text
    source: ItemSource | None = None


@dataclass
class SectionResult:
    """One checklist section of an inspection: counts per item outcome and the result."""

    id: str
    title: str
    result: str  # fail, incomplete, pass or not-applicable
    counts: dict[str, int]  # pass / fail / not-applicable / unanswered


@dataclass
class ItemChangeRow:
    item: str
    section: str
    prompt: str
    severity: str
    clause: str | None


@dataclass
class ItemChanges:
    """Against the previous round of the same checklist at the same facility, item by item."""

    previous_inspection_id: int
    previous_round: int
    previous_date: str | None
    new: list[ItemChangeRow]
    fixed: list[ItemChangeRow]
    persisting: list[ItemChangeRow]
    not_rechecked: list[ItemChangeRow]  # failed before, not answered or not applicable now


@dataclass
class FacilitySection:
    """One inspection (a facility, a checklist, a round), judged by its checklist."""

    id: str  # the facility's code
    name: str
    department: str  # UNASSIGNED when the facility has none
    checklist: str  # the checklist's id
    inspected_at: str | None  # ISO date
    passed: bool  # no failed and no unanswered item, and it could be judged (acceptance:
    # also every piece photographed before and after, and the resident's confirmation)
    sections: dict[str, dict[str, int]]  # section id -> outcome -> count
    failed: list[FailedItem]
    inspection_id: int = 0
    round: int = 1
    checklist_title: str = ""
    checklist_version: str = ""
    standard: str = ""  # the checklist's standard ("GB 55019-2021")
    status: str = "draft"  # draft, submitted, approved, returned
    inspector: str | None = None
    building: str = "new"
    address: str | None = None
    by_severity: dict[str, int] = field(default_factory=severity_counts)  # failed items
    section_results: list[SectionResult] = field(default_factory=list)
    photos_missing: int = 0  # failed or passed items whose required photo is missing
    error: str | None = None  # why the inspection could not be judged
    changes: ItemChanges | None = None
    previous_failed: int | None = None
    unconfirmed_failed: int = 0  # failed items whose figure the clause text does not confirm
    purpose: str = "inspection"  # or "acceptance": pieces of work accepted or to redo
    works: list[WorkItem] = field(default_factory=list)  # acceptance: every judged piece
    resident_confirmed: bool | None = None  # acceptance: the sign-off (None: not answered)
    confirmation_note: str | None = None


@dataclass
class HouseholdRow:
    """One household's home modifications at acceptance."""

    id: str  # the household's code
    name: str
    inspection_id: int
    inspected_at: str | None
    accepted: int  # pieces of work accepted
    to_redo: list[str]  # the prompts of the pieces to redo
    unanswered: int  # pieces in the plan not yet checked
    photos_missing: int  # pieces without a photo before or after the work
    resident_confirmed: bool | None
    done: bool  # everything accepted, photographed before and after, and confirmed


@dataclass
class HomeModifications:
    """The households of the report whose home modifications were accepted or sent back."""

    households: list[HouseholdRow]
    done: int  # households done
    items_accepted: int
    items_to_redo: int


@dataclass
class Barrier:
    """A rule ranked by reach across every web section: how many pages it affects."""

    rule: str
    impact: str
    help: str
    pages: int
    elements: int
    targets: list[str]


@dataclass
class DepartmentCount:
    department: str
    by_severity: dict[str, int]

    @property
    def total(self) -> int:
        return sum(self.by_severity.values())


@dataclass
class TrendPoint:
    target: str  # a target, or a facility and checklist
    previous: int | None  # web: violations; physical: failed items
    current: int
    kind: str = "web"  # or "physical"


@dataclass
class Summary:
    web_by_severity: dict[str, int]
    physical_by_severity: dict[str, int]
    web_needs_review: int
    targets: int
    pages: int
    pages_scanned: int
    pages_with_errors: int
    pages_with_critical: int
    critical_share: float  # of pages scanned, 0..1
    facilities: int  # distinct facilities
    facilities_passing: int  # every inspection of the facility in the report passed
    top_barriers: list[Barrier]
    by_department: list[DepartmentCount]
    trend: list[TrendPoint]
    inspections: int = 0  # facility inspections (a facility, a checklist, a round)
    inspections_passing: int = 0


@dataclass
class RemediationItem:
    kind: str  # "web", "physical", or "template" (a shared template region of a web scan)
    title: str  # rule id or checklist item id
    help: str  # the rule's description or the item's prompt
    where: str  # target, or facility name and code
    impact: str
    count: int
    pages: int  # web: pages affected; physical: 0
    deadline: str  # ISO date
    clause: str | None = None  # physical: the standard's clause
    checklist: str | None = None  # physical: the checklist's id
    confirmed: bool = True  # physical: False when the clause text does not confirm the figure
    template_kind: str | None = None  # template: which kind of region (header, footer ...)


@dataclass(frozen=True)
class TemplateRow:
    """One rule's violations inside one shared template region (a CMS template's header,
    menu, footer ...) of a scan: fixed once in the template, for every page it appears on."""

    key: str
    kind: str  # header, navigation, footer, sidebar, region
    label: str  # a short selector for the region: div#top.site-head
    rule: str
    impact: str
    pages: int
    findings: int


@dataclass
class DepartmentPlan:
    department: str
    by_severity: dict[str, int]
    items: list[RemediationItem]


@dataclass
class Method:
    not_checked: list[CriterionRow]  # in scope for some scan and never checked automatically
    deadline_days: dict[str, int]


@dataclass
class Report:
    meta: Meta
    summary: Summary
    web: list[WebSection]
    facilities: list[FacilitySection]
    remediation: list[DepartmentPlan]
    method: Method
    home_modifications: HomeModifications | None = None  # when the report has households
