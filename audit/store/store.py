"""The result store: one object over one database, SQLite file or PostgreSQL server.

Every method is one short transaction, so several processes (the CLI, the field app, workers)
can share a database, and nothing a method has returned from is lost if the process dies next.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from contextvars import ContextVar
from pathlib import Path
from types import TracebackType
from typing import Any

from sqlalchemy import Connection, Engine

from audit.errors import StoreError
from audit.model import Finding, PageResult, ScanRun, Viewport
from audit.store import (
    _carry,
    _dashboard,
    _diff,
    _files,
    _frontier,
    _learning,
    _pages,
    _photos,
    _rounds,
    _scans,
    _sql,
    _templates,
    _verdicts,
)
from audit.store._engine import DEFAULT_BUSY_TIMEOUT_S, create_store_engine, writer
from audit.store._failures import translated
from audit.store._field import FieldRecords
from audit.store._files import PhotoFiles, sha256_hex
from audit.store._migrate import applied_migrations, migrate
from audit.store._people import Accounts
from audit.store._sql import known
from audit.store._templates import TemplateGroup
from audit.store.location import Location, resolve
from audit.store.records import (
    DocumentLink,
    DocumentState,
    FrontierItem,
    FrontierState,
    InspectionRecord,
    KeptVerdict,
    OpenGroup,
    OpenViolation,
    PhotoRecord,
    RoundChange,
    RoundCounts,
    RoundDiffCounts,
    ScanRef,
    ScanStatus,
    ScanSummary,
    StoredFinding,
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


class Store(FieldRecords, Accounts):
    """Targets, scans, pages with their raw artifacts and findings, and the crawl frontier;
    facilities, their inspections, answers and photos (``FieldRecords``); the field app's
    accounts (``Accounts``)."""

    def __init__(self, location: Location, engine: Engine, *,
                 files_root: Path | None = None) -> None:
        self.location = location
        self.files_root = files_root
        self._engine = engine
        self._writer = writer(engine)
        # the connection of the thread's ``one_snapshot`` block, if it is in one
        self._pinned: ContextVar[Connection | None] = ContextVar(f"store-{id(self)}",
                                                                  default=None)

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

    def disk_bytes(self) -> int:
        """What the database takes on disk (tables and indexes; photo files not counted)."""
        with self._read() as connection:
            return _sql.database_bytes(connection)

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
                   options: dict[str, Any] | None = None,
                   fingerprint: str | None = None) -> int:
        """Record a new running scan (``run.pages`` are not saved; see ``save_page``);
        ``fingerprint`` names the options that decide its results (incremental rounds)."""
        with self._write() as connection:
            return _scans.begin_scan(connection, run, target, options, fingerprint)

    def save_run(self, run: ScanRun, *, target: str | None = None,
                 options: dict[str, Any] | None = None) -> int:
        """Store a whole run at once (begin, every page, finish when ``run.finished_at``)."""
        scan_id = self.begin_scan(run, target=target, options=options)
        for page in run.pages:
            self.save_page(scan_id, page)
        if run.finished_at:
            self.finish_scan(scan_id, finished_at=run.finished_at)
        return scan_id

    def import_run(self, run: ScanRun, *, target: str | None = None,
                   options: dict[str, Any] | None = None) -> int:
        """Store a whole run as ``save_run`` does, but in one transaction and with its pages and
        findings written a few thousand rows per statement: for loading many runs at once (an
        import, a generated district). All of it is stored, or nothing."""
        refs = [_pages.store_screenshots(self.files_root, page.screenshots)
                for page in run.pages]
        with self._write() as connection:
            scan_id = _scans.begin_scan(connection, run, target, options)
            _pages.save_new_pages(connection, scan_id, run.pages, refs)
            if run.finished_at:
                _scans.set_scan(connection, scan_id, status=ScanStatus.FINISHED,
                                finished_at=run.finished_at)
                _rounds.refresh(connection, scan_id, _rounds.Change.FINISHED)
        return scan_id

    def finish_scan(self, scan_id: int, *, finished_at: str,
                    status: ScanStatus | str = ScanStatus.FINISHED) -> None:
        """Close a scan as finished (or interrupted); ValueError for an unknown status."""
        with self._write() as connection:
            was = _scans.scan_status(connection, scan_id)
            _scans.set_scan(connection, scan_id, status=status, finished_at=finished_at)
            _rounds.status_changed(connection, scan_id, was)

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
        """Mark a scan running again and requeue its in-flight pages and documents; return how
        many pages."""
        with self._write() as connection:
            was = _scans.scan_status(connection, scan_id)
            _scans.set_scan(connection, scan_id, status=ScanStatus.RUNNING, finished_at=None)
            _rounds.status_changed(connection, scan_id, was)
            _frontier.set_document_state(connection, scan_id, DocumentState.QUEUED,
                                         where_state=DocumentState.IN_FLIGHT)
            return _frontier.set_state(connection, scan_id, FrontierState.QUEUED,
                                       where_state=FrontierState.IN_FLIGHT)

    def scan_exists(self, scan_id: int) -> bool:
        with self._read() as connection:
            return _scans.scan_exists(connection, scan_id)

    def scan_status(self, scan_id: int) -> ScanStatus | None:
        """The scan's status alone (``scan`` also counts pages and findings); None for an
        unknown id (a task for a scan of another database skips it)."""
        with self._read() as connection:
            return _scans.scan_status(connection, scan_id)

    def scan(self, scan_id: int) -> ScanSummary:
        """One scan's summary; StoreError for an unknown id."""
        with self._read() as connection:
            found = _scans.summaries(connection, limit=1, scan_id=scan_id)
        return known(found[0] if found else None, f"scan with id {scan_id}")

    def finished_scans_of(self, target: str | None, *, limit: int = 20) -> list[ScanSummary]:
        """The finished scans of ``target`` (None: those recorded under no target), newest
        first: where an incremental round looks for the last complete round."""
        with self._read() as connection:
            ids = _scans.finished_of_target(connection, target, limit)
            return _scans.summaries(connection, limit=None, ids=ids) if ids else []

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
            _rounds.findings_changed(connection, scan_id)

    def replace_source_findings(self, scan_id: int, source: str,
                                found: Iterable[tuple[str, str, Finding]]) -> int:
        """Replace the scan's findings of one ``source`` (e.g. the site-level checks, judged
        again when a resumed scan completes) by ``found``: (page url, viewport, finding)."""
        with self._write() as connection:
            _scans.require_scan(connection, scan_id)
            replaced = _pages.replace_source_findings(connection, scan_id, source, list(found))
            _rounds.findings_changed(connection, scan_id)
            return replaced

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
        with self._read() as connection:
            _scans.require_scan(connection, scan_id)
        return _pages.iter_batches(self._read, scan_id, batch_size)

    def last_check(self, scan_id: int, url: str,
                   viewport: Viewport | str) -> PageResult | None:
        """A page of a scan without its findings and artifacts (None if the scan has no such
        page): what it was made of and when it was last checked in full."""
        with self._read() as connection:
            return _carry.last_check(connection, scan_id, url, viewport)

    def carry_page(self, scan_id: int, from_scan: int, url: str,
                   viewport: Viewport | str) -> PageResult | None:
        """Carry a page of ``from_scan`` forward into ``scan_id``, unchanged: its findings,
        artifacts, links and last verification are copied inside the database, the copy
        names ``from_scan`` (``carried_from``); its frontier entry is left to ``mark_done``
        (after its links are queued). The page as copied, with its links but without
        findings (None if ``from_scan`` has no such page)."""
        with self._write() as connection:
            _scans.require_scan(connection, scan_id)
            carried = _carry.carry_page(connection, scan_id, from_scan, url, viewport)
            _rounds.findings_changed(connection, scan_id)
            return carried

    def raw_artifact(self, scan_id: int, url: str,
                     viewport: Viewport | str) -> dict[str, Any] | None:
        """The page's raw browser output, decompressed; None when the page has none."""
        with self._read() as connection:
            _scans.require_scan(connection, scan_id)
            return _pages.raw_artifact(connection, scan_id, url, viewport)

    def template_groups(self, scan_id: int, min_pages: int = 2) -> list[TemplateGroup]:
        """Findings inside template regions on at least ``min_pages`` pages, by region and
        rule, most pages first: what one change to a CMS template fixes."""
        with self._read() as connection:
            _scans.require_scan(connection, scan_id)
            return _templates.template_groups(connection, scan_id, min_pages)

    def save_template_learning(self, scan_id: int, digest: str, learnt: dict[str, Any], *,
                               replaces: int | None = None) -> None:
        """Keep what a crawl learnt about its template regions (``digest``: what it rests
        on), for the next incremental round; the learning of ``replaces`` is dropped."""
        with self._write() as connection:
            _scans.require_scan(connection, scan_id)
            _learning.save_learning(connection, scan_id, digest, learnt, replaces)

    def template_learning(self, scan_id: int, digest: str) -> dict[str, Any] | None:
        """What the scan learnt about its template regions, if under ``digest`` (None: it
        kept nothing, or learnt it under another digest)."""
        with self._read() as connection:
            return _learning.learning(connection, scan_id, digest)

    # -- the dashboard's bulk reads (a fixed number of statements each) --------------------

    def finished_scans(self) -> list[ScanRef]:
        """Every finished scan of a target (no counts), by target, in the order started."""
        with self._read() as connection:
            return _dashboard.finished_scans(connection)

    def scan_summaries(self, ids: Iterable[int]) -> list[ScanSummary]:
        """The summaries of these scans (unknown ids left out), newest first."""
        with self._read() as connection:
            return _scans.summaries(connection, limit=None, ids=list(ids))

    def round_counts(self, scan_ids: Iterable[int]) -> dict[int, RoundCounts]:
        """Pages, violations by severity, new and fixed of these scans (those that are
        finished scans of a target), as kept when each finished: no finding is read."""
        with self._read() as connection:
            return _dashboard.round_counts(connection, list(scan_ids))

    def round_changes(self, scan_ids: Iterable[int] | None = None) -> dict[int, RoundChange]:
        """Every finished scan of a target after its first (or those of ``scan_ids``): the
        previous finished scan of the target and the violations new and fixed since (by
        fingerprint), keyed by scan id."""
        with self._read() as connection:
            return _dashboard.round_changes(
                connection, None if scan_ids is None else list(scan_ids))

    def open_violations(self, scan_ids: Iterable[int] = (),
                        groups: Iterable[OpenGroup] = ()) -> list[OpenViolation]:
        """The violations of these scans and of these groups (``open_groups``), by id, each
        with when it was first seen at its target."""
        with self._read() as connection:
            return _dashboard.open_violations(connection, list(scan_ids), list(groups))

    def diff_counts(self, old_id: int, new_id: int, by: str = "rule") -> RoundDiffCounts:
        """The violations new, fixed and persisting from scan ``old_id`` to ``new_id``, counted
        by ``by`` (``rule`` or ``template``) and severity, as ``audit.report.diff`` matches
        them; no finding is read out."""
        with self._read() as connection:
            for scan_id in (old_id, new_id):
                _scans.require_scan(connection, scan_id)
            return _diff.diff_counts(connection, old_id, new_id, by)

    def open_groups(self, scan_ids: Iterable[int]) -> list[OpenGroup]:
        """The violations of these finished scans of targets counted by scan, rule, severity
        and the day first seen at the target, as kept when each finished (no violation read;
        other scans have none)."""
        with self._read() as connection:
            return _dashboard.open_groups(connection, list(scan_ids))

    def inspection_marks(self) -> dict[int, int]:
        """Per inspection, the newest change-log entry about it: a new mark, a change."""
        with self._read() as connection:
            return _dashboard.inspection_marks(connection)

    def field_mark(self) -> tuple[Any, ...]:
        """A value that changes whenever a facility, an inspection, its answers or photos do:
        while it is the same, what was read of them before still holds."""
        with self._read() as connection:
            return _dashboard.field_mark(connection)

    def kept_verdicts(self, inspection_ids: Iterable[int]) -> dict[int, KeptVerdict]:
        """The dashboard's verdicts kept for these inspections (``keep_verdicts``)."""
        with self._read() as connection:
            return _verdicts.kept(connection, list(inspection_ids))

    def keep_verdicts(self, verdicts: Iterable[KeptVerdict]) -> None:
        """Keep the dashboard's verdicts of inspections, with what each rests on, so that the
        next start reads them instead of judging again (one transaction)."""
        with self._write() as connection:
            _verdicts.keep(connection, list(verdicts))

    def stored_finding(self, finding_id: int) -> StoredFinding:
        """One finding by id with its page; StoreError for an unknown id."""
        with self._read() as connection:
            return known(_dashboard.finding(connection, finding_id),
                         f"finding with id {finding_id}")

    def inspection_records(self, ids: Iterable[int]) -> dict[int, InspectionRecord]:
        """Many inspections with facility, answers and photos, by id (unknown ids left out)."""
        with self._read() as connection:
            return _dashboard.inspection_records(connection, list(ids))

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

    def count_attempt(self, scan_id: int, url: str, viewport: Viewport | str,
                      change: int = 1) -> int:
        """Count one more visit started on an entry (it survives a kill and ``--resume``);
        how many were started, this one included. ``change`` -1 takes one back."""
        with self._write() as connection:
            return _frontier.count_attempt(connection, scan_id, url, viewport, change)

    def requeue(self, scan_id: int, url: str, viewport: Viewport | str) -> bool:
        """Put one entry back in the queue (its visit failed; it is tried again)."""
        with self._write() as connection:
            return _frontier.set_state(connection, scan_id, FrontierState.QUEUED, url=url,
                                       viewport=viewport) > 0

    def save_crawled(self, scan_id: int, entry: str, page: PageResult, *,
                     reached: Sequence[str], skipped_as: str | None = None,
                     counted_as: str | None = None) -> bool:
        """Save ``page``, crawled from the frontier entry ``entry`` (in the page's viewport),
        unless the scan has a page in that viewport, other than the entry's own, stored under
        one of ``reached`` or ending there: then it is not saved again. The entry is done
        either way. ``skipped_as``: the kind of redirect ``entry`` is counted as when the
        page is not saved; ``counted_as``: whether it is saved or not (see
        ``note_redirect``). The check and the save are one transaction, so two workers that
        reach one page at once store it once. True when the page was saved."""
        refs = _pages.store_screenshots(self.files_root, page.screenshots)
        with self._write() as connection:
            _scans.lock_scan(connection, scan_id)
            saved = not _pages.reached(connection, scan_id, reached, page.viewport,
                                       other_than=entry)
            if saved:
                _pages.save_page(connection, scan_id, page, refs)
                _rounds.findings_changed(connection, scan_id)
            _frontier.set_state(connection, scan_id, FrontierState.DONE, url=entry,
                                viewport=page.viewport)
            kind = counted_as or (None if saved else skipped_as)
            if kind is not None:
                _scans.note_redirect(connection, scan_id, entry, page.viewport, kind)
            return saved

    def note_redirect(self, scan_id: int, url: str, viewport: Viewport | str,
                      kind: str) -> None:
        """Remember that ``url`` redirected to a page not stored for it (``kind``: why), for
        the scan's summary: its frontier entry in ``viewport`` is done, and the address is
        counted once, whichever of its viewports is noted first."""
        with self._write() as connection:
            _scans.note_redirect(connection, scan_id, url, viewport, kind)

    def frontier_counts(self, scan_id: int) -> dict[FrontierState, int]:
        with self._read() as connection:
            _scans.require_scan(connection, scan_id)
            return _frontier.counts(connection, scan_id)

    def add_document(self, scan_id: int, url: str, found_on: str | None) -> bool:
        """Record a PDF/DOC/XLS link found while crawling; True when it was new to the scan."""
        with self._write() as connection:
            _scans.require_scan(connection, scan_id)
            return _frontier.add_document(connection, scan_id, url, found_on)

    def documents(self, scan_id: int, *, state: DocumentState | None = None,
                  limit: int | None = None) -> list[DocumentLink]:
        """The scan's documents (or those in ``state``; the first ``limit`` of them) in the
        order they were found, each with what checking it came to once it is done."""
        with self._read() as connection:
            _scans.require_scan(connection, scan_id)
            return _frontier.list_documents(connection, scan_id, state, limit)

    def claim_documents(self, scan_id: int, n: int) -> list[DocumentLink]:
        """Take up to ``n`` queued documents (oldest first) and mark them in flight. Their
        result is saved with ``save_page`` (a PageResult with ``document`` set)."""
        with self._write() as connection:
            _scans.require_scan(connection, scan_id)
            return _frontier.claim_documents(connection, scan_id, n)

    def set_document_state(self, scan_id: int, state: DocumentState, *,
                           where_state: DocumentState, url: str | None = None) -> int:
        """Move documents in ``where_state`` (or only ``url``) to ``state``; how many moved.
        E.g. the documents over the crawl's cap, from queued to skipped."""
        with self._write() as connection:
            _scans.require_scan(connection, scan_id)
            return _frontier.set_document_state(connection, scan_id, state,
                                                where_state=where_state, url=url)

    def document_with_hash(self, scan_id: int, sha256: str, *, other_than: str) -> str | None:
        """The URL of a document of the scan, other than ``other_than``, that had these bytes
        and was read itself (so the same file under two URLs is checked once)."""
        with self._read() as connection:
            return _frontier.checked_with_hash(connection, scan_id, sha256, other_than)

    # -- photos ------------------------------------------------------------------------------

    @property
    def photo_files(self) -> PhotoFiles:
        """The folder of original photo bytes; StoreError when the store has none."""
        return _files.photo_files(self.files_root, self.name)

    def add_photo(self, data: bytes, record: PhotoRecord) -> PhotoRecord:
        """Keep a photo's bytes under their SHA-256 and record it (once per hash).

        ``record`` describes ``data`` (``audit.evidence.photo_record`` makes it from a verified
        photo); a record of other bytes is a StoreError and nothing is stored.
        """
        if sha256_hex(data) != record.sha256:
            raise StoreError(f"photo {record.original_name or 'photo'}: the record is of "
                             f"other bytes (SHA-256 {record.sha256[:12]}…); nothing stored")
        files = self.photo_files
        try:
            files.put(data)
        except OSError as err:
            raise StoreError(f"cannot write photo {record.original_name or 'photo'} to "
                             f"{files.root}: {err.strerror or err}") from err
        with self._write() as connection:
            _photos.save_photo(connection, record)
        return self.photo(record.sha256)

    def photo(self, sha256: str) -> PhotoRecord:
        with self._read() as connection:
            return known(_photos.get_photo(connection, sha256), f"photo {sha256}")

    def photo_bytes(self, sha256: str) -> bytes:
        """The original bytes, checked against their hash (EvidenceError when swapped)."""
        self.photo(sha256)
        return self.photo_files.read(sha256)

    # -- transactions ------------------------------------------------------------------------

    @contextmanager
    def _write(self) -> Iterator[Connection]:
        with translated("write to", self.name), self._writer.begin() as connection:
            yield connection

    @contextmanager
    def one_snapshot(self) -> Iterator[None]:
        """Every read of this store inside the block (in this thread) sees the database as it
        was at the block's first read: one read transaction (SQLite: one ``BEGIN`` in WAL mode;
        PostgreSQL: REPEATABLE READ), so what a writer commits meanwhile (a scan finishing, an
        inspection submitted) is either wholly seen by a multi-query reader or not at all.
        Writes inside the block go through their own transactions as ever; nested blocks share
        the outer one."""
        if self._pinned.get() is not None:
            yield
            return
        with translated("read", self.name), self._engine.connect() as connection:
            if connection.dialect.name == "postgresql":
                connection.execution_options(isolation_level="REPEATABLE READ")
            token = self._pinned.set(connection)
            try:
                yield
            finally:
                self._pinned.reset(token)

    @contextmanager
    def _read(self) -> Iterator[Connection]:
        pinned = self._pinned.get()
        if pinned is not None:
            with translated("read", self.name):
                yield pinned
            return
        with translated("read", self.name), self._engine.connect() as connection:
            yield connection
