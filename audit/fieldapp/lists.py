"""Work lists: an inspector's own inspections (those sent back first, with the reason) and the
reviewers' queue (awaiting review, oldest first, with completeness and failed items)."""

from __future__ import annotations

from dataclasses import dataclass

from flask import Blueprint, render_template

from audit.checklist.intake import judge
from audit.errors import ChecklistError, StoreError
from audit.fieldapp import access
from audit.fieldapp.answers import Progress, completeness
from audit.fieldapp.web import catalogue, cl, store, user
from audit.model import ItemOutcome
from audit.store import InspectionInfo, InspectionRecord, InspectionStatus, ReviewRecord

blueprint = Blueprint("lists", __name__)
_ORDER = {InspectionStatus.RETURNED: 0, InspectionStatus.DRAFT: 1,
          InspectionStatus.SUBMITTED: 2, InspectionStatus.APPROVED: 3}


@dataclass(frozen=True)
class Entry:
    record: InspectionRecord
    title: str
    done: Progress
    failed: int
    review: ReviewRecord | None  # the last decision, if any
    own_work: bool = False


@blueprint.route("/mine")
def mine() -> str:
    found = store().inspections(inspector=user().name)
    found.sort(key=lambda i: i.updated_at, reverse=True)
    found.sort(key=lambda i: _ORDER[i.status])  # stable: the newest first within a status
    return render_template("mine.html.j2", entries=_entries(found))


@blueprint.route("/queue")
def queue() -> str:
    access.reviewer()
    found = store().inspections(status=InspectionStatus.SUBMITTED)
    found.sort(key=lambda i: (i.submitted_at or i.updated_at, i.id))
    entries = [e for e in _entries(found) if access.sees(e.record.info)]
    return render_template("queue.html.j2", entries=entries)


def _entries(found: list[InspectionInfo]) -> list[Entry]:
    entries = []
    for info in found:
        try:
            record = store().inspection(info.id)
            checklist, result = judge(record, catalogue())
        except (StoreError, ChecklistError):
            continue
        reviews = store().reviews(info.id)
        entries.append(Entry(
            record, checklist.title.get(cl()), completeness(checklist, record),
            result.counts()[ItemOutcome.FAIL], reviews[-1] if reviews else None,
            own_work=user().name in store().authors(info.id)))
    return entries
