"""0013: what a template-aware crawl learnt about its template regions, kept for the next
incremental round (``audit.store._learning``).

``template_learning``: one row per crawl — the regions it confirmed (their samples) or found
unstable, compressed as a raw artifact is, with a digest of what the samples rest on (axe-core,
its run options, the template code); an incremental round starts from its base round's row
when the digest is the same. Nothing is backfilled: crawls made before kept no samples. A
frozen copy of the change; do not edit after release.
"""

from __future__ import annotations

from sqlalchemy import Column, Connection, ForeignKey, Integer, LargeBinary, MetaData, String, Table

metadata = MetaData()
_scans = Table("scans", metadata, Column("id", Integer, primary_key=True))
template_learning = Table(
    "template_learning", metadata,
    Column("scan_id", Integer, ForeignKey("scans.id", ondelete="CASCADE"), primary_key=True),
    Column("digest", String(64), nullable=False),
    Column("saved_at", String(40), nullable=False),
    Column("codec", String(20), nullable=False),
    Column("size", Integer, nullable=False),
    Column("data", LargeBinary, nullable=False),
)


def apply(connection: Connection) -> None:
    metadata.create_all(connection, tables=[template_learning], checkfirst=False)
