"""Review decisions: one decision per submission wins, and nobody decides on their own work.

``decide`` runs in one write transaction: the inspection must still be awaiting review when the
decision is written (a second reviewer deciding at the same moment gets a ConflictError), and a
decision, approval or sending back alike, is refused to anyone who entered or changed the
inspection (the four-eyes rule), and to a reviewer whose page showed an older state of it
(``seen``: the newest change they saw, ``last_change``).
"""

from __future__ import annotations

from sqlalchemy import Connection, func, select

from audit.clock import utc_now
from audit.errors import ConflictError
from audit.store import _inspections, _trail
from audit.store._sql import clean, clean_or_none
from audit.store.records import InspectionStatus, ReviewRecord
from audit.store.tables import change_log, inspection_reviews

DECISIONS = (InspectionStatus.APPROVED, InspectionStatus.RETURNED)
WORK = ("inspection", "answer", "answers", "photo")


def decide(connection: Connection, inspection_id: int, reviewer: str,
           decision: InspectionStatus, comment: str | None, seen: int | None = None) -> None:
    if decision not in DECISIONS:
        raise ValueError(f"a review approves or returns, not {decision}")
    if reviewer in authors(connection, inspection_id):
        raise ConflictError(f"{reviewer} entered or changed inspection {inspection_id}, so "
                            "someone else must approve it or send it back (four-eyes rule)")
    if seen is not None and last_change(connection, inspection_id) != seen:
        raise ConflictError(f"inspection {inspection_id} was changed after {reviewer} "
                            "opened it; the decision is made on what it holds now")
    _inspections.set_status(connection, inspection_id, decision, reviewer,
                            expect=(InspectionStatus.SUBMITTED,))
    connection.execute(inspection_reviews.insert().values(
        inspection_id=inspection_id, reviewer=clean(reviewer), action=str(decision),
        comment=clean_or_none(comment), created_at=utc_now()))
    _trail.record(connection, reviewer, "review", str(decision), inspection_id=inspection_id,
                  new=comment)


def authors(connection: Connection, inspection_id: int) -> set[str]:
    """The inspector and everyone who changed an answer or a photo, or submitted it."""
    info = _inspections.inspection_info(connection, inspection_id)
    found = {change.actor for change in _trail.history(connection, inspection_id=inspection_id)
             if change.actor and (change.subject in WORK or (
                 change.subject == "status" and change.new == str(InspectionStatus.SUBMITTED)))}
    return found | ({info.inspector} if info.inspector else set())


def last_change(connection: Connection, inspection_id: int) -> int:
    """The id of the newest change of what an inspection holds or of its status (0: none),
    so that a decision can name the state it was made on."""
    return int(connection.scalar(select(func.max(change_log.c.id)).where(
        change_log.c.inspection_id == inspection_id,
        change_log.c.subject.in_((*WORK, "status")))) or 0)


def reviews_of(connection: Connection, inspection_id: int) -> list[ReviewRecord]:
    rows = connection.execute(
        select(inspection_reviews).where(inspection_reviews.c.inspection_id == inspection_id)
        .order_by(inspection_reviews.c.id)).all()
    return [ReviewRecord(r.reviewer, r.action, r.comment, r.created_at) for r in rows]
