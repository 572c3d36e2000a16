"""The app passes our own scanner at WCAG 2.2 AA — axe-core and our own checks — with zero
violations on every page: logged out; as an inspector (a section with an unreadable value and
a clash to decide showing, the submit check, their own list, the password form, the offline
page); as a reviewer (the review form near the top, the queue, an inspection whose inspector
left); as an admin (the user pages, a facility's assignments, the hand-over form); and the
accessibility statement that every page links to (the site-level check looks for it)."""

from __future__ import annotations

import re

import pytest

from audit.fieldapp.server import FieldServer
from audit.model import PageResult, Viewport
from audit.store import Store
from audit.webscan.steps import SessionState
from tests.fieldapp.client import Client
from tests.fieldapp.conftest import (
    jpeg,
    logged_in,
    returned_by_one_who_left,
    start_ramp_inspection,
)
from tests.fieldapp.test_scans_and_words import store_scan
from tests.support.own_scan import SharedScanner

pytestmark = [pytest.mark.browser, pytest.mark.usefixtures("chromium")]
COOKIE = "a11y_field_session"


def _visit(server: FieldServer, paths: list[str], client: Client | None,
           viewport: Viewport) -> tuple[list[str], dict[str, object]]:
    """A scan of ``paths`` as ``client``'s user (None: logged out): the ``(urls, changes)``
    of ``SharedScanner.scans``."""
    cookies: tuple[dict[str, object], ...] = ()
    if client is not None:
        cookies = ({"name": COOKIE, "value": client.cookie(COOKIE), "url": server.url},)
    return ([server.url + path for path in paths],
            {"session": SessionState(cookies=cookies), "viewport": viewport})


def _scan(scanner: SharedScanner, *visits: tuple[list[str], dict[str, object]]
          ) -> list[PageResult]:
    """The pages of a full scan of each visit, the scans side by side in the process's
    browser, each a run of its own."""
    return [page for run in scanner.scans(*visits) for page in run.pages]


# Where a page leads on: its hidden ``next`` field and the language links' return address;
# and its CSRF token, signed with the second it was made in (two requests can straddle one).
_LEADS_ON = re.compile(r'(name="next" value="|\?next=|name="csrf_token" value=")[^"]*')


def _same_page_but_for_where_it_leads(server: FieldServer, path: str, onward: str) -> None:
    """``path?next=onward`` is ``path`` but for the addresses it leads on to (and its CSRF
    token), values that no check of the scan reads: the scan of ``path`` is the scan of both."""
    visitor = Client(server.url)
    plain, leading = visitor.get(path).text, visitor.get(f"{path}?next={onward}").text
    assert f'name="next" value="{onward}"' in leading
    assert _LEADS_ON.sub(r"\1", leading) == _LEADS_ON.sub(r"\1", plain)


def _problems(pages: list[PageResult]) -> list[str]:
    found = []
    for page in pages:
        if page.error:
            found.append(f"{page.url}: {page.error}")
        found += [f"{page.url}: {f.rule} ({f.source}) {f.selector}: {f.message}"
                  for f in page.violations]
    return found


@pytest.mark.parametrize(("viewport", "lang"), [(Viewport.MOBILE, "zh-CN"),
                                                (Viewport.DESKTOP, "en")])
def test_every_page_has_zero_violations(own_scanner: SharedScanner, server: FieldServer,
                                        field_store: Store, viewport: Viewport, lang: str):
    scan_id = store_scan(field_store)
    alice = logged_in(server, lang=lang)
    inspection_id = start_ramp_inspection(alice)
    code = field_store.inspection(inspection_id).facility.code
    base = f"/inspections/{inspection_id}"
    alice.post(f"{base}/sections/1", {"v-entrance_type": "ramp", "go": "stay"},
               files={"photo-entrance_type": [("door.jpg", jpeg(colour=(50, 60, 70)))]})
    rita = logged_in(server, "rita", lang=lang)
    rita.post(f"{base}/answer", {"item": "ramp_width", "v-ramp_width": "1.2",
                                 "ver-ramp_width": "0"})
    errors = alice.post(f"{base}/sections/2", {"v-ramp_slope": "1:10", "v-ramp_rise": "x",
                                               "v-ramp_width": "0.9", "ver-ramp_width": "0",
                                               "go": "stay"},
                        files={"photo-ramp_slope": [("note.txt", b"not a photo")]})
    assert errors.status == 422  # an unreadable value and a clash, kept: the tabs see them
    sections = [f"{base}/sections/{n}" for n in range(1, 4)]
    inspector_pages = ["/", "/?q=%E4%B8%AD%E5%BF%83", "/facilities/new", f"/facilities/{code}",
                       f"/facilities/{code}/edit", base, *sections, f"{base}/verdict",
                       f"{base}/submit", "/mine", "/account/password", "/offline",
                       "/scans", f"/scans/{scan_id}", f"/scans/{scan_id}/pages/1"]
    switch = alice.get(f"/lang/{lang}?next=/scans")  # lands on /scans, scanned here
    assert (switch.status, switch.headers["Location"]) == (303, "/scans")
    logged_out_pages = ["/login", "/accessibility"]  # the same logged in or not: scanned here
    pages = _scan(own_scanner, _visit(server, inspector_pages, alice, viewport),
                  _visit(server, logged_out_pages, None, viewport))
    assert len(pages) == len(inspector_pages) + len(logged_out_pages)
    # none of alice's pages sent her to log in: only the logged-out visit's own /login is there
    assert [p.url for p in pages if "/login" in (p.final_url or "")] == [server.url + "/login"]
    by_url = {p.url: p for p in pages}
    title = by_url[server.url + sections[1]].title or ""
    assert title.startswith("错误" if lang == "zh-CN" else "Error")  # the errors are showing
    assert all(p.passed_rules for p in pages)
    alice.post(f"{base}/items/ramp_width/resolve", {"keep": "theirs"})
    alice.post(f"{base}/sections/2", {"v-ramp_rise": "600", "go": "stay"})
    alice.post(f"{base}/submit", {"confirm": "yes"})
    left = returned_by_one_who_left(server, field_store, f"left-{lang}")  # says so, linked
    reviewer_pages = [f"{base}/verdict", base, "/queue", f"/inspections/{left}"]  # ravi's:
    ravi = logged_in(server, "ravi", lang=lang)  # rita changed it, so only ravi's verdict
    adam = logged_in(server, "adam", lang=lang)  # has the review form
    in_hand = start_ramp_inspection(alice)  # a draft: adam's page has the hand-over form
    admin_pages = ["/admin/users", "/admin/users/alice", f"/facilities/{code}",
                   f"/inspections/{in_hand}", f"/inspections/{left}"]
    pages += _scan(own_scanner, _visit(server, reviewer_pages, ravi, viewport),
                   _visit(server, admin_pages, adam, viewport))
    _same_page_but_for_where_it_leads(server, "/login", "/scans")  # /login stands for both
    assert all("target-size" in p.passed_rules for p in pages)  # targets ≥ 24×24 px
    assert _problems(pages) == []
