"""0006: documents are checked, not only found: their state (queued, in flight, done, or
skipped over the cap), the SHA-256 of their bytes (one check per content), what the check said
about the document as a whole, and a thumbnail of its first page. Their findings live with
their result row in ``pages`` (viewport ``document``), like a page's.

Existing rows (documents found by earlier crawls, never checked) stay queued. A frozen copy
of the change; do not edit after release.
"""

from __future__ import annotations

from sqlalchemy import JSON, Connection, text


def apply(connection: Connection) -> None:
    json_type = JSON().compile(dialect=connection.dialect)
    for column in ("state VARCHAR(20) NOT NULL DEFAULT 'queued'", "sha256 VARCHAR(64)",
                   f"summary {json_type}", "thumbnail TEXT"):
        connection.execute(text(f"ALTER TABLE documents ADD COLUMN {column}"))
    connection.execute(text(
        "CREATE INDEX ix_documents_scan_state ON documents (scan_id, state, id)"))
    connection.execute(text(
        "CREATE INDEX ix_documents_scan_sha256 ON documents (scan_id, sha256)"))
