"""0011: the dashboard's verdict of each complete inspection, kept (``audit.store._verdicts``).

``inspection_verdicts``: one row per inspection the dashboard judged — what it showed of it (items
judged, failed items with severity and photos, or the error), with what the verdict rests on:
the newest change-log entry about the inspection, its ``updated_at`` and a digest of the
checklist that judged it. A row whose marks no longer match is judged again, never shown.
Nothing is backfilled: judging needs the checklists, which the store does not know, so the table
starts empty and the dashboard fills it at its first start; no other table changes. A frozen copy
of the change; do not edit after release.
"""

from __future__ import annotations

from sqlalchemy import JSON, Column, Connection, ForeignKey, Integer, MetaData, String, Table

metadata = MetaData()
_inspections = Table("inspections", metadata, Column("id", Integer, primary_key=True))
inspection_verdicts = Table(
    "inspection_verdicts", metadata,
    Column("inspection_id", Integer, ForeignKey("inspections.id", ondelete="CASCADE"),
           primary_key=True),
    Column("mark", Integer),
    Column("updated_at", String(40), nullable=False),
    Column("checklist_digest", String(64), nullable=False),
    Column("judged_at", String(40), nullable=False),
    Column("verdict", JSON(none_as_null=True), nullable=False),
)


def apply(connection: Connection) -> None:
    metadata.create_all(connection, tables=[inspection_verdicts], checkfirst=False)
