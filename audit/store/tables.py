"""The current schema, as SQLAlchemy Core tables, for queries.

The tables are *created* by the migrations in ``audit.store.migrations``, which keep their own
frozen copy of each definition; a test checks that a migrated database matches this module.
When a migration changes the schema, change this module to match.

URLs from scanned pages can be arbitrarily long, longer than a PostgreSQL index entry may be,
so uniqueness on a URL is enforced on ``url_key`` (the SHA-256 of the URL) instead.
"""

from __future__ import annotations

from sqlalchemy import (
    JSON,
    Column,
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


def _json() -> JSON:
    return JSON(none_as_null=True)


schema_migrations = Table(
    "schema_migrations", metadata,
    Column("name", String(200), primary_key=True),
    Column("applied_at", String(40), nullable=False),
)

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
