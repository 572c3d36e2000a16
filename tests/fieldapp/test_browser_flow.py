"""The field app in real Chromium: the whole flow, a reload mid-section, keyboard only, and
JavaScript off."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest

from audit.fieldapp.server import FieldServer
from audit.store import Store
from audit.webscan.browser import find_browser, launch_flags
from tests.fieldapp.conftest import PASSWORD, jpeg

pytestmark = [pytest.mark.browser, pytest.mark.usefixtures("chromium")]


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=str(find_browser().path),
                                              args=launch_flags())
        try:
            yield launched
        finally:
            launched.close()


def _page(browser, *, javascript: bool = True, mobile: bool = True):
    context = browser.new_context(locale="en-US", java_script_enabled=javascript,
                                  viewport={"width": 390, "height": 844} if mobile else None,
                                  has_touch=mobile)
    page = context.new_page()
    page.set_default_timeout(15_000)
    return page


def _log_in(page, server: FieldServer, name: str = "alice") -> None:
    page.goto(server.url + "/")
    assert "/login" in page.url
    page.get_by_label("User name").fill(name)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.wait_for_url(server.url + "/")


def _new_facility_and_inspection(page) -> None:
    page.get_by_role("link", name="New facility").first.click()
    page.get_by_label("Code").fill("FAC-7")
    page.get_by_label("Name").fill("District service centre")
    page.get_by_label("Address").fill("1 People's Road")
    page.get_by_role("button", name="Save").click()
    page.get_by_label("Checklist").select_option("gb55019-entrances-ramps")
    page.get_by_role("button", name="Start").click()
    page.get_by_label("Steps with a ramp").check()


def test_fill_a_checklist_with_a_failing_ramp_and_see_its_clause(browser, server: FieldServer,
                                                                 field_store: Store,
                                                                 tmp_path: Path):
    page = _page(browser)
    _log_in(page, server)
    _new_facility_and_inspection(page)
    page.get_by_role("button", name="Save and go to the next section").click()
    expect_heading(page, "Wheelchair ramp")
    slope = page.locator("#v-ramp_slope")
    slope.fill("1:10")
    photo = tmp_path / "ramp.jpg"
    photo.write_bytes(jpeg())
    page.locator("#photo-ramp_slope").set_input_files([str(photo)])
    page.get_by_role("button", name="Save", exact=True).click()
    page.get_by_text("The section is saved.").wait_for()
    assert page.locator(".thumbs img").count() == 1
    page.get_by_role("link", name="All sections").click()
    page.get_by_role("button", name="Submit the inspection").click()
    expect_heading(page, "Verdict")
    row = page.locator(".verdict-cards li.outcome-fail", has_text="Running slope of the ramp")
    assert row.is_visible()
    assert "1:10" in row.inner_text() and "1:12" in row.inner_text()
    assert "GB 55019-2021 §2.3.1" in row.inner_text()
    assert "serious" in row.inner_text()
    record = field_store.inspection(field_store.inspections()[0].id)
    assert record.answers["ramp_slope"].value == "1:10" and record.photos["ramp_slope"]
    page.context.close()


def _eventually(page, check) -> None:
    for _ in range(100):
        if check():
            return
        page.wait_for_timeout(100)
    raise AssertionError("not saved within 10 s")


def _answer(store: Store, item: str):
    inspections = store.inspections()
    return store.inspection(inspections[0].id).answers.get(item) if inspections else None


def test_a_reload_in_the_middle_of_a_section_loses_nothing(browser, server: FieldServer,
                                                           field_store: Store):
    page = _page(browser)
    _log_in(page, server)
    _new_facility_and_inspection(page)  # the choice is saved as it is made
    _eventually(page, lambda: _answer(field_store, "entrance_type") is not None)
    page.reload()
    assert page.get_by_label("Steps with a ramp").is_checked()
    page.get_by_role("button", name="Save and go to the next section").click()
    page.locator("#v-ramp_width").fill("1.1")
    page.locator("#note-ramp_width").fill("measured at the landing")
    page.locator("#note-ramp_width").press("Tab")
    _eventually(page, lambda: getattr(_answer(field_store, "ramp_width"), "note", None)
                == "measured at the landing")
    page.locator("#v-ramp_rise").fill("tall")
    page.locator("#v-ramp_rise").press("Tab")
    error = page.locator("#v-ramp_rise-error")
    error.wait_for()
    assert "Enter a number" in error.inner_text()
    assert page.locator("#v-ramp_rise").get_attribute("aria-invalid") == "true"
    assert "v-ramp_rise-error" in page.locator("#v-ramp_rise").get_attribute("aria-describedby")
    page.reload()
    assert page.locator("#v-ramp_width").input_value() == "1.1"
    assert page.locator("#note-ramp_width").input_value() == "measured at the landing"
    page.context.close()


def test_keyboard_alone(browser, server: FieldServer, field_store: Store):
    page = _page(browser, mobile=False)
    page.goto(server.url + "/login")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.className") == "skip"
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main"
    page.locator("#name").focus()
    page.keyboard.type("alice")
    page.keyboard.press("Tab")
    page.keyboard.type(PASSWORD)
    page.keyboard.press("Enter")
    page.wait_for_url(server.url + "/")
    page.goto(server.url + "/facilities/new")
    page.locator("#code").focus()
    page.keyboard.type("K-1")
    page.keyboard.press("Enter")  # no name: errors, summary focused, links to the fields
    page.locator("#error-summary").wait_for()
    page.wait_for_function("document.activeElement.id === 'error-summary'")
    assert page.evaluate("document.activeElement.id") == "error-summary"
    page.keyboard.press("Tab")
    page.keyboard.press("Enter")
    assert page.evaluate("location.hash") == "#name"
    page.locator("#name").focus()
    page.keyboard.type("Keyboard centre")
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r".*/facilities/K-1$"))
    assert field_store.facility("K-1").name == "Keyboard centre"
    page.context.close()


def test_everything_works_with_javascript_off(browser, server: FieldServer,
                                             field_store: Store):
    page = _page(browser, javascript=False)
    _log_in(page, server)
    _new_facility_and_inspection(page)
    page.get_by_role("button", name="Save and go to the next section").click()
    page.locator("#v-ramp_slope").fill("1:14")
    page.get_by_role("button", name="Save", exact=True).click()
    page.get_by_text("The section is saved.").wait_for()
    record = field_store.inspection(field_store.inspections()[0].id)
    assert record.answers["entrance_type"].value == "ramp"
    assert record.answers["ramp_slope"].value == "1:14"
    page.context.close()


def test_the_script_is_escaped_not_run(browser, server: FieldServer):
    page = _page(browser)
    dialogs: list[str] = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    _log_in(page, server)
    page.goto(server.url + "/facilities/new")
    page.get_by_label("Code").fill("X-1")
    page.get_by_label("Name").fill("<script>alert('name')</script><img src=x onerror=alert(1)>")
    page.get_by_role("button", name="Save").click()
    page.goto(server.url + "/")
    assert "<script>alert('name')</script>" in page.get_by_role("link").filter(
        has_text="alert").first.inner_text()
    assert dialogs == []
    page.context.close()


def expect_heading(page, text: str) -> None:
    page.get_by_role("heading", level=1, name=text).wait_for()


def test_the_device_location_fills_the_facility_form(browser, server: FieldServer):
    context = browser.new_context(locale="en-US", geolocation={"latitude": 31.2304,
                                                               "longitude": 121.4737},
                                  permissions=["geolocation"])
    page = context.new_page()
    _log_in(page, server)
    page.goto(server.url + "/facilities/new")
    page.get_by_role("button", name="Use this device's location").click()
    page.get_by_text("Location filled in.").wait_for()
    assert page.get_by_label("Latitude").input_value() == "31.230400"
    assert page.get_by_label("Longitude").input_value() == "121.473700"
    context.close()


def test_photos_are_stored_as_soon_as_they_are_chosen(browser, server: FieldServer,
                                                      field_store: Store, tmp_path: Path):
    page = _page(browser)
    _log_in(page, server)
    _new_facility_and_inspection(page)
    photo, text = tmp_path / "door.jpg", tmp_path / "notes.txt"
    photo.write_bytes(jpeg())
    text.write_text("not a photo")
    page.locator("#photo-entrance_type").set_input_files([str(photo)])
    page.locator("[data-item=entrance_type] [data-thumbs] img").wait_for()
    _eventually(page, lambda: bool(field_store.inspection(
        field_store.inspections()[0].id).photos.get("entrance_type")))
    page.locator("#photo-platform_depth").set_input_files([str(text)])
    error = page.locator("#photo-platform_depth-error")
    error.wait_for()
    assert "notes.txt is not a photo" in error.inner_text()
    assert page.locator("#photo-platform_depth").get_attribute("aria-invalid") == "true"
    page.reload()  # nothing was submitted: the photo is there all the same
    assert page.locator("[data-item=entrance_type] .thumbs img").count() == 1
    page.context.close()
