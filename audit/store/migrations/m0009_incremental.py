"""0009: incremental rounds (``audit.webscan.incremental``).

Each page keeps what it was made of when it was last checked in full: the validators of its
HTML response (``etag``, ``last_modified``), the SHA-256 of that response (``content_hash``)
and of each stylesheet and script it loaded (``subresources``, a JSON list), the time it was
last checked in full (``verified_at``; for older pages their ``scanned_at``) and, for a page
whose findings were carried forward unchanged, the scan they came from (``carried_from``).
Each scan keeps the fingerprint of the options that decide its results (``fingerprint``): a
round carries nothing over from a round with another one. A frozen copy of the change; do
not edit after release.
"""

from __future__ import annotations

from sqlalchemy import JSON, Connection, text

_PAGE_COLUMNS = (
    "etag TEXT",
    "last_modified TEXT",
    "content_hash VARCHAR(64)",
    "verified_at VARCHAR(40)",
    "carried_from INTEGER",
)


def apply(connection: Connection) -> None:
    json_type = JSON().compile(dialect=connection.dialect)
    for column in (*_PAGE_COLUMNS, f"subresources {json_type}"):
        connection.execute(text(f"ALTER TABLE pages ADD COLUMN {column}"))
    connection.execute(text("UPDATE pages SET verified_at = scanned_at"))
    connection.execute(text("ALTER TABLE scans ADD COLUMN fingerprint VARCHAR(64)"))
    connection.execute(text(
        "CREATE INDEX ix_scans_target_status ON scans (target_id, status)"))
