"""0010: per-round aggregates for the dashboard (``audit.store._rounds`` keeps them up to date).

``rounds``: one row per finished scan of a target — its pages (documents not counted), its
violations by severity, the previous finished scan of its target (by start, then id) and the
violations new and fixed since it (distinct fingerprints; fixed only where the page was
scanned again without error). ``target_fingerprints``: per target, each violation fingerprint
with the start of the earliest finished scan that had it. Both are filled here from the
findings already stored (once: it reads them all). A frozen copy of the change; do not edit
after release.
"""

from __future__ import annotations

from sqlalchemy import Column, Connection, ForeignKey, Integer, MetaData, String, Table, Text, text

metadata = MetaData()
_scans = Table("scans", metadata, Column("id", Integer, primary_key=True))
_targets = Table("targets", metadata, Column("id", Integer, primary_key=True))
rounds = Table(
    "rounds", metadata,
    Column("scan_id", Integer, ForeignKey("scans.id", ondelete="CASCADE"), primary_key=True),
    Column("previous_id", Integer),
    Column("pages", Integer, nullable=False),
    Column("critical", Integer, nullable=False),
    Column("serious", Integer, nullable=False),
    Column("moderate", Integer, nullable=False),
    Column("minor", Integer, nullable=False),
    Column("new_violations", Integer),
    Column("fixed_violations", Integer),
)
target_fingerprints = Table(
    "target_fingerprints", metadata,
    Column("target_id", Integer, ForeignKey("targets.id", ondelete="CASCADE"),
           primary_key=True),
    Column("fingerprint", Text, primary_key=True),
    Column("first_seen", String(40), nullable=False),
)

_BACKFILL = (
    """INSERT INTO rounds (scan_id, previous_id, pages, critical, serious, moderate, minor,
                           new_violations, fixed_violations)
       SELECT id, lag(id) OVER (PARTITION BY target_id ORDER BY started_at, id), 0, 0, 0, 0, 0,
              NULL, NULL
       FROM scans WHERE status = 'finished' AND target_id IS NOT NULL""",
    """UPDATE rounds SET pages = (SELECT count(*) FROM pages p
                                  WHERE p.scan_id = rounds.scan_id AND p.viewport <> 'document')""",
    *(f"""UPDATE rounds SET {impact} = (SELECT count(*) FROM findings f
                                        WHERE f.scan_id = rounds.scan_id
                                          AND f.outcome = 'violation' AND f.impact = '{impact}')"""
      for impact in ("critical", "serious", "moderate", "minor")),
    """UPDATE rounds SET new_violations = (
         SELECT count(DISTINCT c.fingerprint) FROM findings c
         WHERE c.scan_id = rounds.scan_id AND c.outcome = 'violation'
           AND NOT EXISTS (SELECT 1 FROM findings b
                           WHERE b.scan_id = rounds.previous_id
                             AND b.fingerprint = c.fingerprint AND b.outcome = 'violation'))
       WHERE previous_id IS NOT NULL""",
    """UPDATE rounds SET fixed_violations = (
         SELECT count(DISTINCT b.fingerprint) FROM findings b JOIN pages op ON op.id = b.page_id
         WHERE b.scan_id = rounds.previous_id AND b.outcome = 'violation'
           AND NOT EXISTS (SELECT 1 FROM findings c
                           WHERE c.scan_id = rounds.scan_id
                             AND c.fingerprint = b.fingerprint AND c.outcome = 'violation')
           AND EXISTS (SELECT 1 FROM pages np
                       WHERE np.scan_id = rounds.scan_id AND np.url_key = op.url_key
                         AND np.error IS NULL))
       WHERE previous_id IS NOT NULL""",
    """INSERT INTO target_fingerprints (target_id, fingerprint, first_seen)
       SELECT s.target_id, f.fingerprint, min(s.started_at)
       FROM findings f JOIN scans s ON s.id = f.scan_id
       WHERE s.status = 'finished' AND s.target_id IS NOT NULL AND f.outcome = 'violation'
       GROUP BY s.target_id, f.fingerprint""",
)


def apply(connection: Connection) -> None:
    metadata.create_all(connection, tables=[rounds, target_fingerprints], checkfirst=False)
    for statement in _BACKFILL:
        connection.execute(text(statement))
