"""Two scans compared in SQL: the violations new, fixed and persisting, counted by rule (or by
template region) and severity, without reading a finding out of the database.

The counts are those of ``audit.report.diff.diff_pages`` (without needs-review): a page is
matched by URL and viewport; only a page both scans scanned without error can show a fix; on a
page, fingerprints are matched as multisets, in page order. The k-th violation with a
fingerprint on a page of NEW persists when OLD's page has at least k of it, else it is new
(the persisting keep NEW's rule and severity); the k-th on a page of OLD is fixed when NEW's
page has fewer than k. A page of OLD that NEW has not scanned without error is "not
comparable". Two statements, whatever the scans' size.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import Connection, and_, case, exists, func, literal, or_, select, union_all
from sqlalchemy.orm import aliased

from audit.model import Outcome
from audit.store.records import DiffCount, RoundDiffCounts
from audit.store.tables import findings, pages

DIFF_GROUPINGS = ("rule", "template")  # the findings' columns a diff can be counted by
_VIOLATION = str(Outcome.VIOLATION)


def diff_counts(connection: Connection, old_id: int, new_id: int,
                by: str = "rule") -> RoundDiffCounts:
    """What changed from scan ``old_id`` to scan ``new_id``, counted by ``by`` and severity."""
    if by not in DIFF_GROUPINGS:
        raise ValueError(f"a diff is counted by one of {DIFF_GROUPINGS}, not {by!r}")
    pairs = _pairs(old_id, new_id)
    later = _side(pairs, new_id, by, mine="new_page", theirs="old_page")
    earlier = _side(pairs, old_id, by, mine="old_page", theirs="new_page")
    query = union_all(
        select(later.c.key, later.c.impact, later.c.unmatched.label("new"),
               literal(0).label("fixed"), later.c.matched.label("persisting")),
        select(earlier.c.key, earlier.c.impact, literal(0), earlier.c.unmatched, literal(0))
        .where(earlier.c.unmatched > 0))
    groups = [DiffCount(row.key, row.impact, int(row.new), int(row.fixed),
                        int(row.persisting)) for row in connection.execute(query)]
    return RoundDiffCounts(groups, connection.scalar(_not_comparable(old_id, new_id)) or 0)


def _ok(page: Any) -> Any:
    """The page was scanned without error (an empty error is none, as ``diff_pages`` has it)."""
    return or_(page.c.error.is_(None), page.c.error == "")


def _same_page(one: Any, other: Any) -> Any:
    return and_(one.c.url_key == other.c.url_key, one.c.viewport == other.c.viewport,
                one.c.url == other.c.url)


def _pairs(old_id: int, new_id: int) -> Any:
    """Each page NEW scanned without error, with OLD's page of it when OLD scanned it so."""
    new, old = aliased(pages), aliased(pages)
    matched = and_(old.c.scan_id == old_id, _same_page(old, new), _ok(old))
    return (select(new.c.id.label("new_page"), old.c.id.label("old_page"))
            .select_from(new.outerjoin(old, matched))
            .where(new.c.scan_id == new_id, _ok(new))
            .subquery("pairs"))


def _side(pairs: Any, scan_id: int, by: str, *, mine: str, theirs: str) -> Any:
    """The violations of ``scan_id`` on compared pages, by ``by`` and severity: how many have a
    match on the other scan's page (``matched``) and how many not (``unmatched``)."""
    found = aliased(findings)
    nth = func.row_number().over(partition_by=(found.c.page_id, found.c.fingerprint),
                                 order_by=(found.c.position, found.c.id))
    ranked = (select(found.c[by].label("key"), found.c.impact,
                     _same_on(pairs.c[theirs], found.c.fingerprint).label("other_count"),
                     nth.label("nth"))
              .join_from(found, pairs, found.c.page_id == pairs.c[mine])
              .where(found.c.scan_id == scan_id, found.c.outcome == _VIOLATION)
              .subquery("ranked"))
    beyond = ranked.c.nth > ranked.c.other_count
    return (select(ranked.c.key, ranked.c.impact,
                   func.sum(case((beyond, 1), else_=0)).label("unmatched"),
                   func.sum(case((beyond, 0), else_=1)).label("matched"))
            .group_by(ranked.c.key, ranked.c.impact)
            .subquery(f"side_{mine}"))


def _same_on(page_id: Any, fingerprint: Any) -> Any:
    """How many violations with ``fingerprint`` the page ``page_id`` has (0 for no page): a
    few rows on the findings' page index."""
    return (select(func.count()).select_from(findings)
            .where(findings.c.page_id == page_id, findings.c.fingerprint == fingerprint,
                   findings.c.outcome == _VIOLATION)
            .scalar_subquery())


def _not_comparable(old_id: int, new_id: int) -> Any:
    old, new = aliased(pages), aliased(pages)
    compared = exists().where(new.c.scan_id == new_id, _same_page(new, old), _ok(new))
    return select(func.count()).select_from(old).where(old.c.scan_id == old_id, ~compared)
