"""Scans and targets: create, update, summarise. Functions take an open connection."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import Connection, case, func, select, update

from audit.clock import utc_now
from audit.model import Outcome, ScanRun, Severity, Viewport
from audit.store._sql import clean, known, unknown, upsert_insert, url_key
from audit.store.records import FrontierState, ScanStatus, ScanSummary, TargetInfo
from audit.store.tables import findings, frontier, pages, scans, targets

REDIRECT_EXAMPLES = 50  # addresses a scan lists per kind of redirect; the rest counted


def require_scan(connection: Connection, scan_id: int) -> None:
    """Raise the one message every unknown scan id gets."""
    if not scan_exists(connection, scan_id):
        raise unknown(f"scan with id {scan_id}")


def scan_exists(connection: Connection, scan_id: int) -> bool:
    return connection.scalar(select(scans.c.id).where(scans.c.id == scan_id)) is not None


def scan_status(connection: Connection, scan_id: int) -> ScanStatus | None:
    found = connection.scalar(select(scans.c.status).where(scans.c.id == scan_id))
    return None if found is None else ScanStatus(found)


def save_target(connection: Connection, name: str, *, department: str | None = None,
                settings: dict[str, Any] | None = None, replace: bool = True) -> int:
    """Create target ``name`` (or, with ``replace``, update its department and settings)."""
    values = {"department": department, "settings": settings}
    insert = upsert_insert(connection, targets).values(name=clean(name), created_at=utc_now(),
                                                      **values)
    if replace:
        insert = insert.on_conflict_do_update(index_elements=["name"], set_=values)
    else:
        insert = insert.on_conflict_do_nothing(index_elements=["name"])
    connection.execute(insert)
    return int(connection.execute(select(targets.c.id)
                                  .where(targets.c.name == clean(name))).scalar_one())


def list_targets(connection: Connection) -> list[TargetInfo]:
    rows = connection.execute(select(targets).order_by(targets.c.name))
    return [TargetInfo(row.name, row.department, row.settings) for row in rows]


def begin_scan(connection: Connection, run: ScanRun, target: str | None,
               options: dict[str, Any] | None, fingerprint: str | None = None) -> int:
    target_id = save_target(connection, target, replace=False) if target else None
    result = connection.execute(scans.insert().values(
        target_id=target_id, engine=run.engine, standard=run.standard,
        tool_version=run.tool_version, axe_version=run.axe_version,
        browser_version=run.browser_version, options=options, status=str(ScanStatus.RUNNING),
        started_at=run.started_at or utc_now(), finished_at=run.finished_at,
        **({"fingerprint": fingerprint} if fingerprint is not None else {}),
    ).returning(scans.c.id))
    return int(result.scalar_one())


def set_scan(connection: Connection, scan_id: int, **values: Any) -> None:
    """Update columns of one scan; raise for an unknown id."""
    if "status" in values:
        values["status"] = str(ScanStatus(values["status"]))  # refuse unknown statuses
    done = connection.execute(update(scans).where(scans.c.id == scan_id).values(**values))
    if done.rowcount == 0:
        raise unknown(f"scan with id {scan_id}")


def lock_scan(connection: Connection, scan_id: int) -> dict[str, Any]:
    """The scan's options, its row locked until the transaction ends (PostgreSQL; SQLite's
    writers are serialised anyway): what a crawl decides from the pages stored so far and
    then writes is one step, however many workers crawl at once."""
    row = known(connection.execute(select(scans.c.options).where(scans.c.id == scan_id)
                                   .with_for_update()).first(),
                f"scan with id {scan_id}")
    return dict(row.options or {})


def note_redirect(connection: Connection, scan_id: int, url: str, viewport: Viewport | str,
                  kind: str) -> None:
    """Count ``url`` among the scan's addresses whose redirect was not stored as a page of
    its own (``options["redirects"][kind]``: how many, and the first REDIRECT_EXAMPLES of
    them). Its frontier entry in ``viewport`` is done and keeps ``kind``; the address is
    counted once, by the first of its viewports to be noted (the entries tell, however many
    addresses there are). The list is bounded: a site whose thousands of http:// links
    redirect to pages scanned under https:// must not make every note rewrite a growing
    record."""
    options = lock_scan(connection, scan_id)
    entries = (frontier.c.scan_id == scan_id) & (frontier.c.url_key == url_key(url))
    counted = connection.scalar(select(func.count()).select_from(frontier)
                                .where(entries, frontier.c.redirected.is_not(None)))
    noted = connection.execute(
        update(frontier).where(entries, frontier.c.viewport == str(Viewport(viewport)))
        .values(state=str(FrontierState.DONE),
                redirected=func.coalesce(frontier.c.redirected, kind)))
    if noted.rowcount == 0:
        raise unknown(f"frontier entry {url} ({viewport}) of scan {scan_id}")
    if counted:
        return
    redirects = dict(options.get("redirects") or {})
    kept = dict(redirects.get(kind) or {"count": 0, "examples": []})
    kept["count"] += 1
    if len(kept["examples"]) < REDIRECT_EXAMPLES:
        kept["examples"] = [*kept["examples"], url]
    redirects[kind] = kept
    connection.execute(update(scans).where(scans.c.id == scan_id)
                       .values(options={**options, "redirects": redirects}))


def run_header(connection: Connection, scan_id: int) -> ScanRun:
    """The scan as a ScanRun without pages."""
    row = known(connection.execute(select(scans).where(scans.c.id == scan_id)).first(),
                f"scan with id {scan_id}")
    return ScanRun(engine=row.engine, standard=row.standard, tool_version=row.tool_version,
                   axe_version=row.axe_version, browser_version=row.browser_version,
                   started_at=row.started_at, finished_at=row.finished_at)


def finished_of_target(connection: Connection, target: str | None,
                       limit: int) -> list[int]:
    """Ids of the finished scans of ``target`` (None: of no target), newest first."""
    query = select(scans.c.id).where(scans.c.status == str(ScanStatus.FINISHED))
    if target is None:
        query = query.where(scans.c.target_id.is_(None))
    else:
        query = query.join(targets, targets.c.id == scans.c.target_id).where(
            targets.c.name == clean(target))
    return list(connection.scalars(query.order_by(scans.c.id.desc()).limit(limit)))


def summaries(connection: Connection, *, limit: int | None, scan_id: int | None = None,
              ids: Sequence[int] | None = None) -> list[ScanSummary]:
    """Newest first; page and finding counts come from GROUP BY queries, not from Python."""
    query = (select(scans, targets.c.name.label("target_name"))
             .join(targets, targets.c.id == scans.c.target_id, isouter=True)
             .order_by(scans.c.id.desc()).limit(limit))
    if scan_id is not None:
        query = query.where(scans.c.id == scan_id)
    if ids is not None:
        query = query.where(scans.c.id.in_(list(ids)))
    rows = connection.execute(query).all()
    ids = [row.id for row in rows]
    page_counts = _page_counts(connection, ids)
    finding_counts = _finding_counts(connection, ids)
    return [_summary(row, page_counts.get(row.id, (0, 0, 0, None)),
                     finding_counts.get(row.id, {}))
            for row in rows]


def _page_counts(connection: Connection,
                 ids: Sequence[int]) -> dict[int, tuple[int, int, int, str | None]]:
    """Per scan: pages, pages with errors, pages carried forward, the oldest verification
    among those carried forward."""
    errors = func.sum(case((pages.c.error.is_not(None), 1), else_=0))
    carried = pages.c.carried_from.is_not(None)
    query = (select(pages.c.scan_id, func.count(), errors, func.sum(case((carried, 1), else_=0)),
                    func.min(case((carried, pages.c.verified_at), else_=None)))
             .where(pages.c.scan_id.in_(ids), pages.c.viewport != str(Viewport.DOCUMENT))
             .group_by(pages.c.scan_id))
    return {scan: (int(total), int(failed or 0), int(moved or 0), oldest)
            for scan, total, failed, moved, oldest in connection.execute(query)}


def _finding_counts(connection: Connection,
                    ids: Sequence[int]) -> dict[int, dict[tuple[str, str], int]]:
    query = (select(findings.c.scan_id, findings.c.outcome, findings.c.impact, func.count())
             .where(findings.c.scan_id.in_(ids))
             .group_by(findings.c.scan_id, findings.c.outcome, findings.c.impact))
    counts: dict[int, dict[tuple[str, str], int]] = {}
    for scan, outcome, impact, number in connection.execute(query):
        counts.setdefault(scan, {})[(outcome, impact)] = int(number)
    return counts


def _summary(row: Any, page_counts: tuple[int, int, int, str | None],
             finding_counts: dict[tuple[str, str], int]) -> ScanSummary:
    def count(outcome: Outcome, impact: Severity | None = None) -> int:
        return sum(number for (o, i), number in finding_counts.items()
                   if o == outcome and (impact is None or i == impact))

    return ScanSummary(
        id=row.id, target=row.target_name, engine=row.engine, standard=row.standard,
        status=ScanStatus(row.status), started_at=row.started_at, finished_at=row.finished_at,
        tool_version=row.tool_version, axe_version=row.axe_version,
        browser_version=row.browser_version, options=row.options,
        pages=page_counts[0], pages_with_errors=page_counts[1],
        pages_carried=page_counts[2], oldest_carried=page_counts[3],
        fingerprint=row.fingerprint,
        violations=count(Outcome.VIOLATION), needs_review=count(Outcome.NEEDS_REVIEW),
        violations_by_impact={str(s): count(Outcome.VIOLATION, s) for s in Severity},
    )
