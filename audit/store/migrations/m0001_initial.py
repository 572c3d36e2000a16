"""0001: targets, scans, pages, artifacts, findings, frontier and documents.

A frozen copy of the schema as this migration created it; do not edit after release.
"""

from __future__ import annotations

from sqlalchemy import (
    JSON,
    Column,
    Connection,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    String,
    Table,
    Text,
    UniqueConstraint,
)

metadata = MetaData()


def apply(connection: Connection) -> None:
    metadata.create_all(connection, checkfirst=False)


def _json() -> JSON:
    return JSON(none_as_null=True)


targets = Table(
    "targets", metadata,
    Column("id", Integer, primary_key=True),
    Column("name", Text, nullable=False, unique=True),
    Column("department", Text),  # 责任部门, the department responsible for the target
    Column("settings", _json()),
    Column("created_at", String(40), nullable=False),
)

scans = Table(
    "scans", metadata,
    Column("id", Integer, primary_key=True),
    Column("target_id", Integer, ForeignKey("targets.id", ondelete="SET NULL"), index=True),
    Column("engine", Text, nullable=False),
    Column("standard", Text, nullable=False),
    Column("tool_version", Text, nullable=False),
    Column("axe_version", Text),
    Column("browser_version", Text),
    Column("options", _json()),
    Column("status", String(20), nullable=False),
    Column("started_at", String(40), nullable=False),
    Column("finished_at", String(40)),
)

pages = Table(
    "pages", metadata,
    Column("id", Integer, primary_key=True),
    Column("scan_id", Integer, ForeignKey("scans.id", ondelete="CASCADE"), nullable=False),
    Column("url", Text, nullable=False),
    Column("url_key", String(64), nullable=False),
    Column("viewport", String(20), nullable=False),
    Column("final_url", Text),
    Column("status", Integer),
    Column("title", Text),
    Column("error", Text),
    Column("notes", _json()),
    Column("timings_ms", _json()),
    Column("passed_rules", _json()),
    Column("inapplicable_rules", _json()),
    Column("scanned_at", String(40), nullable=False),
    UniqueConstraint("scan_id", "url_key", "viewport", name="uq_pages_scan_url_viewport"),
)

artifacts = Table(
    "artifacts", metadata,
    Column("id", Integer, primary_key=True),
    Column("page_id", Integer, ForeignKey("pages.id", ondelete="CASCADE"), nullable=False),
    Column("kind", String(40), nullable=False),
    Column("codec", String(20), nullable=False),
    Column("size", Integer, nullable=False),  # bytes before compression
    Column("data", LargeBinary, nullable=False),
    UniqueConstraint("page_id", "kind", name="uq_artifacts_page_kind"),
)

findings = Table(
    "findings", metadata,
    Column("id", Integer, primary_key=True),
    Column("page_id", Integer, ForeignKey("pages.id", ondelete="CASCADE"), nullable=False,
           index=True),
    Column("scan_id", Integer, ForeignKey("scans.id", ondelete="CASCADE"), nullable=False),
    Column("position", Integer, nullable=False),  # order within the page
    Column("rule", Text, nullable=False),
    Column("source", Text, nullable=False),
    Column("outcome", String(20), nullable=False),
    Column("impact", String(20), nullable=False),
    Column("wcag", _json()),
    Column("level", String(10)),
    Column("selector", Text, nullable=False),
    Column("html", Text, nullable=False),
    Column("message", Text, nullable=False),
    Column("help_url", Text, nullable=False),
    Column("fingerprint", Text, nullable=False),
    Column("screenshot", Text),
    Index("ix_findings_scan_fingerprint", "scan_id", "fingerprint"),
    Index("ix_findings_scan_rule", "scan_id", "rule"),
)

frontier = Table(
    "frontier", metadata,
    Column("id", Integer, primary_key=True),
    Column("scan_id", Integer, ForeignKey("scans.id", ondelete="CASCADE"), nullable=False),
    Column("url", Text, nullable=False),
    Column("url_key", String(64), nullable=False),
    Column("viewport", String(20), nullable=False),
    Column("depth", Integer, nullable=False),
    Column("found_on", Text),
    Column("state", String(20), nullable=False),
    UniqueConstraint("scan_id", "url_key", "viewport", name="uq_frontier_scan_url_viewport"),
    Index("ix_frontier_scan_state_depth", "scan_id", "state", "depth", "id"),
)

documents = Table(
    "documents", metadata,
    Column("id", Integer, primary_key=True),
    Column("scan_id", Integer, ForeignKey("scans.id", ondelete="CASCADE"), nullable=False),
    Column("url", Text, nullable=False),
    Column("url_key", String(64), nullable=False),
    Column("found_on", Text),
    UniqueConstraint("scan_id", "url_key", name="uq_documents_scan_url"),
)
