"""The store's methods for field records: facilities and who they are given to, inspections,
answers (versioned) and entries kept aside, photo links, reviews and the change log.

Every method that changes a record takes ``by`` (the user name, None for a command-line import)
and logs the change in the same transaction (``audit.store._trail``).
"""

from __future__ import annotations

from contextlib import AbstractContextManager

from sqlalchemy import Connection

from audit.store import _access, _answers, _inspections, _photos, _reviews, _trail
from audit.store.records import (
    AnswerDraft,
    Assignment,
    Change,
    FacilityInfo,
    InspectionInfo,
    InspectionRecord,
    InspectionStatus,
    ReviewRecord,
    StoredAnswer,
)


class FieldRecords:
    """Mixed into ``Store``, which provides the transactions."""

    def _write(self) -> AbstractContextManager[Connection]:  # pragma: no cover - Store's
        raise NotImplementedError

    def _read(self) -> AbstractContextManager[Connection]:  # pragma: no cover - Store's
        raise NotImplementedError

    # -- facilities ---------------------------------------------------------------------------

    def save_facility(self, facility: FacilityInfo, *, update: bool = True,
                      by: str | None = None) -> int:
        """Create a facility by code (or, with ``update``, overwrite the details given)."""
        with self._write() as connection:
            return _inspections.save_facility(connection, facility, update_details=update,
                                              by=by)

    def create_facility(self, facility: FacilityInfo, *, by: str) -> None:
        """A new facility, given to the person who adds it; ConflictError if the code is
        taken."""
        with self._write() as connection:
            _inspections.create_facility(connection, facility, by)
            _access.assign(connection, facility.code, "user", by, by)

    def overwrite_facility(self, facility: FacilityInfo, *, by: str | None,
                           expected: FacilityInfo | None = None) -> None:
        """Replace every detail (emptied ones too; ``save_facility`` keeps details not given).

        ``expected``: the details the editor started from; then only what they changed is
        written, and ConflictError says which details someone else changed meanwhile.
        """
        with self._write() as connection:
            _inspections.overwrite_facility(connection, facility, by, expected)

    def facility(self, code: str) -> FacilityInfo:
        """One facility; StoreError for an unknown code."""
        with self._read() as connection:
            return _inspections.require_facility(connection, code)

    def facilities(self) -> list[FacilityInfo]:
        with self._read() as connection:
            return _inspections.list_facilities(connection)

    def assign_facility(self, code: str, kind: str, name: str, *, by: str | None) -> bool:
        """Give a facility to a user or a team (``kind``); False if it was already."""
        with self._write() as connection:
            return _access.assign(connection, code, kind, name, by)

    def unassign_facility(self, code: str, kind: str, name: str, *, by: str | None) -> bool:
        with self._write() as connection:
            return _access.unassign(connection, code, kind, name, by)

    def assignments(self, code: str) -> list[Assignment]:
        with self._read() as connection:
            return _access.assignments(connection, code)

    def facility_codes_for(self, user: str, team: str | None) -> set[str]:
        """The facilities given to ``user`` by name or to their ``team``."""
        with self._read() as connection:
            return _access.codes_for(connection, user, team)

    # -- inspections --------------------------------------------------------------------------

    def create_inspection(self, facility: str, checklist_id: str, checklist_version: str, *,
                          inspector: str | None = None, inspected_on: str | None = None,
                          round: int | None = None, building: str = "new",
                          notes: str | None = None,
                          status: InspectionStatus | str = InspectionStatus.DRAFT,
                          by: str | None = None) -> int:
        """A new inspection of facility ``facility`` (a code); ``round`` None is the next one.
        Logged as created by ``by``."""
        values = {"checklist_id": checklist_id, "checklist_version": checklist_version,
                  "inspector": inspector, "inspected_on": inspected_on, "round": round,
                  "building": building, "notes": notes, "status": str(InspectionStatus(status))}
        with self._write() as connection:
            facility_id = _inspections.facility_id(connection, facility)
            return _inspections.create_logged(connection, facility_id, values, by)

    def start_inspection(self, facility: str, checklist_id: str, checklist_version: str, *,
                         inspector: str, building: str,
                         inspected_on: str | None = None) -> tuple[int, bool]:
        """The facility's open round of the checklist (draft, returned, awaiting review), or a
        new round when there is none; and whether it is new. Starting twice starts once."""
        values = {"checklist_id": checklist_id, "checklist_version": checklist_version,
                  "inspector": inspector, "inspected_on": inspected_on, "round": None,
                  "building": building, "notes": None, "status": str(InspectionStatus.DRAFT)}
        with self._write() as connection:
            facility_id = _inspections.facility_id(connection, facility)
            return _inspections.start_inspection(connection, facility_id, values, inspector)

    def delete_inspection(self, inspection_id: int, *, by: str | None) -> None:
        """Delete an empty draft (no answer, photo or entry); ConflictError otherwise."""
        with self._write() as connection:
            _inspections.delete_empty_draft(connection, inspection_id, by)

    def find_inspection(self, facility: str, checklist_id: str, round: int) -> int | None:
        """The id of ``facility``'s round ``round`` of ``checklist_id``, if there is one."""
        with self._read() as connection:
            found = _inspections.find_facility(connection, facility)
            if found is None or found.id is None:
                return None
            return _inspections.find_inspection(connection, found.id, checklist_id, round)

    def reset_inspection(self, inspection_id: int, *, by: str | None = None,
                         **values: object) -> None:
        """Drop every answer and photo link of an inspection and update its header columns
        (``inspector``, ``inspected_on``, ``building``, ``notes``, ``checklist_version`` ...);
        the answers dropped and the header's changes are kept in the change log. ConflictError
        for an approved inspection (import a new round instead)."""
        with self._write() as connection:
            _inspections.reset_header(connection, inspection_id, by, values)
            _answers.clear(connection, inspection_id, by)
            _photos.unlink_all(connection, inspection_id, by)

    def set_inspection_status(self, inspection_id: int, status: InspectionStatus | str, *,
                              by: str | None = None,
                              expect: tuple[InspectionStatus, ...] | None = None) -> None:
        """Change the status; with ``expect`` only from those (ConflictError otherwise)."""
        with self._write() as connection:
            _inspections.set_status(connection, inspection_id, InspectionStatus(status), by,
                                    expect)

    def hand_over(self, inspection_id: int, *, to: str, by: str | None) -> None:
        """Give a draft or an inspection sent back to another inspector (an enabled account
        with the inspector's role), logged; ConflictError when it is not in hand or ``to``
        cannot take it."""
        with self._write() as connection:
            _inspections.hand_over(connection, inspection_id, to, by)

    def inspection(self, inspection_id: int) -> InspectionRecord:
        """An inspection with its facility, answers and photos; StoreError for an unknown id."""
        with self._read() as connection:
            info = _inspections.inspection_info(connection, inspection_id)
            facility = _inspections.find_facility(connection, info.facility)
            assert facility is not None
            return InspectionRecord(info, facility, _answers.answers_of(connection,
                                                                        inspection_id),
                                    _photos.photos_of(connection, inspection_id))

    def inspections(self, *, facility: str | None = None, checklist_id: str | None = None,
                    status: InspectionStatus | None = None,
                    inspector: str | None = None) -> list[InspectionInfo]:
        """Inspections by facility code, checklist and round."""
        with self._read() as connection:
            return _inspections.list_inspections(connection, facility, checklist_id, status,
                                                 inspector)

    # -- answers ------------------------------------------------------------------------------

    def save_answer(self, inspection_id: int, answer: StoredAnswer, *, by: str | None = None,
                    base_version: int | None = None) -> StoredAnswer:
        """Save one answer and log it; return it as stored (with its new version).

        ``base_version`` is the version the change was made on (0: there was no answer); when
        the answer has moved on since, the parts changed by both raise ``AnswerConflict`` and
        nothing is saved. None saves over whatever is stored (imports). Saving also drops the
        entry ``by`` kept aside for the item.
        """
        with self._write() as connection:
            _inspections.inspection_info(connection, inspection_id)
            return _answers.save_answer(connection, inspection_id, answer, by=by,
                                        base_version=base_version)

    def save_draft(self, inspection_id: int, draft: AnswerDraft) -> None:
        """Keep what someone entered that cannot be the answer yet (invalid, or in conflict)."""
        with self._write() as connection:
            _inspections.inspection_info(connection, inspection_id)
            _answers.save_draft(connection, inspection_id, draft)

    def drafts(self, inspection_id: int, *, author: str | None = None) -> list[AnswerDraft]:
        with self._read() as connection:
            return _answers.drafts_of(connection, inspection_id, author)

    def discard_draft(self, inspection_id: int, item_id: str, *, author: str) -> bool:
        """Drop an entry its author chose not to keep (the change log keeps what it said)."""
        with self._write() as connection:
            return _answers.discard_draft(connection, inspection_id, item_id, author)

    # -- photo links --------------------------------------------------------------------------

    def attach_photo(self, inspection_id: int, item_id: str, sha256: str, *,
                     by: str | None = None, before: bool = False) -> bool:
        """Attach a stored photo to an item of an inspection (``before``: a photo of the state
        before the work, for acceptance checklists); False if it already was."""
        with self._write() as connection:
            _inspections.inspection_info(connection, inspection_id)
            return _photos.link(connection, inspection_id, item_id, sha256, by, before=before)

    def remove_photo(self, inspection_id: int, item_id: str, sha256: str, *,
                     by: str | None) -> bool:
        """Take a photo off an item; it stays in the store and in the change log."""
        with self._write() as connection:
            return _photos.unlink(connection, inspection_id, item_id, sha256, by)

    def photo_inspections(self, sha256: str) -> list[int]:
        """The inspections a photo was ever attached to (removed included)."""
        with self._read() as connection:
            return _photos.inspections_with(connection, sha256)

    # -- review and history -------------------------------------------------------------------

    def decide(self, inspection_id: int, *, reviewer: str, decision: InspectionStatus,
               comment: str | None, seen: int | None = None) -> None:
        """Approve or return a submitted inspection. ConflictError when it is no longer
        awaiting review (another decision won), when ``reviewer`` entered or changed it (the
        four-eyes rule holds for both decisions), or when it changed after the state ``seen``
        (``last_change`` when the reviewer's page was made)."""
        with self._write() as connection:
            _reviews.decide(connection, inspection_id, reviewer, decision, comment, seen)

    def last_change(self, inspection_id: int) -> int:
        """The id of the newest change of an inspection's content or status (0: none)."""
        with self._read() as connection:
            return _reviews.last_change(connection, inspection_id)

    def reviews(self, inspection_id: int) -> list[ReviewRecord]:
        with self._read() as connection:
            return _reviews.reviews_of(connection, inspection_id)

    def authors(self, inspection_id: int) -> set[str]:
        """Who entered or changed an inspection (they may not decide on it)."""
        with self._read() as connection:
            return _reviews.authors(connection, inspection_id)

    def history(self, *, inspection_id: int | None = None, facility: str | None = None,
                account: str | None = None) -> list[Change]:
        """The change log of an inspection, a facility or an account (a user name), oldest
        first; everything when none is named."""
        with self._read() as connection:
            return _trail.history(connection, inspection_id=inspection_id, facility=facility,
                                  account=account)

