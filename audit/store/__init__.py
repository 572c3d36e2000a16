"""Persistence: scans, pages, raw artifacts, findings, the crawl frontier, facilities,
inspections, answers and photos in one database (photo bytes in a folder beside it).

SQLite file by default (``./a11y-audit.db``, WAL mode, several processes may write), or
PostgreSQL by URL. The schema is brought up to date on open by named migrations recorded in
the database (``audit.store.migrations``). Failures are ``audit.errors.StoreError``.

    with open_store(None) as store:
        scan_id = store.begin_scan(run, target="district-portal")
        store.save_page(scan_id, page)           # one transaction, idempotent per url+viewport
        store.finish_scan(scan_id, finished_at=now)
"""

from __future__ import annotations

from audit.store._diff import DIFF_GROUPINGS
from audit.store._files import FILES_ENV, PhotoFiles, content_path, sha256_hex
from audit.store._frontier import QueueEntry
from audit.store._templates import TemplateGroup
from audit.store.location import DEFAULT_DB, ENV_VAR, Location, resolve
from audit.store.records import (
    AnswerConflict,
    AnswerDraft,
    Assignment,
    Change,
    DiffCount,
    DocumentLink,
    DocumentState,
    DraftProblem,
    FacilityInfo,
    FrontierItem,
    FrontierState,
    InspectionInfo,
    InspectionRecord,
    InspectionStatus,
    KeptVerdict,
    OpenGroup,
    OpenViolation,
    PhotoRecord,
    ReviewRecord,
    RoundChange,
    RoundCounts,
    RoundDiffCounts,
    ScanRef,
    ScanStatus,
    ScanSummary,
    StoredAnswer,
    StoredFinding,
    TargetInfo,
    UserRecord,
)
from audit.store.store import Store, open_store

__all__ = [
    "DEFAULT_DB",
    "AnswerConflict",
    "AnswerDraft",
    "Assignment",
    "Change",
    "DraftProblem",
    "ENV_VAR",
    "FILES_ENV",
    "DocumentLink",
    "DocumentState",
    "FacilityInfo",
    "FrontierItem",
    "FrontierState",
    "InspectionInfo",
    "InspectionRecord",
    "InspectionStatus",
    "KeptVerdict",
    "OpenGroup",
    "OpenViolation",
    "Location",
    "PhotoFiles",
    "PhotoRecord",
    "QueueEntry",
    "TemplateGroup",
    "ReviewRecord",
    "DIFF_GROUPINGS",
    "DiffCount",
    "RoundChange",
    "RoundCounts",
    "RoundDiffCounts",
    "ScanRef",
    "ScanStatus",
    "ScanSummary",
    "Store",
    "StoredAnswer",
    "StoredFinding",
    "TargetInfo",
    "UserRecord",
    "content_path",
    "open_store",
    "resolve",
    "sha256_hex",
]
