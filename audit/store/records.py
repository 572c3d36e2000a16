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
