"""0015: ``round_groups`` counts open violations by the moment they were first seen (the start
of the earliest finished scan of the target that had them, a UTC timestamp as in
``target_fingerprints``) instead of its UTC day, so that the dashboard can date them in the
district's time zone (a violation first seen at 01:00 in Shanghai was first seen on the day
before in UTC). The table is made again, wider, and counted again from the findings stored
(once: it reads them all). A frozen copy of the change; do not edit after release.
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
    Column("first_seen", String(40), primary_key=True),
    Column("violations", Integer, nullable=False),
)

_BACKFILL = """
    INSERT INTO round_groups (scan_id, rule, impact, first_seen, violations)
    SELECT f.scan_id, f.rule, f.impact, seen.first_seen, count(*)
    FROM scans s
    JOIN findings f ON f.scan_id = s.id
    JOIN target_fingerprints seen ON seen.target_id = s.target_id
                                 AND seen.fingerprint = f.fingerprint
    WHERE s.status = 'finished' AND s.target_id IS NOT NULL AND f.outcome = 'violation'
    GROUP BY f.scan_id, f.rule, f.impact, seen.first_seen"""


def apply(connection: Connection) -> None:
    connection.execute(text("DROP TABLE round_groups"))
    metadata.create_all(connection, tables=[round_groups], checkfirst=False)
    connection.execute(text(_BACKFILL))
