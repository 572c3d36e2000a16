"""What the store hands back besides model objects: scan summaries and crawl bookkeeping."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any, NamedTuple

from audit.errors import ConflictError
from audit.model import DocumentInfo, Finding, Viewport


class ScanStatus(StrEnum):
    RUNNING = "running"
    FINISHED = "finished"
    INTERRUPTED = "interrupted"  # stopped before the end (Ctrl-C, a kill); can be resumed


class FrontierState(StrEnum):
    QUEUED = "queued"
    IN_FLIGHT = "in_flight"  # claimed by a worker, not yet saved
    DONE = "done"


@dataclass(frozen=True)
class ScanSummary:
    """One scan as the ``scans`` listing shows it; counts are computed by the database."""

    id: int
    target: str | None
    engine: str
    standard: str
    status: ScanStatus
    started_at: str
    finished_at: str | None
    tool_version: str
    axe_version: str | None
    browser_version: str | None
    options: dict[str, Any] | None
    pages: int = 0
    pages_with_errors: int = 0
    violations: int = 0  # findings with outcome "violation", one per element
    needs_review: int = 0
    # every Severity, worst first, each with its count (zero included)
    violations_by_impact: dict[str, int] = field(default_factory=dict)
    # incremental rounds: pages whose findings were carried forward unchanged, the oldest
    # time one of them was last checked in full, the fingerprint of the deciding options
    pages_carried: int = 0
    oldest_carried: str | None = None
    fingerprint: str | None = None

    @property
    def pages_verified(self) -> int:
        """Pages checked in full in this scan (not carried forward)."""
        return self.pages - self.pages_carried


@dataclass(frozen=True)
class FrontierItem:
    """A page the crawler has to scan (or has claimed): where it was found and how deep, and
    how many visits of it were started before (a try that failed, or vanished with its
    process)."""

    url: str
    viewport: Viewport
    depth: int
    found_on: str | None
    attempts: int = 0


class DocumentState(StrEnum):
    QUEUED = "queued"  # found, not checked (yet, or ever: crawl --no-documents)
    IN_FLIGHT = "in_flight"  # claimed by a checker
    DONE = "done"  # checked, or recorded why not (its result is in ``pages``)
    SKIPPED = "skipped"  # over the --max-documents cap: found, not fetched


@dataclass(frozen=True)
class DocumentLink:
    """A link to a PDF/Word/Excel document found while crawling, and what became of it."""

    url: str
    found_on: str | None
    state: DocumentState = DocumentState.QUEUED
    info: DocumentInfo | None = None  # once done


@dataclass(frozen=True)
class TargetInfo:
    """A site or app that is audited repeatedly, and the department responsible (责任部门)."""

    name: str
    department: str | None
    settings: dict[str, Any] | None


class InspectionStatus(StrEnum):
    DRAFT = "draft"
    SUBMITTED = "submitted"
    APPROVED = "approved"
    RETURNED = "returned"  # sent back to the inspector for corrections


@dataclass(frozen=True)
class FacilityInfo:
    """A place that is inspected: a building, a car park, a crossing, a stop."""

    code: str  # "FAC-001" or the user's own id; unique
    name: str
    type: str | None = None
    address: str | None = None
    lat: float | None = None
    lon: float | None = None
    department: str | None = None  # 责任部门
    id: int | None = None


@dataclass(frozen=True)
class InspectionInfo:
    """One filled checklist for one facility in one round (verdicts are derived, not stored)."""

    id: int
    facility: str  # the facility's code
    checklist_id: str
    checklist_version: str
    inspector: str | None
    inspected_on: str | None  # ISO date
    round: int
    building: str  # "new" or "existing"
    notes: str | None
    status: InspectionStatus
    created_at: str
    updated_at: str
    submitted_at: str | None = None  # when last submitted for review


@dataclass(frozen=True)
class StoredAnswer:
    """An answer as the inspector entered it; ``unit`` is the unit of a bare number.

    Two answers are equal when they say the same (value, unit, n/a, note); ``version`` (0: not
    stored yet, then 1, 2 ... per change), who and when are bookkeeping and not compared.
    """

    item_id: str
    value: str | None
    unit: str | None = None
    na: bool = False
    note: str | None = None
    version: int = field(default=0, compare=False)
    updated_by: str | None = field(default=None, compare=False)
    updated_at: str | None = field(default=None, compare=False)

    def entry(self) -> dict[str, Any]:
        """What was entered, as the change log keeps it."""
        return {"value": self.value, "unit": self.unit, "na": self.na, "note": self.note}


class AnswerConflict(ConflictError):
    """An answer was changed by someone else since the version the change was based on, and
    both changed the same part of it: nothing was saved. Both answers are kept here."""

    def __init__(self, mine: StoredAnswer, theirs: StoredAnswer) -> None:
        self.mine = mine
        self.theirs = theirs
        super().__init__(f"item {mine.item_id} was changed by {theirs.updated_by or 'someone'} "
                         f"at {theirs.updated_at} (version {theirs.version}) while you were "
                         f"editing it: saved {theirs.entry()}, yours {mine.entry()}")


class DraftProblem(StrEnum):
    INVALID = "invalid"  # the value cannot be read; kept as typed until it is fixed
    CONFLICT = "conflict"  # refused because someone else changed the answer meanwhile


@dataclass(frozen=True)
class AnswerDraft:
    """What one person entered for an item that could not (yet) become the answer."""

    item_id: str
    author: str
    problem: DraftProblem
    value: str | None
    unit: str | None = None
    na: bool = False
    note: str | None = None
    error: str | None = None  # for an invalid entry: what is wrong (a message key)
    base_version: int | None = None  # the answer's version the entry was made on
    updated_at: str | None = None

    def as_answer(self) -> StoredAnswer:
        return StoredAnswer(self.item_id, self.value, self.unit, self.na, self.note)


@dataclass(frozen=True)
class PhotoRecord:
    """A verified photo: its SHA-256 names the original bytes in the file folder."""

    sha256: str
    media_type: str
    width: int
    height: int
    size: int
    taken_at: str | None = None  # ISO 8601 from EXIF, with its offset when the camera gave one
    lat: float | None = None
    lon: float | None = None
    original_name: str | None = None
    original_sha256: str | None = None  # the phone sent a smaller copy of this photo
    original_size: int | None = None
    before: bool = False  # attached to an item as the state before the work


@dataclass(frozen=True)
class InspectionRecord:
    """An inspection with its answers and the photos attached to each item."""

    info: InspectionInfo
    facility: FacilityInfo
    answers: dict[str, StoredAnswer] = field(default_factory=dict)
    photos: dict[str, list[PhotoRecord]] = field(default_factory=dict)  # by item id


@dataclass(frozen=True)
class Change:
    """One entry of the append-only change log: who changed what, when, from what to what.

    ``subject`` is what changed (answer, photo, facility, inspection, status, review, user,
    assignment, draft); ``action`` how (create, update, delete, add, remove, ...).
    """

    id: int
    at: str
    actor: str | None
    subject: str
    action: str
    inspection_id: int | None = None
    facility: str | None = None
    item_id: str | None = None
    old: Any = None
    new: Any = None
    version: int | None = None


@dataclass(frozen=True)
class UserRecord:
    """An account of the field app, as stored (the password only as its hash)."""

    id: int
    name: str
    role: str
    password_hash: str
    disabled: bool = False
    team: str | None = None
    created_at: str | None = None


@dataclass(frozen=True)
class ReviewRecord:
    reviewer: str
    action: str  # "approved" or "returned"
    comment: str | None
    created_at: str


@dataclass(frozen=True)
class Assignment:
    """A facility given to a person or a team (who may then see and inspect it)."""

    kind: str  # "user" or "team"
    name: str
    assigned_by: str | None
    assigned_at: str


class ScanRef(NamedTuple):
    """A finished scan of a target, without its counts."""

    id: int
    target: str
    started_at: str
    finished_at: str | None


class DiffCount(NamedTuple):
    """Violations alike in ``key`` (a rule, or a template region: None for none) and severity,
    counted by what happened to them from one scan to another (``Store.diff_counts``)."""

    key: str | None
    impact: str
    new: int
    fixed: int
    persisting: int


class RoundDiffCounts(NamedTuple):
    groups: list[DiffCount]  # no row is all zeros; a key and severity may have two rows
    not_comparable: int  # pages of the old scan the new one did not scan without error


class RoundChange(NamedTuple):
    """A finished scan of a target against the previous finished scan of the same target."""

    scan_id: int
    previous_id: int
    new: int  # violations (distinct fingerprints) not in the previous scan
    fixed: int  # violations of the previous scan gone, on a page scanned again without error


class RoundCounts(NamedTuple):
    """A finished scan of a target as the dashboard counts it: kept in the store when the scan
    finished (``audit.store._rounds``), not counted from its findings at each reading."""

    scan_id: int
    previous_id: int | None  # the previous finished scan of the target
    pages: int  # documents not counted
    violations_by_impact: dict[str, int]
    new: int | None  # None: no previous round
    fixed: int | None


class OpenGroup(NamedTuple):
    """The violations of a scan alike in rule, severity and when first seen at its target,
    counted: what the dashboard's overdue figures need of the hundreds of thousands a district
    has open, without reading each one."""

    scan_id: int
    rule: str
    impact: str
    first_seen: str  # UTC timestamp: the start of the earliest finished scan that had them
    violations: int


class KeptVerdict(NamedTuple):
    """The dashboard's verdict of an inspection as kept in the store, with what it rests on:
    valid while the inspection's change-log mark and ``updated_at`` and the checklist's digest
    are still these."""

    inspection_id: int
    mark: int | None  # the newest change-log entry about the inspection when judged
    updated_at: str  # the inspection's, when judged
    checklist_digest: str
    judged_at: str
    verdict: dict[str, Any]  # the dashboard's own summary (JSON)


@dataclass(frozen=True)
class OpenViolation:
    """A violation of a scan with the day its fingerprint was first seen at its target."""

    finding_id: int
    scan_id: int
    target: str | None
    rule: str
    impact: str
    page_url: str
    selector: str
    fingerprint: str
    screenshot: str | None
    first_seen: str  # ISO 8601: the start of the earliest finished scan that had it


@dataclass(frozen=True)
class StoredFinding:
    """One stored finding with where it was found."""

    id: int
    scan_id: int
    target: str | None
    page_url: str
    finding: Finding
