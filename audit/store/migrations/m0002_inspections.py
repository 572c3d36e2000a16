"""0002: facilities, inspections, their answers, photos and which item a photo belongs to.

A frozen copy of the schema as this migration created it; do not edit after release.
Photo *bytes* are not in the database: they live in the store's file folder, named by their
SHA-256 (see ``audit.store._files``); the ``photos`` table holds what was read from them.
"""

from __future__ import annotations

from sqlalchemy import (
    Boolean,
    Column,
    Connection,
    Float,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    UniqueConstraint,
)

metadata = MetaData()


def apply(connection: Connection) -> None:
    metadata.create_all(connection, checkfirst=False)


facilities = Table(
    "facilities", metadata,
    Column("id", Integer, primary_key=True),
    Column("code", String(100), nullable=False, unique=True),  # "FAC-001" or the user's own id
    Column("name", Text, nullable=False),
    Column("type", Text),
    Column("address", Text),
    Column("lat", Float),
    Column("lon", Float),
    Column("department", Text),  # 责任部门
    Column("created_at", String(40), nullable=False),
)

inspections = Table(
    "inspections", metadata,
    Column("id", Integer, primary_key=True),
    Column("facility_id", Integer, ForeignKey("facilities.id", ondelete="RESTRICT"),
           nullable=False),
    Column("checklist_id", String(64), nullable=False),
    Column("checklist_version", Text, nullable=False),
    Column("inspector", Text),
    Column("inspected_on", String(10)),  # ISO date
    Column("round", Integer, nullable=False),
    Column("building", String(20), nullable=False),
    Column("notes", Text),
    Column("status", String(20), nullable=False),
    Column("created_at", String(40), nullable=False),
    Column("updated_at", String(40), nullable=False),
    UniqueConstraint("facility_id", "checklist_id", "round",
                     name="uq_inspections_facility_checklist_round"),
)

answers = Table(
    "answers", metadata,
    Column("id", Integer, primary_key=True),
    Column("inspection_id", Integer, ForeignKey("inspections.id", ondelete="CASCADE"),
           nullable=False),
    Column("item_id", String(64), nullable=False),
    Column("value", Text),  # as entered
    Column("unit", Text),  # the unit a bare number was entered in
    Column("na", Boolean, nullable=False),
    Column("note", Text),
    Column("updated_at", String(40), nullable=False),
    UniqueConstraint("inspection_id", "item_id", name="uq_answers_inspection_item"),
)

photos = Table(
    "photos", metadata,
    Column("sha256", String(64), primary_key=True),
    Column("media_type", String(40), nullable=False),
    Column("width", Integer, nullable=False),
    Column("height", Integer, nullable=False),
    Column("size", Integer, nullable=False),
    Column("taken_at", String(40)),
    Column("lat", Float),
    Column("lon", Float),
    Column("original_name", Text),
    Column("created_at", String(40), nullable=False),
)

photo_links = Table(
    "photo_links", metadata,
    Column("id", Integer, primary_key=True),
    Column("inspection_id", Integer, ForeignKey("inspections.id", ondelete="CASCADE"),
           nullable=False),
    Column("item_id", String(64), nullable=False),
    Column("sha256", String(64), ForeignKey("photos.sha256", ondelete="RESTRICT"),
           nullable=False),
    UniqueConstraint("inspection_id", "item_id", "sha256", name="uq_photo_links"),
    Index("ix_photo_links_sha256", "sha256"),
)
