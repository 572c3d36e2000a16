"""The dashboard in a real browser as the viewer: our own scanner (axe-core and our own checks)
finds zero violations on every dashboard page (the overview's pages too), phone and desktop,
zh-CN and en; on a phone with scripts off, the filters work from the keyboard, the charts take
focus and nothing scrolls the page sideways; a round's report downloads as PDF."""

from __future__ import annotations

from typing import Any

import pytest

from audit.fieldapp import dashboard
from audit.fieldapp.server import FieldServer
from audit.model import PageResult, Viewport
from audit.store import Store
from tests.fieldapp.browser import phone
from tests.fieldapp.conftest import PASSWORD, logged_in
from tests.fieldapp.dashboard_data import VIEWER, Seeded, seed
from tests.fieldapp.test_accessibility import _problems, _visit
from tests.support.own_scan import SharedScanner

pytestmark = [pytest.mark.browser, pytest.mark.usefixtures("chromium")]


@pytest.fixture(scope="module")
def seeded(field_store: Store) -> Seeded:
    return seed(field_store)


def dashboard_pages(seeded: Seeded) -> list[str]:
    target = seeded.district.targets[0]
    facility = seeded.district.facilities[1]
    return ["/dashboard/", "/dashboard/?from=3",
            "/dashboard/?department=all&type=toilet&status=worse",
            "/dashboard/trends", f"/dashboard/target?name={target.name}",
            f"/dashboard/facility?code={facility.code}&checklist=gb55019-doors",
            "/dashboard/ranking", "/dashboard/overdue",
            f"/dashboard/findings/{seeded.shot_finding}",
            f"/dashboard/inspections/{seeded.photo_inspection}/items/revolving_only",
            f"/dashboard/diff?target={target.name}"]


VIEWS = ((Viewport.MOBILE, "zh-CN"), (Viewport.DESKTOP, "en"))


@pytest.fixture(scope="module")
def scanned(own_scanner: SharedScanner, server: FieldServer,
            seeded: Seeded) -> dict[Viewport, list[PageResult]]:
    """Every dashboard page as the viewer, in each view (a viewport and a language); the two
    views' scans side by side, each a run of its own."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(dashboard, "OVERVIEW_PAGE", 3)  # the overview's pager shown too
        paths = dashboard_pages(seeded)
        runs = own_scanner.scans(*(_visit(server, paths, logged_in(server, VIEWER, lang=lang),
                                          viewport) for viewport, lang in VIEWS))
    return {viewport: run.pages for (viewport, _), run in zip(VIEWS, runs, strict=True)}


@pytest.mark.parametrize(("viewport", "lang"), VIEWS)
def test_every_dashboard_page_has_zero_violations(scanned: dict[Viewport, list[PageResult]],
                                                  seeded: Seeded, viewport: Viewport,
                                                  lang: str):
    pages, paths = scanned[viewport], dashboard_pages(seeded)
    assert len(pages) == len(paths)
    assert not [p.final_url for p in pages if "/login" in (p.final_url or "")]
    assert all("target-size" in p.passed_rules for p in pages)
    assert _problems(pages) == []


def log_in(page: Any, server: FieldServer) -> None:
    page.goto(server.url + "/login")
    page.locator("#name").fill(VIEWER)
    page.locator("#password").fill(PASSWORD)
    page.keyboard.press("Enter")
    page.wait_for_url(server.url + "/dashboard/")


def tab_to(page: Any, selector: str, limit: int = 80) -> None:
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate(f"document.activeElement.matches({selector!r})"):
            return
    raise AssertionError(f"Tab never reached {selector}")


def test_a_viewer_uses_the_dashboard_by_keyboard_on_a_phone_without_scripts(
        browser: Any, server: FieldServer, seeded: Seeded):
    page = phone(browser, javascript=False)
    try:
        log_in(page, server)
        assert page.evaluate("document.documentElement.scrollWidth") <= 390
        tab_to(page, "#f-department")
        page.keyboard.press("ArrowDown")  # the first department after "All"
        tab_to(page, "form.filters button[type=submit]")
        page.keyboard.press("Enter")
        page.wait_for_url("**/dashboard/?department=*")
        chosen = page.locator("#f-department").input_value()
        assert chosen == "区住建局"
        names = page.locator("tbody th[scope=row] a").all_inner_texts()
        assert names and "site-01" not in names  # site-01 belongs to another department
        page.goto(server.url + "/dashboard/trends")
        tab_to(page, "svg[role=img]")
        label = page.evaluate("document.activeElement.getAttribute('aria-labelledby')")
        assert label == "trend-1-title trend-1-desc"
        assert page.evaluate("document.documentElement.scrollWidth") <= 390
        tab_to(page, ".table-wrap[role=region]")
    finally:
        page.context.close()


def test_a_rounds_report_downloads_as_pdf(server: FieldServer, seeded: Seeded):
    viewer = logged_in(server, VIEWER)
    scan_id = seeded.district.targets[0].rounds[-1].scan_id
    reply = viewer.get(f"/dashboard/reports/{scan_id}.pdf?lang=en")
    assert reply.status == 200 and reply.headers["Content-Type"] == "application/pdf"
    assert reply.headers["Content-Disposition"] == \
        f'attachment; filename="report-scan-{scan_id}-en.pdf"'
    assert reply.text.startswith("%PDF-")
