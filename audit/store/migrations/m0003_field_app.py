"""0003: the field app's accounts, review comments and session key.

Before this migration the field app created these tables itself (``CREATE TABLE IF NOT
EXISTS``), so databases out there may have them already: this one is the only migration that
creates with ``checkfirst``. A frozen copy of the schema; do not edit after release.
"""

from __future__ import annotations

from sqlalchemy import Column, Connection, Integer, MetaData, String, Table, Text

metadata = MetaData()


def apply(connection: Connection) -> None:
    metadata.create_all(connection, checkfirst=True)


users = Table(
    "users", metadata,
    Column("id", Integer, primary_key=True),
    Column("name", String(64), nullable=False, unique=True),
    Column("role", String(20), nullable=False),
    Column("password_hash", Text, nullable=False),
    Column("created_at", String(40), nullable=False),
)

inspection_reviews = Table(
    "inspection_reviews", metadata,
    Column("id", Integer, primary_key=True),
    Column("inspection_id", Integer, nullable=False, index=True),
    Column("reviewer", String(64), nullable=False),
    Column("action", String(20), nullable=False),
    Column("comment", Text),
    Column("created_at", String(40), nullable=False),
)

app_secrets = Table(
    "app_secrets", metadata,
    Column("name", String(64), primary_key=True),
    Column("value", Text, nullable=False),
    Column("created_at", String(40), nullable=False),
)
