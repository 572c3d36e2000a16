"""Working without a network, in real Chromium with the network switched off and on again
(Playwright ``set_offline``): answers, a photo and a whole section form entered offline wait
on the phone, the screen says what waits, the next section still opens, and everything
reaches the server in order, once, when the network returns."""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import Error as PlaywrightError

from audit.fieldapp.server import FieldServer
from audit.store import Store
from tests.fieldapp.browser import eventually, log_in, phone
from tests.fieldapp.conftest import jpeg, new_code

pytestmark = [pytest.mark.browser, pytest.mark.usefixtures("chromium")]


def _ready_offline(page, server: FieldServer) -> str:
    """A facility and an inspection opened online, with the service worker in control and
    the inspection's pages kept; returns the facility code."""
    code = new_code("OFF")
    page.goto(server.url + "/facilities/new")
    page.locator("#code").fill(code)
    page.locator("#name").fill("Offline hall")
    page.locator("form.narrow button.primary").click()
    page.get_by_label("Checklist").select_option("gb55019-entrances-ramps")
    page.get_by_label("Existing building").check()
    page.get_by_role("button", name="Start").click()
    page.wait_for_function("navigator.serviceWorker.controller !== null")
    page.reload()  # now through the worker, which keeps the inspection's pages
    page.wait_for_function("""async () => {
        const kept = await caches.open('a11y-field-1');
        return (await kept.keys()).filter(r => r.url.includes('/sections/')).length >= 3;
    }""")
    return code


def test_answers_photos_and_a_section_entered_offline_arrive_in_order_once(
        browser, server: FieldServer, field_store: Store, tmp_path: Path):
    page = phone(browser)
    log_in(page, server)
    code = _ready_offline(page, server)
    page.context.set_offline(True)
    page.get_by_label("Steps with a ramp").check()  # autosave fails: kept on the phone
    status = page.locator("[data-queue-status]")
    eventually(page, lambda: "1 answers and 0 photos are waiting" in status.inner_text(),
               "the waiting answer")
    assert "You are offline" in status.inner_text()
    photo = tmp_path / "door.jpg"
    photo.write_bytes(jpeg(colour=(10, 200, 30)))
    page.locator("#photo-entrance_type").set_input_files([str(photo)])
    eventually(page, lambda: "1 answers and 1 photos are waiting" in status.inner_text(),
               "the waiting photo")
    page.locator("#v-platform_depth").fill("1600")
    page.get_by_role("button", name="Save and go to the next section").click()
    page.get_by_role("heading", level=1, name="Wheelchair ramp").wait_for()  # a kept copy
    eventually(page, lambda: "2 answers and 1 photos are waiting" in status.inner_text(),
               "the waiting section form")
    page.locator("#v-ramp_slope").fill("1:14")
    page.locator("#v-ramp_slope").press("Tab")
    eventually(page, lambda: "3 answers and 1 photos are waiting" in status.inner_text(),
               "the second section's answer")
    inspection = field_store.inspections(facility=code)[0]
    assert field_store.inspection(inspection.id).answers == {}  # nothing reached the server

    page.context.set_offline(False)
    page.evaluate("window.dispatchEvent(new Event('online'))")
    eventually(page, lambda: "Everything saved while offline has been sent" in
               status.inner_text(), "the outbox to empty")
    record = field_store.inspection(inspection.id)
    assert record.answers["entrance_type"].value == "ramp"
    assert record.answers["platform_depth"].value == "1600"
    assert record.answers["ramp_slope"].value == "1:14"
    assert len(record.photos["entrance_type"]) == 1
    changes = [(c.subject, c.item_id) for c in field_store.history(inspection_id=inspection.id)
               if c.subject in ("answer", "photo")]
    assert changes == [("answer", "entrance_type"), ("photo", "entrance_type"),
                       ("answer", "platform_depth"), ("answer", "ramp_slope")]
    sent = len(field_store.history(inspection_id=inspection.id))
    page.evaluate("window.dispatchEvent(new Event('online'))")  # a second flush sends nothing
    page.wait_for_timeout(500)
    assert len(field_store.history(inspection_id=inspection.id)) == sent
    assert [c.version for c in field_store.history(inspection_id=inspection.id)
            if c.item_id == "entrance_type" and c.subject == "answer"] == [1]
    page.context.close()


def test_a_section_sent_into_a_dead_network_is_kept_by_the_worker(
        browser, server: FieldServer, field_store: Store):
    """The phone thinks it is online but nothing gets through (a dead spot with one bar):
    the service worker keeps the section form, the next section opens from its copy, and the
    form reaches the server once the network carries again."""
    page = phone(browser)
    log_in(page, server)
    code = _ready_offline(page, server)

    def dead(route) -> None:
        if route.request.method == "POST":
            route.abort("internetdisconnected")
        else:
            route.continue_()

    page.context.route("**/inspections/**", dead)
    page.get_by_label("Level entrance").check()
    page.locator("#v-platform_depth").fill("1450")
    page.get_by_role("button", name="Save and go to the next section").click()
    page.get_by_role("heading", level=1, name="Wheelchair ramp").wait_for()
    inspection = field_store.inspections(facility=code)[0]
    assert field_store.inspection(inspection.id).answers == {}
    kept = page.evaluate("FieldQueue.all('alice').then(e => e.map(x => x.kind))")
    assert "form" in kept
    assert field_store.drafts(inspection.id) == []
    page.context.unroute("**/inspections/**", dead)
    page.evaluate("window.dispatchEvent(new Event('online'))")
    status = page.locator("[data-queue-status]")
    eventually(page, lambda: "Everything saved while offline has been sent" in
               status.inner_text(), "the kept form to be sent")
    answers = field_store.inspection(inspection.id).answers
    assert (answers["entrance_type"].value, answers["platform_depth"].value) == ("level",
                                                                                 "1450")
    page.context.close()


def test_the_network_returning_while_a_send_fails_is_not_missed(
        browser, server: FieldServer, field_store: Store):
    """The phone is back online while the outbox is still sending into the dead spot: the
    'online' that arrives during that send must not be dropped, or the outbox waits until
    the next page is opened (seen as a flaky test under load)."""
    page = phone(browser)
    log_in(page, server)
    code = _ready_offline(page, server)
    page.context.set_offline(True)
    page.get_by_label("Steps with a ramp").check()
    status = page.locator("[data-queue-status]")
    eventually(page, lambda: "1 answers and 0 photos are waiting" in status.inner_text(),
               "the waiting answer")
    held: list = []

    def hold(route) -> None:
        if route.request.method == "POST":
            held.append(route)
        else:
            route.continue_()

    page.context.route("**/inspections/**", hold)
    page.context.set_offline(False)
    page.evaluate("window.dispatchEvent(new Event('online'))")
    eventually(page, lambda: held, "the send into the dead spot to start")
    page.evaluate("window.dispatchEvent(new Event('online'))")  # the network is back
    held[0].abort("internetdisconnected")  # the send that started in the dead spot fails
    eventually(page, lambda: len(held) == 2, "the outbox to be sent again")
    held[1].continue_()
    eventually(page, lambda: "Everything saved while offline has been sent" in
               status.inner_text(), "the outbox to empty")
    inspection = field_store.inspections(facility=code)[0]
    assert field_store.inspection(inspection.id).answers["entrance_type"].value == "ramp"
    assert len(held) == 2
    page.context.close()


def _kept(page) -> str:
    """The kinds of alice's entries waiting on the phone; "" while a page is on its way (the
    Save button's form goes to the server: the next page's deferred scripts, the queue among
    them, run after its document already answers, or its context goes with a redirect)."""
    try:
        return page.evaluate("window.FieldQueue ? FieldQueue.all('alice')"
                             ".then(e => e.map(x => x.kind).sort().join(' ')) : ''")
    except PlaywrightError as err:
        if "context was destroyed" in str(err):
            return ""
        raise


def test_what_is_entered_after_the_login_ended_waits_for_the_next_login(
        browser, server: FieldServer, field_store: Store, tmp_path: Path):
    """The login ends while the inspector enters (an admin ended it, 12 hours passed), then
    the browser's cookie goes too (the next morning): answers, a photo and the Save button's
    section form are kept on the phone, the screen says to log in again, and after logging
    in everything is sent, in the inspector's name. Before, each save failed without a word
    (the script read the login page as an answer) and the kept form was dropped on a 400."""
    page = phone(browser)
    log_in(page, server)
    code = _ready_offline(page, server)
    inspection = field_store.inspections(facility=code)[0]
    field_store.end_sessions("alice")
    page.get_by_label("Steps with a ramp").check()
    status = page.locator("[data-queue-status]")
    ended = "Your login has ended. What is waiting stays on this device"
    eventually(page, lambda: ended in status.inner_text(), "the answer kept for the login")
    page.context.clear_cookies()
    page.locator("#v-platform_depth").fill("1600")
    page.locator("#v-platform_depth").press("Tab")
    photo = tmp_path / "door.jpg"
    photo.write_bytes(jpeg(colour=(200, 20, 30)))
    page.locator("#photo-entrance_type").set_input_files([str(photo)])
    eventually(page, lambda: _kept(page) == "answer answer photo", "all three kept")
    assert ended in status.inner_text()
    page.locator("#note-platform_depth").fill("量自平台边缘")
    page.get_by_role("button", name="Save and go to the next section").click()
    eventually(page, lambda: "form" in _kept(page), "the section form kept")
    assert field_store.inspection(inspection.id).answers == {}
    log_in(page, server)
    eventually(page, lambda: "Everything saved while offline has been sent" in
               status.inner_text(), "the outbox to empty")
    record = field_store.inspection(inspection.id)
    assert (record.answers["entrance_type"].value, record.answers["platform_depth"].value,
            record.answers["platform_depth"].note) == ("ramp", "1600", "量自平台边缘")
    assert len(record.photos["entrance_type"]) == 1
    assert {c.actor for c in field_store.history(inspection_id=inspection.id)} == {"alice"}
    page.context.close()


def test_a_kept_section_form_is_not_dropped_when_its_login_has_gone(
        browser, server: FieldServer, field_store: Store):
    """A section form the worker kept offline is sent after its login ended and the
    browser's cookie went (the next morning): refused (400 by the CSRF check, or 401), the
    outbox must keep it for the next login (it dropped it as if the server had kept it, and
    said all was sent)."""
    page = phone(browser)
    log_in(page, server)
    code = _ready_offline(page, server)
    inspection = field_store.inspections(facility=code)[0]
    section = f"/inspections/{inspection.id}/sections/1"
    field_store.end_sessions("alice")  # first: the page's own first flush may still run,
    page.context.clear_cookies()  # and a response then in flight may set the cookie again
    page.evaluate("""([url, id]) => FieldQueue.put({
        key: 'form:' + url, user: 'alice', kind: 'form', url: url, label: 'Section 1',
        fields: [['v-entrance_type', 'level'], ['ver-entrance_type', '0'], ['go', 'stay']],
        files: [], inspection: String(id), items: ['entrance_type']})""",
                  [section, inspection.id])
    page.evaluate("window.dispatchEvent(new Event('online'))")
    status = page.locator("[data-queue-status]")
    eventually(page, lambda: "Your login has ended" in status.inner_text(), "the login asked for")
    assert page.evaluate("FieldQueue.all('alice').then(e => e.map(x => x.kind))") == ["form"]
    log_in(page, server)
    eventually(page, lambda: "Everything saved while offline has been sent" in
               status.inner_text(), "the outbox to empty")
    assert field_store.inspection(inspection.id).answers["entrance_type"].value == "level"
    page.context.close()
