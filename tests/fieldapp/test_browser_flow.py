"""The field app in real Chromium: the whole flow, what a reload or leaving a section keeps,
a double tap on Start, progress as answers are saved, photos made smaller on the phone,
320 px without sideways scrolling, keyboard only, and JavaScript off."""

from __future__ import annotations

import hashlib
import io
import re
from pathlib import Path

import pytest
from PIL import Image, ImageFilter
from playwright.sync_api import expect

from audit.fieldapp.server import FieldServer
from audit.store import InspectionStatus, Store
from tests.evidence.evidence_factory import make_exif
from tests.fieldapp.browser import eventually, phone, signed_in
from tests.fieldapp.conftest import PASSWORD, jpeg, new_code, returned_by_one_who_left

pytestmark = [pytest.mark.browser, pytest.mark.usefixtures("chromium")]
LONG_NOTE = "坡道表面有裂缝，雨天积水，" * 100


def _facility_and_inspection(page, name: str = "District service centre") -> str:
    code = new_code("WEB")
    page.get_by_role("link", name="New facility").first.click()
    page.get_by_label("Code").fill(code)
    page.locator("#name").fill(name)
    page.get_by_label("Address").fill("1 People's Road")
    page.get_by_role("button", name="Save").click()
    page.get_by_label("Checklist").select_option("gb55019-entrances-ramps")
    page.get_by_label("Existing building").check()
    page.get_by_role("button", name="Start").click()
    page.get_by_label("Steps with a ramp").check()
    return code


def _inspection(store: Store, code: str):
    found = store.inspections(facility=code)
    return store.inspection(found[0].id) if found else None


def _answer(store: Store, code: str, item: str):
    record = _inspection(store, code)
    return record.answers.get(item) if record else None


def test_fill_a_checklist_with_a_failing_ramp_and_see_its_clause(browser, server: FieldServer,
                                                                 field_store: Store,
                                                                 tmp_path: Path):
    page = phone(browser)
    signed_in(page, server)
    code = _facility_and_inspection(page)
    page.get_by_role("button", name="Save and go to the next section").click()
    expect_heading(page, "Wheelchair ramp")
    page.locator("#v-ramp_slope").fill("1:10")
    photo = tmp_path / "ramp.jpg"
    photo.write_bytes(jpeg(colour=(3, 99, 3)))
    page.locator("#photo-ramp_slope").set_input_files([str(photo)])
    page.locator("[data-item=ramp_slope] [data-thumbs] img").wait_for()
    page.get_by_role("button", name="Save", exact=True).click()
    page.get_by_text("The section is saved.").wait_for()
    page.get_by_role("link", name="All sections").click()
    page.get_by_role("link", name="Submit the inspection").click()
    page.get_by_label(re.compile("I know .* not answered")).check()
    page.get_by_role("button", name="Submit the inspection").click()
    expect_heading(page, "Verdict")
    row = page.locator(".verdict-cards li.outcome-fail", has_text="Running slope of the ramp")
    assert "1:10" in row.inner_text() and "1:12" in row.inner_text()
    assert "GB 55019-2021 §2.3.1" in row.inner_text() and "serious" in row.inner_text()
    assert row.locator("img").count() == 1  # the photo, on the verdict
    record = _inspection(field_store, code)
    assert record.answers["ramp_slope"].value == "1:10" and record.photos["ramp_slope"]
    page.context.close()


def test_a_reload_or_leaving_the_section_loses_nothing(browser, server: FieldServer,
                                                      field_store: Store):
    page = phone(browser)
    signed_in(page, server)
    code = _facility_and_inspection(page)  # the choice is saved as it is made
    eventually(page, lambda: _answer(field_store, code, "entrance_type"), "the autosave")
    page.reload()
    assert page.get_by_label("Steps with a ramp").is_checked()
    page.get_by_role("button", name="Save and go to the next section").click()
    page.locator("#v-ramp_rise").fill("约45米")
    page.locator("#v-ramp_rise").press("Tab")
    error = page.locator("#v-ramp_rise-error")
    error.wait_for()
    assert "Enter a number" in error.inner_text()
    assert page.locator("#v-ramp_rise").get_attribute("aria-invalid") == "true"
    page.reload()  # the unreadable value is kept, flagged
    assert page.locator("#v-ramp_rise").input_value() == "约45米"
    assert "Enter a number" in page.locator("#v-ramp_rise-error").inner_text()
    page.locator("#note-ramp_rise").fill(LONG_NOTE)
    page.get_by_role("button", name="Save and go to the next section").click()
    page.locator("#error-summary").wait_for()  # the value cannot be read: the page stays
    page.get_by_role("link", name="Next").click()
    page.get_by_role("link", name="Previous").click()
    assert page.locator("#v-ramp_rise").input_value() == "约45米"
    assert page.locator("#note-ramp_rise").input_value() == LONG_NOTE
    page.context.close()


def test_a_double_tap_on_start_starts_one_round(browser, server: FieldServer,
                                                field_store: Store):
    page = phone(browser)
    signed_in(page, server)
    code = new_code("TAP")
    page.goto(server.url + "/facilities/new")
    page.get_by_label("Code").fill(code)
    page.locator("#name").fill("Double tap hall")
    page.get_by_role("button", name="Save").click()
    page.get_by_label("New building").check()
    page.get_by_role("button", name="Start").dblclick()
    # the second tap's form submission aborts the first one's navigation: the phone ends on
    # the round either way, which the address shows (waiting for "a navigation" would catch
    # the aborted one on a busy machine: CI, net::ERR_ABORTED)
    expect(page).to_have_url(re.compile(r".*/inspections/\d+.*"))
    page.wait_for_load_state()
    assert [i.round for i in field_store.inspections(facility=code)] == [1]
    page.context.close()


def test_progress_and_applicability_follow_each_saved_answer(browser, server: FieldServer,
                                                             field_store: Store):
    page = phone(browser)
    signed_in(page, server)
    _facility_and_inspection(page)
    page.get_by_role("button", name="Save and go to the next section").click()
    progress = page.locator("[data-progress]")
    start = progress.inner_text()
    hint = page.locator("[data-item=handrails_both_sides] [data-applies-hint]")
    assert hint.is_hidden()
    page.locator("#v-ramp_rise").fill("200")
    page.locator("#v-ramp_rise").press("Tab")
    eventually(page, lambda: progress.inner_text() != start, "the progress update")
    assert re.match(r"1 of \d+ answered", progress.inner_text())
    eventually(page, hint.is_visible, "the applicability hint")
    page.context.close()


def test_a_photo_is_made_smaller_on_the_phone_and_names_its_original(browser,
                                                                     server: FieldServer,
                                                                     field_store: Store,
                                                                     tmp_path: Path):
    page = phone(browser)
    signed_in(page, server)
    code = _facility_and_inspection(page)
    original = _big_photo()
    path = tmp_path / "IMG_0001.jpg"
    path.write_bytes(original)
    page.locator("#photo-entrance_type").set_input_files([str(path)])
    page.locator("[data-item=entrance_type] [data-thumbs] img").wait_for()
    stored = eventually(page, lambda: (_inspection(field_store, code).photos.get(
        "entrance_type") or [None])[0], "the upload")
    assert stored.original_sha256 == hashlib.sha256(original).hexdigest()
    assert stored.original_size == len(original) and stored.size < len(original)
    assert max(stored.width, stored.height) <= 2560
    assert stored.taken_at == "2024-05-06T14:30:15+08:00"
    assert round(stored.lat, 4) == 31.2267
    page.reload()
    facts = page.locator("[data-item=entrance_type] .photo-facts").inner_text()
    assert "Taken 2024-05-06 14:30" in facts and "31.22670" in facts
    page.context.close()


def _big_photo() -> bytes:
    """A 4,000 x 3,000 JPEG of about 2 MB with the EXIF a phone writes (blurred noise: big
    at full size and quality, small once redrawn)."""
    texture = Image.effect_noise((4000, 3000), 120).filter(ImageFilter.GaussianBlur(8))
    out = io.BytesIO()
    texture.convert("RGB").save(out, "JPEG", quality=100, exif=make_exif(orientation=1))
    return out.getvalue()


def test_nothing_scrolls_sideways_at_320_px(browser, server: FieldServer):
    page = phone(browser, width=320, locale="zh-CN")
    signed_in(page, server)
    code = new_code("LONG") + "-" + "X" * 80
    page.goto(server.url + "/facilities/new")
    page.locator("#code").fill(code)
    page.locator("#name").fill("区" * 5 + "https://www.example.gov.cn/" + "a" * 120)
    page.locator("#address").fill("人民路" + "9" * 150)
    page.locator("form.narrow button.primary").click()
    page.goto(server.url + "/")
    for path in ("/", f"/facilities/{code}"):
        page.goto(server.url + path)
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= 320, (path, width)
    page.context.close()


def test_keyboard_alone(browser, server: FieldServer, field_store: Store):
    page = phone(browser, mobile=False)
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
    code = new_code("K")
    page.goto(server.url + "/facilities/new")
    page.locator("#code").focus()
    page.keyboard.type(code)
    page.keyboard.press("Enter")  # no name: errors, summary focused, links to the fields
    page.locator("#error-summary").wait_for()
    page.wait_for_function("document.activeElement.id === 'error-summary'")
    page.keyboard.press("Tab")
    page.keyboard.press("Enter")
    assert page.evaluate("location.hash") == "#name"
    page.locator("#name").focus()
    page.keyboard.type("Keyboard centre")
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(rf".*/facilities/{code}$"))
    assert field_store.facility(code).name == "Keyboard centre"
    page.context.close()


def test_everything_works_with_javascript_off(browser, server: FieldServer,
                                             field_store: Store):
    page = phone(browser, javascript=False)
    signed_in(page, server)
    code = _facility_and_inspection(page)
    page.get_by_role("button", name="Save and go to the next section").click()
    page.locator("#v-ramp_slope").fill("1:14")
    page.get_by_role("button", name="Save", exact=True).click()
    page.get_by_text("The section is saved.").wait_for()
    record = _inspection(field_store, code)
    assert record.answers["entrance_type"].value == "ramp"
    assert record.answers["ramp_slope"].value == "1:14"
    page.context.close()


def test_a_form_over_the_size_limit_gets_our_page_not_the_servers(
        browser, server: FieldServer, field_store: Store, tmp_path: Path):
    """No scripts, so the photo goes as it is: a body over the limit is refused before it is
    read, and the inspector sees why, the limit, and that what was saved before is kept."""
    page = phone(browser, javascript=False)
    signed_in(page, server)
    code = _facility_and_inspection(page)
    page.get_by_role("button", name="Save", exact=True).click()
    page.get_by_text("The section is saved.").wait_for()
    section = page.url.split("?")[0]
    huge = tmp_path / "huge.jpg"
    huge.write_bytes(jpeg() + bytes(5_000_000))
    page.locator("#photo-entrance_type").set_input_files([str(huge)])
    page.get_by_role("button", name="Save", exact=True).click()
    expect_heading(page, "Too much to send at once")
    text = page.locator("main").inner_text()
    assert "You sent 4.8 MB; one form can carry at most 4.1 MB" in text
    assert "generated by waitress" not in page.content()
    page.get_by_role("link", name="Back to the form").click()
    assert page.url == section
    assert _answer(field_store, code, "entrance_type").value == "ramp"  # kept
    page.context.close()


def test_the_script_is_escaped_not_run(browser, server: FieldServer):
    page = phone(browser)
    dialogs: list[str] = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    signed_in(page, server)
    page.goto(server.url + "/facilities/new")
    page.get_by_label("Code").fill(new_code("X"))
    page.locator("#name").fill(
        "<script>alert('name')</script><img src=x onerror=alert(1)>")
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
    signed_in(page, server)
    page.goto(server.url + "/facilities/new")
    page.get_by_role("button", name="Use this device's location").click()
    page.get_by_text("Location filled in.").wait_for()
    assert page.get_by_label("Latitude").input_value() == "31.230400"
    assert page.get_by_label("Longitude").input_value() == "121.473700"
    context.close()


def test_photos_are_stored_as_soon_as_they_are_chosen(browser, server: FieldServer,
                                                      field_store: Store, tmp_path: Path):
    page = phone(browser)
    signed_in(page, server)
    code = _facility_and_inspection(page)
    photo, text = tmp_path / "door.jpg", tmp_path / "notes.txt"
    photo.write_bytes(jpeg(colour=(7, 70, 170)))
    text.write_text("not a photo")
    page.locator("#photo-entrance_type").set_input_files([str(photo)])
    page.locator("[data-item=entrance_type] [data-thumbs] img").wait_for()
    eventually(page, lambda: _inspection(field_store, code).photos.get("entrance_type"),
               "the upload")
    page.locator("#photo-platform_depth").set_input_files([str(text)])
    error = page.locator("#photo-platform_depth-error")
    error.wait_for()
    assert "notes.txt is not a photo" in error.inner_text()
    assert page.locator("#photo-platform_depth").get_attribute("aria-invalid") == "true"
    page.reload()  # nothing was submitted: the photo is there all the same
    assert page.locator("[data-item=entrance_type] .thumbs img").count() == 1
    page.context.close()


def test_an_admin_hands_over_an_inspection_whose_inspector_left(browser, server: FieldServer,
                                                                field_store: Store):
    inspection_id = returned_by_one_who_left(server, field_store, "gus")
    page = phone(browser)
    signed_in(page, server, "adam")
    page.goto(f"{server.url}/inspections/{inspection_id}")
    form = page.locator("form", has=page.get_by_role("heading", name="Hand over to another "
                                                                     "inspector"))
    assert "Only gus can continue and submit this inspection" in form.inner_text()
    form.get_by_role("button", name="Hand over").click()
    page.locator("#error-summary").wait_for()
    assert page.get_by_label("New inspector").get_attribute("aria-invalid") == "true"
    page.get_by_label("New inspector").select_option("carol")
    page.get_by_role("button", name="Hand over").click()
    newest = page.locator(".history .changes li").first
    newest.get_by_text("Handed to another inspector").wait_for()
    assert "adam" in newest.inner_text()
    assert "was：gus" in newest.inner_text() and "now：carol" in newest.inner_text()
    page.context.close()
    page = phone(browser)
    signed_in(page, server, "carol")
    page.goto(f"{server.url}/inspections/{inspection_id}")
    page.get_by_role("link", name="Submit the inspection").click()
    page.get_by_label(re.compile("I know .* not answered")).check()
    page.get_by_role("button", name="Submit the inspection").click()
    expect_heading(page, "Verdict")
    assert field_store.inspection(inspection_id).info.status is InspectionStatus.SUBMITTED
    page.context.close()


def test_the_page_of_an_inspection_says_its_inspector_can_no_longer_finish_it(
        browser, server: FieldServer, field_store: Store):
    """Its inspector's account was disabled: reviewers and admins read that nobody can finish
    it as it is; an admin follows the link to the hand-over form."""
    inspection_id = returned_by_one_who_left(server, field_store, "hal")
    page = phone(browser, locale="zh-CN")
    signed_in(page, server, "rita")
    page.goto(f"{server.url}/lang/zh-CN?next=/inspections/{inspection_id}")
    notice = page.locator("#inspector-disabled")
    assert notice.inner_text() == "hal 的账号已停用 — 管理员可把它交给另一位检查员。"
    assert notice.get_by_role("link").count() == 0  # a reviewer cannot hand it over
    page.context.close()
    page = phone(browser)
    signed_in(page, server, "adam")
    page.goto(f"{server.url}/inspections/{inspection_id}")
    notice = page.locator("#inspector-disabled")
    assert notice.inner_text() == ("The account of hal is disabled — an admin can hand the "
                                   "inspection to another inspector. Hand it over")
    notice.get_by_role("link", name="Hand it over").click()
    page.wait_for_url(f"{server.url}/inspections/{inspection_id}#hand-over")
    assert page.get_by_label("New inspector").is_visible()
    page.get_by_label("New inspector").select_option("carol")
    page.get_by_role("button", name="Hand over").click()
    page.get_by_text("Handed to another inspector").first.wait_for()
    assert page.locator("#inspector-disabled").count() == 0  # carol's account is enabled
    page.context.close()
