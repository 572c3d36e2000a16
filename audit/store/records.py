"""What the store hands back besides model objects: scan summaries and crawl bookkeeping."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from audit.model import Viewport


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


@dataclass(frozen=True)
class FrontierItem:
    """A page the crawler has to scan (or has claimed): where it was found and how deep."""

    url: str
    viewport: Viewport
    depth: int
    found_on: str | None


@dataclass(frozen=True)
class DocumentLink:
    """A link to a PDF/Word/Excel document found while crawling (not scanned by axe)."""

    url: str
    found_on: str | None


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


@dataclass(frozen=True)
class StoredAnswer:
    """An answer as the inspector entered it; ``unit`` is the unit of a bare number."""

    item_id: str
    value: str | None
    unit: str | None = None
    na: bool = False
    note: str | None = None


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


@dataclass(frozen=True)
class InspectionRecord:
    """An inspection with its answers and the photos attached to each item."""

    info: InspectionInfo
    facility: FacilityInfo
    answers: dict[str, StoredAnswer] = field(default_factory=dict)
    photos: dict[str, list[PhotoRecord]] = field(default_factory=dict)  # by item id
