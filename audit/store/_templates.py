"""Template regions of a crawl (``audit.webscan.templates``): which regions a scan met, and
its findings grouped by the template they lie in, most pages first (fix those first)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection, func, select

from audit.model import Viewport
from audit.store._sql import clean, upsert_insert
from audit.store.tables import findings, pages, templates

KINDS = ("header", "navigation", "footer", "sidebar", "region")
_KEY = re.compile(r"[0-9a-f]{28}")
_LABEL_LIMIT = 120


@dataclass(frozen=True)
class TemplateGroup:
    """One rule's findings inside one template region, over the pages it appears on."""

    key: str
    kind: str
    label: str
    rule: str
    outcome: str
    impact: str
    pages: int  # distinct URLs where the rule fails inside the region (viewports not counted
    # apart: the report counts a rule's pages so, and one page is never a shared template)
    findings: int
    first_url: str


def save_templates(connection: Connection, scan_id: int, viewport: Viewport,
                   found: Any) -> None:
    """Record the regions a page's raw result names (``raw["templates"]``); what a hostile
    page could have put there is checked, and anything else is left out."""
    rows = [_row(scan_id, viewport, item) for item in found if isinstance(item, dict)]
    rows = [row for row in rows if row is not None]
    if rows:
        insert = upsert_insert(connection, templates).values(rows)
        connection.execute(insert.on_conflict_do_nothing(
            index_elements=["scan_id", "key", "viewport"]))


def _row(scan_id: int, viewport: Viewport, item: dict[str, Any]) -> dict[str, Any] | None:
    key, kind, label, size = (item.get(name) for name in ("key", "kind", "label", "elements"))
    if not isinstance(key, str) or not _KEY.fullmatch(key) or not isinstance(size, int):
        return None
    return {"scan_id": scan_id, "key": key, "viewport": str(viewport),
            "kind": kind if kind in KINDS else "region",
            "label": clean(str(label))[:_LABEL_LIMIT], "elements": size}


def template_groups(connection: Connection, scan_id: int,
                    min_pages: int = 2) -> list[TemplateGroup]:
    """The scan's findings inside template regions that appear on at least ``min_pages``
    pages, one group per region and rule, most pages first."""
    page_count = func.count(func.distinct(pages.c.url))
    query = (
        select(findings.c.template, findings.c.rule, findings.c.outcome,
               findings.c.impact, page_count.label("pages"),
               func.count().label("findings"), func.min(pages.c.url).label("first_url"),
               func.min(templates.c.kind).label("kind"),
               func.min(templates.c.label).label("label"))
        .join(pages, pages.c.id == findings.c.page_id)
        .join(templates, (templates.c.scan_id == findings.c.scan_id)
              & (templates.c.key == findings.c.template)
              & (templates.c.viewport == pages.c.viewport))
        .where(findings.c.scan_id == scan_id, findings.c.template.is_not(None))
        .group_by(findings.c.template, findings.c.rule, findings.c.outcome, findings.c.impact)
        .having(page_count >= min_pages)
        .order_by(page_count.desc(), func.count().desc(), findings.c.rule, findings.c.template))
    return [TemplateGroup(key=row.template, kind=row.kind, label=row.label, rule=row.rule,
                          outcome=row.outcome, impact=row.impact, pages=row.pages,
                          findings=row.findings, first_url=row.first_url)
            for row in connection.execute(query)]
