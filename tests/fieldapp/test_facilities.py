"""Facilities: create, list, search, edit, validation errors, hostile text escaped."""

from __future__ import annotations

from audit.fieldapp.server import FieldServer
from audit.store import Store
from tests.fieldapp.conftest import logged_in


def test_create_list_search_and_edit(server: FieldServer, field_store: Store):
    client = logged_in(server)
    reply = client.post("/facilities/new", {
        "code": "FAC-1", "name": "示范区政务服务中心", "type": "政务服务中心",
        "address": "人民路 1 号", "department": "行政审批局", "lat": "31.2304",
        "lon": "121.4737"})
    assert reply.status == 303 and reply.headers["Location"] == "/facilities/FAC-1"
    client.post("/facilities/new", {"code": "FAC-2", "name": "Car park", "type": "停车场"})
    listing = client.get("/").text
    assert "示范区政务服务中心" in listing and "Car park" in listing
    found = client.get("/?q=%E8%A1%8C%E6%94%BF").text  # "行政", the department
    assert "示范区政务服务中心" in found and "Car park" not in found
    form = client.get("/facilities/FAC-1/edit").text
    assert 'value="人民路 1 号"' in form
    reply = client.post("/facilities/FAC-1/edit", {"name": "政务中心", "address": "人民路 2 号",
                                                   "lat": "", "lon": ""})
    assert reply.status == 303
    place = field_store.facility("FAC-1")
    assert (place.name, place.address, place.type) == ("政务中心", "人民路 2 号", None)


def test_validation_errors_are_tied_to_their_fields(server: FieldServer):
    client = logged_in(server)
    reply = client.post("/facilities/new", {"code": "bad code!", "name": "", "lat": "91"})
    assert reply.status == 422
    for field in ("code", "name", "lat"):
        assert f'<a href="#{field}">' in reply.text
        assert f'id="{field}-error"' in reply.text
    assert 'id="name" name="name" value="" required aria-required="true" ' \
           'aria-describedby="name-error" aria-invalid="true"' in reply.text
    client.post("/facilities/new", {"code": "F-1", "name": "x"})
    taken = client.post("/facilities/new", {"code": "F-1", "name": "y"})
    assert taken.status == 422 and 'id="code-error"' in taken.text


def test_script_in_text_is_shown_escaped(server: FieldServer):
    client = logged_in(server)
    hostile = '<script>alert(1)</script>"><img src=x onerror=alert(2)>'
    client.post("/facilities/new", {"code": "F-X", "name": hostile, "address": hostile})
    for path in ("/", "/facilities/F-X", "/facilities/F-X/edit"):
        page = client.get(path).text
        assert "<script>alert(1)" not in page and "<img src=x" not in page, path
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page, path


def test_unknown_facility_is_404(server: FieldServer):
    client = logged_in(server)
    assert client.get("/facilities/NOPE").status == 404
    assert client.get("/facilities/NOPE/edit").status == 404
