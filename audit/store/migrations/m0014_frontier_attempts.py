"""0014: each frontier entry counts the times a crawl started on it (``frontier.attempts``).

A page that breaks the crawler (an exception, or a worker process killed while on it) is tried
a few times and then stored with an error and marked done, so the crawl completes; the count
lives in the store so that it survives ``--resume`` and is shared by every worker. Entries
queued before this migration start from 0. Frozen; do not edit after release.
"""

from __future__ import annotations

from sqlalchemy import Connection, text


def apply(connection: Connection) -> None:
    connection.execute(text("ALTER TABLE frontier ADD COLUMN attempts INTEGER NOT NULL DEFAULT 0"))
