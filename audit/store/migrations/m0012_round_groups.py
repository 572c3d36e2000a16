"""0012: the open violations of each round counted for the dashboard's overdue figures
(``audit.store._rounds`` keeps them up to date).

``round_groups``: per finished scan of a target, its violations counted by rule, severity and
the day their fingerprint was first seen at the target (``target_fingerprints``, 0010). Filled
here from the findings already stored (once: it reads them all). A frozen copy of the change;
do not edit after release.
"""

from __future__ import annotations

from sqlalchemy import Column, Connection, ForeignKey, Integer, MetaData, String, Table, Text, text

metadata = MetaData()
_scans = Table("scans", metadata, Column("id", Integer, primary_key=True))
round_groups = Table(
    "round_groups", metadata,
    Column("scan_id", Integer, ForeignKey("scans.id", ondelete="CASCADE"), primary_key=True),
    Column("rule", Text, primary_key=True),
    Column("impact", String(20), primary_key=True),
    Column("first_seen", String(10), primary_key=True),
    Column("violations", Integer, nullable=False),
)

_BACKFILL = """
    INSERT INTO round_groups (scan_id, rule, impact, first_seen, violations)
    SELECT f.scan_id, f.rule, f.impact, substr(seen.first_seen, 1, 10), count(*)
    FROM scans s
    JOIN findings f ON f.scan_id = s.id
    JOIN target_fingerprints seen ON seen.target_id = s.target_id
                                 AND seen.fingerprint = f.fingerprint
    WHERE s.status = 'finished' AND s.target_id IS NOT NULL AND f.outcome = 'violation'
    GROUP BY f.scan_id, f.rule, f.impact, substr(seen.first_seen, 1, 10)"""


def apply(connection: Connection) -> None:
    metadata.create_all(connection, tables=[round_groups], checkfirst=False)
    connection.execute(text(_BACKFILL))
