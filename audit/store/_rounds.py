"""Per-round aggregates (migration 0010), kept up to date as scans finish, so the dashboard reads
a few numbers per round instead of every finding ever stored.

- ``rounds``: one row per finished scan of a target: its pages, its violations by severity, the
  previous finished scan of the target (by start, then id) and the violations new and fixed
  since it (matched by fingerprint; a violation counts as fixed only when its page was scanned
  without error at the same viewport in the later round, as ``audit.report.changes`` has it).
- ``target_fingerprints``: per target, each violation fingerprint and the start of the earliest
  finished scan that had it (the "first seen" of an open violation).
- ``round_groups`` (migrations 0012, 0015): per finished scan of a target, its violations
  counted by rule, severity and when first seen (a scan's start, UTC: the reader dates it in
  its time zone): what the overdue list and the ranking need of the latest rounds, without
  visiting each violation at a start.

``refresh`` is called in the transaction that changes what they are made of: a scan finishing
(``finish_scan``, ``import_run``), stopping being finished (``resume_scan``, an interrupted
finish), or a finished scan's findings changing. It recounts the scan and the finished scan
after it (whose previous round it is) from their findings alone: a few statements over two
rounds, whatever the history. First-seen days only move earlier when a scan finishes (one
upsert of its fingerprints); when a scan stops being finished or its findings change they are
counted again for its target. The groups of a round depend on those days: a scan finishing
counts its own and those of its target's rounds after it (none unless it was imported late);
any other change counts its target's again.
"""

from __future__ import annotations

from collections.abc import Sequence
from enum import Enum
from typing import Any

from sqlalchemy import Connection, and_, delete, exists, func, select
from sqlalchemy.orm import aliased

from audit.model import Outcome, Severity, Viewport
from audit.store._sql import upsert_insert
from audit.store.records import ScanStatus
from audit.store.tables import (
    findings,
    pages,
    round_groups,
    rounds,
    scans,
    target_fingerprints,
)

VIOLATION = str(Outcome.VIOLATION)
FINISHED = str(ScanStatus.FINISHED)
SEVERITIES = tuple(str(s) for s in Severity)


class Change(Enum):
    """What happened to a scan, as far as its target's aggregates are concerned."""

    FINISHED = "finished"  # it finished (again), its findings as they were
    UNFINISHED = "unfinished"  # it was finished and is not any more
    FINDINGS = "findings"  # the findings of a finished scan changed


def sequence(scan_ids: Sequence[int] | None = None) -> Any:
    """Finished scans of targets (or those of ``scan_ids``), each with the previous finished
    scan of its target."""
    previous = func.lag(scans.c.id).over(partition_by=scans.c.target_id,
                                         order_by=(scans.c.started_at, scans.c.id))
    every = (select(scans.c.id.label("id"), previous.label("previous_id"))
             .where(scans.c.status == FINISHED, scans.c.target_id.is_not(None))
             .subquery("every"))
    query = select(every)
    if scan_ids is not None:
        query = query.where(every.c.id.in_(list(scan_ids)))
    return query.subquery("sequence")


def status_changed(connection: Connection, scan_id: int, was: ScanStatus | None) -> None:
    """After the scan's status was set (it was ``was``): count it if it is finished now, take
    it out if it no longer is."""
    now = connection.scalar(select(scans.c.status).where(scans.c.id == scan_id))
    if now == FINISHED:
        refresh(connection, scan_id, Change.FINISHED)
    elif was == ScanStatus.FINISHED:
        refresh(connection, scan_id, Change.UNFINISHED)


def findings_changed(connection: Connection, scan_id: int) -> None:
    """After pages or findings of the scan were written: count it again if it is finished."""
    if connection.scalar(select(scans.c.status).where(scans.c.id == scan_id)) == FINISHED:
        refresh(connection, scan_id, Change.FINDINGS)


def refresh(connection: Connection, scan_id: int, change: Change) -> None:
    """Bring the aggregates of the scan's target up to date after ``change``."""
    scan = connection.execute(select(scans.c.target_id, scans.c.status, scans.c.started_at)
                              .where(scans.c.id == scan_id)).first()
    if scan is None or scan.target_id is None:
        return
    of_target = scans.c.target_id == scan.target_id
    from_it = and_(of_target, (scans.c.started_at > scan.started_at)
                   | and_(scans.c.started_at == scan.started_at, scans.c.id >= scan_id))
    later = (select(scans.c.id).where(from_it, scans.c.status == FINISHED, scans.c.id != scan_id)
             .order_by(scans.c.started_at, scans.c.id).limit(1))
    affected = [scan_id, *connection.scalars(later)]
    connection.execute(delete(rounds).where(rounds.c.scan_id.in_(affected)))
    count(connection, affected)
    if change is Change.FINISHED:
        # first-seen days move earlier only for its fingerprints: its groups and those of the
        # target's rounds after it are counted again (none, as a rule: it is the latest)
        _seen(connection, findings.c.scan_id == scan_id, replace=False)
        _group(connection, from_it)
    else:
        connection.execute(delete(target_fingerprints)
                           .where(target_fingerprints.c.target_id == scan.target_id))
        _seen(connection, of_target, replace=True)
        _group(connection, of_target)


def count(connection: Connection, scan_ids: Sequence[int]) -> None:
    """Insert the ``rounds`` rows of those of ``scan_ids`` that are finished scans of a target
    (none may have one yet). A fixed number of statements, whatever the number of scans."""
    steps = sequence(scan_ids)
    rows = {row.id: {"scan_id": row.id, "previous_id": row.previous_id, "pages": 0,
                     **dict.fromkeys(SEVERITIES, 0),
                     "new_violations": None if row.previous_id is None else 0,
                     "fixed_violations": None if row.previous_id is None else 0}
            for row in connection.execute(select(steps))}
    if not rows:
        return
    wanted = list(rows)
    for scan_id, number in connection.execute(
            select(pages.c.scan_id, func.count())
            .where(pages.c.scan_id.in_(wanted), pages.c.viewport != str(Viewport.DOCUMENT))
            .group_by(pages.c.scan_id)):
        rows[scan_id]["pages"] = int(number)
    for scan_id, impact, number in connection.execute(
            select(findings.c.scan_id, findings.c.impact, func.count())
            .where(findings.c.scan_id.in_(wanted), findings.c.outcome == VIOLATION)
            .group_by(findings.c.scan_id, findings.c.impact)):
        if impact in SEVERITIES:
            rows[scan_id][impact] = int(number)
    for scan_id, number in connection.execute(_new_counts(steps)):
        rows[scan_id]["new_violations"] = int(number)
    for scan_id, number in connection.execute(_fixed_counts(steps)):
        rows[scan_id]["fixed_violations"] = int(number)
    connection.execute(rounds.insert(), list(rows.values()))


def _new_counts(steps: Any) -> Any:
    current = aliased(findings)
    before = aliased(findings)
    seen = exists().where(before.c.scan_id == steps.c.previous_id,
                          before.c.fingerprint == current.c.fingerprint,
                          before.c.outcome == VIOLATION)
    return (select(steps.c.id, func.count(func.distinct(current.c.fingerprint)))
            .join(current, and_(current.c.scan_id == steps.c.id,
                                current.c.outcome == VIOLATION))
            .where(steps.c.previous_id.is_not(None), ~seen)
            .group_by(steps.c.id))


def _fixed_counts(steps: Any) -> Any:
    before = aliased(findings)
    current = aliased(findings)
    old_page = aliased(pages)
    new_page = aliased(pages)
    still = exists().where(current.c.scan_id == steps.c.id,
                           current.c.fingerprint == before.c.fingerprint,
                           current.c.outcome == VIOLATION)
    rescanned = exists().where(new_page.c.scan_id == steps.c.id,
                               new_page.c.url_key == old_page.c.url_key,
                               new_page.c.viewport == old_page.c.viewport,
                               new_page.c.error.is_(None))
    return (select(steps.c.id, func.count(func.distinct(before.c.fingerprint)))
            .join(before, and_(before.c.scan_id == steps.c.previous_id,
                               before.c.outcome == VIOLATION))
            .join(old_page, old_page.c.id == before.c.page_id)
            .where(~still, rescanned)
            .group_by(steps.c.id))


def _group(connection: Connection, where: Any) -> None:
    """Count again the open groups (``round_groups``) of the scans ``where`` selects: the
    violations of each finished one by rule, severity and the day first seen at its target
    (``target_fingerprints``, up to date: the start of a scan, dated by the reader in its own
    time zone); the others have none."""
    chosen = select(scans.c.id).where(where)
    connection.execute(delete(round_groups).where(round_groups.c.scan_id.in_(chosen)))
    seen = target_fingerprints
    query = (select(findings.c.scan_id, findings.c.rule, findings.c.impact, seen.c.first_seen,
                    func.count())
             .select_from(findings.join(scans, scans.c.id == findings.c.scan_id)
                          .join(seen, and_(seen.c.target_id == scans.c.target_id,
                                           seen.c.fingerprint == findings.c.fingerprint)))
             .where(where, scans.c.status == FINISHED, findings.c.outcome == VIOLATION)
             .group_by(findings.c.scan_id, findings.c.rule, findings.c.impact,
                       seen.c.first_seen))
    connection.execute(round_groups.insert().from_select(
        ["scan_id", "rule", "impact", "first_seen", "violations"], query))


def _seen(connection: Connection, where: Any, *, replace: bool) -> None:
    """First-seen times of the violation fingerprints of the finished scans ``where`` selects:
    inserted (``replace``: the target's rows were just deleted), else merged, the earlier kept."""
    query = (select(scans.c.target_id, findings.c.fingerprint, func.min(scans.c.started_at))
             .select_from(findings.join(scans, scans.c.id == findings.c.scan_id))
             .where(where, scans.c.status == FINISHED, scans.c.target_id.is_not(None),
                    findings.c.outcome == VIOLATION)
             .group_by(scans.c.target_id, findings.c.fingerprint))
    columns = ["target_id", "fingerprint", "first_seen"]
    if replace:
        connection.execute(target_fingerprints.insert().from_select(columns, query))
        return
    insert = upsert_insert(connection, target_fingerprints).from_select(columns, query)
    earlier = func.least if connection.dialect.name == "postgresql" else func.min
    connection.execute(insert.on_conflict_do_update(
        index_elements=["target_id", "fingerprint"],
        set_={"first_seen": earlier(target_fingerprints.c.first_seen,
                                    insert.excluded.first_seen)}))
