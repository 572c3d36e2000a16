"""The dashboard's verdicts of inspections, kept (migration 0011), so that a dashboard starting
does not judge every inspection of a district by its checklist again.

The store does not judge (that needs the checklists): the dashboard does and hands the summary
over with what it rests on (``KeptVerdict``); a reader shows a kept verdict only while those
marks still match, and judges again otherwise. Keeping a verdict changes no other table.
"""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import Connection, select

from audit.store._sql import upsert_insert
from audit.store.records import KeptVerdict
from audit.store.tables import inspection_verdicts, inspections


def kept(connection: Connection, inspection_ids: Sequence[int]) -> dict[int, KeptVerdict]:
    """The verdicts kept for these inspections (those that have one). One statement."""
    if not inspection_ids:
        return {}
    query = select(inspection_verdicts).where(
        inspection_verdicts.c.inspection_id.in_(list(inspection_ids)))
    return {row.inspection_id: KeptVerdict(row.inspection_id, row.mark, row.updated_at,
                                           row.checklist_digest, row.judged_at, row.verdict)
            for row in connection.execute(query)}


def keep(connection: Connection, verdicts: Sequence[KeptVerdict]) -> None:
    """Keep these verdicts, replacing those kept before (an inspection deleted meanwhile is
    left out). A fixed number of statements."""
    wanted = [verdict.inspection_id for verdict in verdicts]
    there = set(connection.scalars(select(inspections.c.id).where(inspections.c.id.in_(wanted))))
    rows = [verdict._asdict() for verdict in verdicts if verdict.inspection_id in there]
    if not rows:
        return
    insert = upsert_insert(connection, inspection_verdicts)
    columns = [name for name in rows[0] if name != "inspection_id"]
    connection.execute(insert.on_conflict_do_update(
        index_elements=["inspection_id"],
        set_={name: insert.excluded[name] for name in columns}), rows)
