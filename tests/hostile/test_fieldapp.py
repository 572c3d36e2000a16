"""The field app under hostile requests and uploads (what the app does today: log in with
``next=``, facilities, answers with notes, photo uploads), on a real server and store.

Every case states its expected answer: a refusal with a status and what the page says, never
a server error; markup people typed is shown as text, which real Chromium confirms with the
beacon and the DOM marker on every page that shows it.
"""

from __future__ import annotations

import io
from dataclasses import dataclass

import pytest
from PIL import Image

from tests.fieldapp.client import Client
from tests.fieldapp.conftest import PASSWORD, jpeg, logged_in, new_facility, start
from tests.hostile.payloads import MARKER, scripts


@pytest.fixture(scope="module")
def alice(server) -> Client:
    return logged_in(server)


@pytest.fixture(scope="module")
def inspection(alice, hostile) -> int:
    """A facility and an inspection whose every typed field carries script payloads."""
    payload = " ".join(scripts(hostile.origin, "fieldapp"))
    code = new_facility(alice, "FAC-X", name=payload, address=payload, department=payload,
                        type=payload)
    inspection_id = start(alice, code)
    reply = alice.post(f"/inspections/{inspection_id}/sections/1",
                       {"v-entrance_type": "ramp", "ver-entrance_type": "0", "go": "next"})
    assert reply.status == 303, reply.text
    reply = alice.post(f"/inspections/{inspection_id}/sections/2",
                       {"v-ramp_slope": "1:10", "note-ramp_slope": payload, "go": "stay"})
    assert reply.status == 303, reply.text
    return inspection_id


def image(kind: str) -> bytes:
    out = io.BytesIO()
    if kind == "bomb":  # 100 megapixels that compress to almost nothing
        Image.new("1", (10_000, 10_000)).save(out, "PNG")
        return out.getvalue()
    return jpeg()[:200]  # a JPEG cut short


@dataclass(frozen=True)
class Upload:
    id: str
    name: str
    data: bytes
    says: str  # what the refusal says (zh, the default language)


UPLOADS = [
    Upload("html-as-jpeg", "photo.jpg", f"<html>{scripts('', 'upload')[0]}</html>".encode(),
           "photo.jpg 不是可接受的照片"),
    Upload("svg-with-script", "photo.svg", f"<svg xmlns='http://www.w3.org/2000/svg'>"
           f"{scripts('', 'svg')[0]}</svg>".encode(), "photo.svg 不是可接受的照片"),
    Upload("empty", "empty.jpg", b"", "empty.jpg"),
    Upload("truncated-jpeg", "cut.jpg", image("truncated"), "cut.jpg"),
    Upload("decompression-bomb", "bomb.png", image("bomb"), "bomb.png"),
]


@pytest.mark.parametrize("upload", UPLOADS, ids=lambda upload: upload.id)
def test_a_hostile_upload_is_refused_and_nothing_is_stored(field_store, alice, inspection,
                                                           upload):
    url = f"/inspections/{inspection}/sections/2"
    reply = alice.post(url, {"go": "stay"},
                       files={"photo-ramp_rise": [(upload.name, upload.data)]})
    assert reply.status == 422
    assert upload.says in reply.text
    assert "ramp_rise" not in field_store.inspection(inspection).photos


LOGINS = [
    ("hostile-name", {"name": "<script>x</script>' OR 1=1 --" + "x" * 10_000, "password": "p"},
     422),
    ("nul-in-name", {"name": "alice\x00admin", "password": PASSWORD}, 422),
    ("no-csrf-token", None, 400),
]


@pytest.mark.parametrize(("id", "form", "status"), LOGINS, ids=[c[0] for c in LOGINS])
def test_a_hostile_login_is_refused_without_a_server_error(server, id, form, status):
    client = Client(server.url)
    client.get("/login")
    reply = client.post("/login", form or {"name": "alice", "password": PASSWORD},
                        csrf=form is not None)
    assert reply.status == status
    assert "<script>x</script>" not in reply.text


@pytest.mark.parametrize("target", ["//evil.example/", "https://evil.example/",
                                    "javascript:alert(1)", "/\\evil.example/"])
def test_next_never_leaves_the_app(server, target):
    client = Client(server.url)
    client.get(f"/login?next={target}")
    reply = client.post("/login", {"name": "alice", "password": PASSWORD, "next": target})
    assert reply.status == 303
    assert reply.headers["Location"] in ("/", f"{server.url}/")


@pytest.mark.parametrize("path", ["/photos/..%2F..%2Fetc%2Fpasswd.jpg", "/photos/" + "0" * 64
                                  + ".jpg", "/lang/%3Cscript%3Ex%3C%2Fscript%3E"])
def test_odd_paths_are_not_found_or_ignored(alice, path):
    reply = alice.get(path)
    assert reply.status in (302, 303, 404)
    assert "<script>x</script>" not in reply.text



@pytest.mark.parametrize("path", ["/", "/facilities/FAC-X", "/facilities/FAC-X/edit",
                                  "/inspections/{id}/sections/2", "/inspections/{id}/verdict"])
def test_pages_showing_what_people_typed_run_none_of_it(browser, server, alice, hostile,
                                                        inspection, path):
    context = browser.new_context()
    context.add_cookies([{"name": cookie.name, "value": cookie.value, "url": server.url}
                         for cookie in alice.jar])
    page = context.new_page()
    try:
        page.goto(server.url + path.format(id=inspection), wait_until="load")
        assert "/login" not in page.url
        page.wait_for_timeout(300)  # room for an onerror handler's request
        assert page.evaluate(f"() => {MARKER} || null") is None
        assert page.content().count("&lt;script&gt;") >= 1
    finally:
        context.close()
    assert "fieldapp" not in hostile.beacons()
