"""The store's migrations: named, applied in order, each recorded in ``schema_migrations``.

To change the schema, add a module ``mNNNN_what.py`` with an ``apply(connection)`` function
and append it to ``MIGRATIONS``; then update ``audit.store.tables`` to match. Never edit or
reorder a migration that has shipped: databases out there have it recorded by name.
A migration runs inside the runner's transaction (DDL is transactional on both SQLite and
PostgreSQL), so it either applies completely or not at all. It must use only its own frozen
table definitions, never ``audit.store.tables``, which describes the newest schema.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from sqlalchemy import Connection

from audit.store.migrations import (
    m0001_initial,
    m0002_inspections,
    m0003_field_app,
    m0004_field_records,
    m0005_photo_stage,
    m0006_documents,
    m0007_finding_facts,
    m0008_templates,
    m0009_incremental,
    m0010_rounds,
    m0011_verdicts,
    m0012_round_groups,
    m0013_template_learning,
    m0014_frontier_attempts,
    m0015_first_seen_stamps,
    m0016_frontier_redirected,
)


@dataclass(frozen=True)
class Migration:
    name: str
    apply: Callable[[Connection], None]


MIGRATIONS: tuple[Migration, ...] = (
    Migration("0001_initial", m0001_initial.apply),
    Migration("0002_inspections", m0002_inspections.apply),
    Migration("0003_field_app", m0003_field_app.apply),
    Migration("0004_field_records", m0004_field_records.apply),
    Migration("0005_photo_stage", m0005_photo_stage.apply),
    Migration("0006_documents", m0006_documents.apply),
    Migration("0007_finding_facts", m0007_finding_facts.apply),
    Migration("0008_templates", m0008_templates.apply),
    Migration("0009_incremental", m0009_incremental.apply),
    Migration("0010_rounds", m0010_rounds.apply),
    Migration("0011_verdicts", m0011_verdicts.apply),
    Migration("0012_round_groups", m0012_round_groups.apply),
    Migration("0013_template_learning", m0013_template_learning.apply),
    Migration("0014_frontier_attempts", m0014_frontier_attempts.apply),
    Migration("0015_first_seen_stamps", m0015_first_seen_stamps.apply),
    Migration("0016_frontier_redirected", m0016_frontier_redirected.apply),
)
