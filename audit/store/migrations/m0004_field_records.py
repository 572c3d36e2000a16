"""0004: what makes field records trustworthy — versions per answer, entries kept until fixed,
photos removed without being erased, server-side sessions, disabled accounts and teams,
facilities assigned to people or teams, and the append-only change log.

A frozen copy of the schema as this migration made it; do not edit after release. Existing
rows are kept: every new column of an existing table has a default or may be empty.
"""

from __future__ import annotations

from sqlalchemy import (
    JSON,
    Boolean,
    Column,
    Connection,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    UniqueConstraint,
    false,
    text,
)
from sqlalchemy.schema import CreateColumn

metadata = MetaData()

NEW_COLUMNS: dict[str, tuple[Column[object], ...]] = {
    "users": (
        Column("disabled", Boolean, nullable=False, server_default=false()),
        Column("team", Text),
    ),
    "facilities": (
        Column("created_by", String(64)),
    ),
    "inspections": (
        Column("submitted_at", String(40)),
    ),
    "answers": (
        Column("version", Integer, nullable=False, server_default=text("1")),
        Column("updated_by", String(64)),
    ),
    "photo_links": (
        Column("added_by", String(64)),
        Column("added_at", String(40)),
        Column("removed_by", String(64)),
        Column("removed_at", String(40)),
    ),
    "photos": (
        Column("original_sha256", String(64)),  # set when the device sent a smaller copy
        Column("original_size", Integer),
    ),
}

_APPEND_ONLY_SQLITE = (
    "CREATE TRIGGER change_log_no_{verb} BEFORE {VERB} ON change_log "
    "BEGIN SELECT RAISE(ABORT, 'change_log is append-only'); END"
)
_APPEND_ONLY_PG = (
    "CREATE FUNCTION change_log_append_only() RETURNS trigger LANGUAGE plpgsql AS $$ "
    "BEGIN RAISE EXCEPTION 'change_log is append-only'; END $$",
    "CREATE TRIGGER change_log_append_only BEFORE UPDATE OR DELETE ON change_log "
    "FOR EACH ROW EXECUTE FUNCTION change_log_append_only()",
)


def apply(connection: Connection) -> None:
    for table, columns in NEW_COLUMNS.items():
        for column in columns:
            ddl = CreateColumn(column).compile(dialect=connection.dialect)
            connection.execute(text(f"ALTER TABLE {table} ADD COLUMN {ddl}"))
    metadata.create_all(connection, tables=NEW_TABLES, checkfirst=False)
    if connection.dialect.name == "postgresql":
        for statement in _APPEND_ONLY_PG:
            connection.execute(text(statement))
    else:
        for verb in ("update", "delete"):
            connection.execute(text(_APPEND_ONLY_SQLITE.format(verb=verb, VERB=verb.upper())))


def _json() -> JSON:
    return JSON(none_as_null=True)


# Only the key of the tables the new ones refer to (they exist already).
_users = Table("users", metadata, Column("id", Integer, primary_key=True))
_facilities = Table("facilities", metadata, Column("id", Integer, primary_key=True))
_inspections = Table("inspections", metadata, Column("id", Integer, primary_key=True))

sessions = Table(
    "sessions", metadata,
    Column("id", String(64), primary_key=True),  # SHA-256 of the token the cookie carries
    Column("user_id", Integer, ForeignKey("users.id", ondelete="CASCADE"), nullable=False,
           index=True),
    Column("created_at", String(40), nullable=False),
    Column("expires_at", String(40), nullable=False),
)

facility_assignments = Table(
    "facility_assignments", metadata,
    Column("id", Integer, primary_key=True),
    Column("facility_id", Integer, ForeignKey("facilities.id", ondelete="CASCADE"),
           nullable=False),
    Column("kind", String(10), nullable=False),  # "user" or "team"
    Column("name", String(64), nullable=False),
    Column("assigned_by", String(64)),
    Column("assigned_at", String(40), nullable=False),
    UniqueConstraint("facility_id", "kind", "name", name="uq_facility_assignments"),
    Index("ix_facility_assignments_name", "kind", "name"),
)

answer_drafts = Table(
    "answer_drafts", metadata,
    Column("id", Integer, primary_key=True),
    Column("inspection_id", Integer, ForeignKey("inspections.id", ondelete="CASCADE"),
           nullable=False),
    Column("item_id", String(64), nullable=False),
    Column("author", String(64), nullable=False),
    Column("problem", String(20), nullable=False),  # "invalid" or "conflict"
    Column("error", String(80)),  # what is wrong with an invalid entry (a message key)
    Column("value", Text),
    Column("unit", Text),
    Column("na", Boolean, nullable=False),
    Column("note", Text),
    Column("base_version", Integer),
    Column("updated_at", String(40), nullable=False),
    UniqueConstraint("inspection_id", "item_id", "author", name="uq_answer_drafts"),
)

change_log = Table(
    "change_log", metadata,
    Column("id", Integer, primary_key=True),
    Column("at", String(40), nullable=False),
    Column("actor", String(64)),  # the user name; None for changes made before accounts
    Column("inspection_id", Integer),  # no foreign key: the log outlives what it describes
    Column("facility", String(100)),
    Column("item_id", String(64)),
    Column("subject", String(20), nullable=False),
    Column("action", String(20), nullable=False),
    Column("old", _json()),
    Column("new", _json()),
    Column("version", Integer),
    Index("ix_change_log_inspection", "inspection_id", "id"),
    Index("ix_change_log_facility", "facility", "id"),
)

NEW_TABLES = [sessions, facility_assignments, answer_drafts, change_log]
