"""0008: template regions of template-aware crawls (``audit.webscan.templates``), and the
tracker requests refused on each page (``pages.blocked_requests``, 0 for older pages).

Each finding keeps the identity key of the template region its element lies in
(``findings.template``, NULL outside any region and for scans made before); ``templates``
names each region a scan met, once per viewport: its kind (header, navigation, footer ...), a
short selector to find it, and its size. A frozen copy of the change; do not edit after release.
"""

from __future__ import annotations

from sqlalchemy import (
    Column,
    Connection,
    ForeignKey,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    UniqueConstraint,
    text,
)

metadata = MetaData()
_scans = Table("scans", metadata, Column("id", Integer, primary_key=True))
templates = Table(
    "templates", metadata,
    Column("id", Integer, primary_key=True),
    Column("scan_id", Integer, ForeignKey("scans.id", ondelete="CASCADE"), nullable=False),
    Column("key", String(40), nullable=False),
    Column("viewport", String(20), nullable=False),
    Column("kind", String(20), nullable=False),
    Column("label", Text, nullable=False),
    Column("elements", Integer, nullable=False),
    UniqueConstraint("scan_id", "key", "viewport", name="uq_templates_scan_key_viewport"),
)


def apply(connection: Connection) -> None:
    connection.execute(text(
        "ALTER TABLE pages ADD COLUMN blocked_requests INTEGER NOT NULL DEFAULT 0"))
    connection.execute(text("ALTER TABLE findings ADD COLUMN template VARCHAR(40)"))
    connection.execute(text(
        "CREATE INDEX ix_findings_scan_template ON findings (scan_id, template)"))
    metadata.create_all(connection, tables=[templates], checkfirst=False)
