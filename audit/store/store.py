"""The result store: one object over one database, SQLite file or PostgreSQL server.

Every method is one short transaction, so several processes (the CLI, the field app, workers)
can share a database, and nothing a method has returned from is lost if the process dies next.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from types import TracebackType
from typing import Any

from sqlalchemy import Connection, Engine

from audit.errors import StoreError
from audit.evidence import PhotoFiles, RenderedCopies, inspect_photo, render_copies
from audit.evidence import strip_metadata as _strip_metadata
from audit.model import Finding, PageResult, ScanRun, Viewport
from audit.store import _files, _frontier, _inspections, _pages, _photos, _scans
from audit.store._engine import DEFAULT_BUSY_TIMEOUT_S, create_store_engine, writer
from audit.store._failures import translated
from audit.store._migrate import applied_migrations, migrate
from audit.store.location import Location, resolve
from audit.store.records import (
    DocumentLink,
    FacilityInfo,
    FrontierItem,
    FrontierState,
    InspectionInfo,
    InspectionRecord,
    InspectionStatus,
    PhotoRecord,
    ScanStatus,
    ScanSummary,
    StoredAnswer,
    TargetInfo,
)

PAGE_BATCH = 200


def open_store(target: str | Path | None = None, *,
               busy_timeout_s: float = DEFAULT_BUSY_TIMEOUT_S,
               files_dir: str | os.PathLike[str] | None = None) -> Store:
    """Open (creating and migrating as needed) the store at ``target``.

    ``None`` means ``$A11Y_AUDIT_DB``, else ``./a11y-audit.db``. A path is a SQLite file whose
    folder must exist; ``sqlite:///PATH`` and ``postgresql://USER:PASSWORD@HOST/DB`` URLs work
    too. Every failure is a StoreError naming the database without its password.
    ``files_dir`` is the folder for photo bytes (see ``audit.store._files`` for the default).
    """
    location = resolve(target)
    with translated("open", location.display):
        engine = create_store_engine(location, busy_timeout_s=busy_timeout_s)
    try:
        with translated("open", location.display):
            migrate(engine, writer(engine), location.display)
    except BaseException:
        engine.dispose()
        raise
    return Store(location, engine, files_root=_files.files_root(location, files_dir))


class Store:
    """Targets, scans, pages with their raw artifacts and findings, and the crawl frontier;
    facilities, their inspections, answers and photos."""

    def __init__(self, location: Location, engine: Engine, *,
                 files_root: Path | None = None) -> None:
        self.location = location
        self.files_root = files_root
        self._engine = engine
        self._writer = writer(engine)

    # -- lifecycle ---------------------------------------------------------------------------

    @property
    def engine(self) -> Engine:
        """The SQLAlchemy engine, for read-only queries the API does not offer (reports, tests)."""
        return self._engine

    @property
    def name(self) -> str:
        """The database as messages show it (never with a password)."""
        return self.location.display

    def close(self) -> None:
        self._engine.dispose()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, exc_type: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:
        self.close()

    def __repr__(self) -> str:
        return f"<Store {self.name}>"

    def migrations(self) -> list[str]:
        """The names of the migrations recorded in the database, oldest first."""
        with self._read() as connection:
            return applied_migrations(connection)

    # -- targets and scans -------------------------------------------------------------------

    def save_target(self, name: str, *, department: str | None = None,
                    settings: dict[str, Any] | None = None) -> int:
        """Create or update a target (a site or app audited repeatedly); return its id."""
        with self._write() as connection:
            return _scans.save_target(connection, name, department=department, settings=settings)

    def targets(self) -> list[TargetInfo]:
        with self._read() as connection:
            return _scans.list_targets(connection)

    def begin_scan(self, run: ScanRun, *, target: str | None = None,
                   options: dict[str, Any] | None = None) -> int:
        """Record a new running scan (``run.pages`` are not saved; see ``save_page``)."""
        with self._write() as connection:
            return _scans.begin_scan(connection, run, target, options)

    def save_run(self, run: ScanRun, *, target: str | None = None,
                 options: dict[str, Any] | None = None) -> int:
        """Store a whole run at once (begin, every page, finish when ``run.finished_at``)."""
        scan_id = self.begin_scan(run, target=target, options=options)
        for page in run.pages:
            self.save_page(scan_id, page)
        if run.finished_at:
            self.finish_scan(scan_id, finished_at=run.finished_at)
        return scan_id

    def finish_scan(self, scan_id: int, *, finished_at: str,
                    status: ScanStatus | str = ScanStatus.FINISHED) -> None:
        """Close a scan as finished (or interrupted); ValueError for an unknown status."""
        with self._write() as connection:
            _scans.set_scan(connection, scan_id, status=status, finished_at=finished_at)

    def update_scan_versions(self, scan_id: int, *, axe_version: str | None = None,
                             browser_version: str | None = None) -> None:
        """Fill in versions learnt after the scan began (those given as None stay as they are)."""
        values = {"axe_version": axe_version, "browser_version": browser_version}
        values = {name: value for name, value in values.items() if value is not None}
        with self._write() as connection:
            if values:
                _scans.set_scan(connection, scan_id, **values)
            else:
                _scans.require_scan(connection, scan_id)

    def resume_scan(self, scan_id: int) -> int:
        """Mark a scan running again and requeue its in-flight pages; return how many."""
        with self._write() as connection:
            _scans.set_scan(connection, scan_id, status=ScanStatus.RUNNING, finished_at=None)
            return _frontier.set_state(connection, scan_id, FrontierState.QUEUED,
                                       where_state=FrontierState.IN_FLIGHT)

    def scan_exists(self, scan_id: int) -> bool:
        with self._read() as connection:
            return _scans.scan_exists(connection, scan_id)

    def scan(self, scan_id: int) -> ScanSummary:
        """One scan's summary; StoreError for an unknown id."""
        with self._read() as connection:
            found = _scans.summaries(connection, limit=1, scan_id=scan_id)
        if not found:
            raise StoreError(f"no scan with id {scan_id} in DB")
        return found[0]

    def scans(self, *, limit: int | None = 50) -> list[ScanSummary]:
        """The newest ``limit`` scans (all with None), newest first, with counts."""
        with self._read() as connection:
            return _scans.summaries(connection, limit=limit)

    # -- pages -------------------------------------------------------------------------------

    def save_page(self, scan_id: int, page: PageResult) -> None:
        """Save a page, its raw artifact and findings in one transaction.

        Idempotent on (scan, url, viewport): saving again replaces the page, its artifact and
        its findings. The page's frontier entry, if any, becomes done in the same transaction.
        Element screenshots (``page.screenshots``) go to the file folder first, by SHA-256,
        and their findings get ``screenshot = "sha256:<hex>"``; without a folder, or when one
        cannot be written, they are left out and the page is saved all the same.
        """
        refs = _pages.store_screenshots(self.files_root, page.screenshots)
        with self._write() as connection:
            _scans.require_scan(connection, scan_id)
            _pages.save_page(connection, scan_id, page, refs)

    def replace_source_findings(self, scan_id: int, source: str,
                                found: Iterable[tuple[str, str, Finding]]) -> int:
        """Replace the scan's findings of one ``source`` (e.g. the site-level checks, judged
        again when a resumed scan completes) by ``found``: (page url, viewport, finding)."""
        with self._write() as connection:
            _scans.require_scan(connection, scan_id)
            return _pages.replace_source_findings(connection, scan_id, source, list(found))

    def load_run(self, scan_id: int) -> ScanRun:
        """The scan with all its pages and findings (without raw artifacts)."""
        run = self.run_header(scan_id)
        run.pages = list(self.iter_pages(scan_id))
        return run

    def run_header(self, scan_id: int) -> ScanRun:
        """The scan as a ScanRun with no pages (pair it with ``iter_pages`` for big scans)."""
        with self._read() as connection:
            return _scans.run_header(connection, scan_id)

    def iter_pages(self, scan_id: int, *, batch_size: int = PAGE_BATCH) -> Iterator[PageResult]:
        """Stream the pages of a scan in saved order, ``batch_size`` at a time from the DB."""
        if not self.scan_exists(scan_id):
            raise StoreError(f"no scan with id {scan_id} in DB")
        return _pages.iter_batches(self._read, scan_id, batch_size)

    def raw_artifact(self, scan_id: int, url: str,
                     viewport: Viewport | str) -> dict[str, Any] | None:
        """The page's raw browser output, decompressed; None when the page has none."""
        with self._read() as connection:
            _scans.require_scan(connection, scan_id)
            return _pages.raw_artifact(connection, scan_id, url, viewport)

    # -- crawl frontier ----------------------------------------------------------------------

    def enqueue(self, scan_id: int, items: Iterable[_frontier.QueueEntry]) -> int:
        """Queue (url, viewport, depth, found_on) entries; return how many were new."""
        with self._write() as connection:
            _scans.require_scan(connection, scan_id)
            return _frontier.enqueue(connection, scan_id, items)

    def claim(self, scan_id: int, n: int) -> list[FrontierItem]:
        """Take up to ``n`` queued entries (shallowest, then oldest) and mark them in flight."""
        with self._write() as connection:
            _scans.require_scan(connection, scan_id)
            return _frontier.claim(connection, scan_id, n)

    def requeue_in_flight(self, scan_id: int) -> int:
        """Put entries left in flight (by a killed process) back in the queue; return how many."""
        with self._write() as connection:
            _scans.require_scan(connection, scan_id)
            return _frontier.set_state(connection, scan_id, FrontierState.QUEUED,
                                       where_state=FrontierState.IN_FLIGHT)

    def mark_done(self, scan_id: int, url: str, viewport: Viewport | str) -> bool:
        """Mark an entry done without a page (e.g. a link that turned out not to be HTML)."""
        with self._write() as connection:
            _scans.require_scan(connection, scan_id)
            return _frontier.set_state(connection, scan_id, FrontierState.DONE, url=url,
                                       viewport=viewport) > 0

    def frontier_counts(self, scan_id: int) -> dict[FrontierState, int]:
        with self._read() as connection:
            _scans.require_scan(connection, scan_id)
            return _frontier.counts(connection, scan_id)

    def add_document(self, scan_id: int, url: str, found_on: str | None) -> bool:
        """Record a PDF/DOC/XLS link found while crawling; True when it was new to the scan."""
        with self._write() as connection:
            _scans.require_scan(connection, scan_id)
            return _frontier.add_document(connection, scan_id, url, found_on)

    def documents(self, scan_id: int) -> list[DocumentLink]:
        with self._read() as connection:
            _scans.require_scan(connection, scan_id)
            return _frontier.list_documents(connection, scan_id)

    # -- facilities and inspections ----------------------------------------------------------

    def save_facility(self, facility: FacilityInfo, *, update: bool = True) -> int:
        """Create a facility by code (or, with ``update``, overwrite the details given)."""
        with self._write() as connection:
            return _inspections.save_facility(connection, facility, update_details=update)

    def facility(self, code: str) -> FacilityInfo:
        """One facility; StoreError for an unknown code."""
        with self._read() as connection:
            found = _inspections.find_facility(connection, code)
        if found is None:
            raise StoreError(f"no facility {code!r} in DB (add it with "
                             "`a11y-audit facility add`)")
        return found

    def facilities(self) -> list[FacilityInfo]:
        with self._read() as connection:
            return _inspections.list_facilities(connection)

    def create_inspection(self, facility: str, checklist_id: str, checklist_version: str, *,
                          inspector: str | None = None, inspected_on: str | None = None,
                          round: int | None = None, building: str = "new",
                          notes: str | None = None,
                          status: InspectionStatus | str = InspectionStatus.DRAFT) -> int:
        """A new inspection of facility ``facility`` (a code); ``round`` None is the next one."""
        values = {"checklist_id": checklist_id, "checklist_version": checklist_version,
                  "inspector": inspector, "inspected_on": inspected_on, "round": round,
                  "building": building, "notes": notes, "status": str(InspectionStatus(status))}
        with self._write() as connection:
            facility_id = _inspections.facility_id(connection, facility)
            return _inspections.create_inspection(connection, facility_id, values)

    def find_inspection(self, facility: str, checklist_id: str, round: int) -> int | None:
        """The id of ``facility``'s round ``round`` of ``checklist_id``, if there is one."""
        with self._read() as connection:
            found = _inspections.find_facility(connection, facility)
            if found is None or found.id is None:
                return None
            return _inspections.find_inspection(connection, found.id, checklist_id, round)

    def reset_inspection(self, inspection_id: int, **values: object) -> None:
        """Drop every answer and photo link of an inspection and update its header columns
        (``inspector``, ``inspected_on``, ``building``, ``notes``, ``checklist_version`` ...)."""
        with self._write() as connection:
            _inspections.update_inspection(connection, inspection_id, **values)
            _inspections.clear_inspection(connection, inspection_id)

    def set_inspection_status(self, inspection_id: int, status: InspectionStatus | str) -> None:
        with self._write() as connection:
            _inspections.update_inspection(connection, inspection_id, status=status)

    def save_answer(self, inspection_id: int, answer: StoredAnswer) -> None:
        """Save one answer; saving the same item again replaces it."""
        with self._write() as connection:
            _inspections.inspection_info(connection, inspection_id)
            _inspections.save_answer(connection, inspection_id, answer)

    def inspection(self, inspection_id: int) -> InspectionRecord:
        """An inspection with its facility, answers and photos; StoreError for an unknown id."""
        with self._read() as connection:
            info = _inspections.inspection_info(connection, inspection_id)
            facility = _inspections.find_facility(connection, info.facility)
            assert facility is not None
            return InspectionRecord(info, facility, _inspections.answers_of(connection,
                                                                             inspection_id),
                                    _photos.photos_of(connection, inspection_id))

    def inspections(self, *, facility: str | None = None,
                    checklist_id: str | None = None) -> list[InspectionInfo]:
        """Inspections by facility code, checklist and round."""
        with self._read() as connection:
            return _inspections.list_inspections(connection, facility, checklist_id)

    # -- photos ------------------------------------------------------------------------------

    @property
    def photo_files(self) -> PhotoFiles:
        """The folder of original photo bytes; StoreError when the store has none."""
        return _files.photo_files(self.files_root, self.name)

    def add_photo(self, data: bytes, *, name: str = "photo") -> PhotoRecord:
        """Verify a photo, keep its bytes under their SHA-256 and record it (once per hash).

        A photo that is not acceptable raises the EvidenceError that says why, and nothing is
        stored.
        """
        info = inspect_photo(data, name=name)
        files = self.photo_files
        try:
            files.put(data)
        except OSError as err:
            raise StoreError(f"cannot write photo {name} to {files.root}: "
                             f"{err.strerror or err}") from err
        record = PhotoRecord(
            sha256=info.sha256, media_type=info.media_type, width=info.width,
            height=info.height, size=info.size_bytes,
            taken_at=info.taken_at.isoformat() if info.taken_at else None,
            lat=info.gps.lat if info.gps else None, lon=info.gps.lon if info.gps else None,
            original_name=name)
        with self._write() as connection:
            _photos.save_photo(connection, record)
        return self.photo(info.sha256)

    def attach_photo(self, inspection_id: int, item_id: str, sha256: str) -> bool:
        """Attach a stored photo to an item of an inspection; False if it already was."""
        with self._write() as connection:
            _inspections.inspection_info(connection, inspection_id)
            return _photos.link(connection, inspection_id, item_id, sha256)

    def photo(self, sha256: str) -> PhotoRecord:
        with self._read() as connection:
            found = _photos.get_photo(connection, sha256)
        if found is None:
            raise StoreError(f"no photo {sha256} in DB")
        return found

    def photo_bytes(self, sha256: str) -> bytes:
        """The original bytes, checked against their hash (EvidenceError when swapped)."""
        self.photo(sha256)
        return self.photo_files.read(sha256)

    def photo_copies(self, sha256: str, *, strip_location: bool = True) -> RenderedCopies:
        """A thumbnail and a report-size JPEG, made on demand from the original."""
        return render_copies(self.photo_bytes(sha256), strip_location=strip_location,
                             name=sha256[:12])

    def shareable_photo(self, sha256: str) -> bytes:
        """The photo re-encoded without GPS or any other metadata, for sending outside."""
        return _strip_metadata(self.photo_bytes(sha256), name=sha256[:12])

    # -- transactions ------------------------------------------------------------------------

    @contextmanager
    def _write(self) -> Iterator[Connection]:
        with translated("write to", self.name), self._writer.begin() as connection:
            yield connection

    @contextmanager
    def _read(self) -> Iterator[Connection]:
        with translated("read", self.name), self._engine.connect() as connection:
            yield connection
