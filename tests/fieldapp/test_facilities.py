"""Facilities: create, list, search, edit (only what the editor changed; a clash is refused
with what is saved now), types and the checklists they start from, validation errors, hostile
text escaped, the change log."""

from __future__ import annotations

from urllib.parse import quote

from audit.fieldapp.server import FieldServer
from audit.store import Store
from tests.fieldapp.conftest import logged_in, new_code


def test_create_list_search_and_edit(server: FieldServer, field_store: Store):
    client = logged_in(server)
    first, second = new_code(), new_code()
    reply = client.post("/facilities/new", {
        "code": first, "name": "示范区政务服务中心", "type": "service-centre",
        "address": "人民路 1 号", "department": "行政审批局", "lat": "31.2304",
        "lon": "121.4737"})
    assert reply.status == 303 and reply.headers["Location"] == f"/facilities/{first}"
    client.post("/facilities/new", {"code": second, "name": "Car park", "type": "parking"})
    listing = client.get("/").text
    assert "示范区政务服务中心" in listing and "Car park" in listing
    found = client.get("/?q=" + quote("行政")).text  # the department
    assert "示范区政务服务中心" in found and "Car park" not in found
    assert field_store.facility(first).type == "政务服务中心"  # stored as sheets carry it
    form = client.get(f"/facilities/{first}/edit").text
    assert 'value="人民路 1 号"' in form and '<option value="service-centre" selected>' in form
    reply = client.post(f"/facilities/{first}/edit", {"name": "政务中心", "address": "人民路 2 号",
                                                      "type": "", "lat": "", "lon": ""})
    assert reply.status == 303
    place = field_store.facility(first)
    assert (place.name, place.address, place.type, place.lat) == ("政务中心", "人民路 2 号",
                                                                  None, None)
    log = client.get(f"/facilities/{first}").text.split('id="history-heading"')[1]
    assert "修改设施" in log and "原为：名称：示范区政务服务中心" in log


def test_an_edit_keeps_what_someone_else_changed_meanwhile(server: FieldServer,
                                                           field_store: Store):
    alice, rita = logged_in(server), logged_in(server, "rita")
    code = new_code()
    alice.post("/facilities/new", {"code": code, "name": "图书馆", "address": "北街 1 号"})
    was = {f"was-{k}": v for k, v in (("name", "图书馆"), ("type", ""),
                                      ("address", "北街 1 号"), ("department", ""),
                                      ("lat", ""), ("lon", ""))}
    rita.post(f"/facilities/{code}/edit", was | {"name": "图书馆", "address": "北街 1 号",
                                                 "department": "文旅局"})
    reply = alice.post(f"/facilities/{code}/edit", was | {"name": "区图书馆",
                                                          "address": "北街 1 号"})
    assert reply.status == 303
    place = field_store.facility(code)
    assert (place.name, place.department) == ("区图书馆", "文旅局")  # both changes kept
    clash = alice.post(f"/facilities/{code}/edit", was | {"name": "市图书馆",
                                                          "address": "北街 1 号"})
    assert clash.status == 409 and "现在保存的内容" in clash.text
    assert "<dd>区图书馆</dd>" in clash.text
    assert field_store.facility(code).name == "区图书馆"


def test_the_checklists_of_the_facility_type_come_first_gb_before_ada(server: FieldServer):
    client = logged_in(server)
    code = new_code()
    client.post("/facilities/new", {"code": code, "name": "停车场", "type": "parking"})
    page = client.get(f"/facilities/{code}").text
    start = page.split('id="checklist"', 1)[1].split("</select>", 1)[0]
    suggested = start.split("</optgroup>", 1)[0]
    assert 'label="适用于停车场"' in suggested
    assert suggested.index("gb55019-parking") < suggested.index("gb55019-curb-ramps")
    assert "ada2010" not in start
    ada = client.get(f"/facilities/{code}?standard=ada").text
    assert "ada2010-parking" in ada and "gb55019-parking" not in ada.split('id="checklist"')[1]
    assert f'<a href="/facilities/{code}">' not in page  # titles, not ids, on the page
    client.post(f"/facilities/{code}/inspections", {"checklist": "gb55019-parking",
                                                    "building": "new"})
    assert "无障碍机动车停车位 · 第 1 轮" in client.get(f"/facilities/{code}").text


def test_validation_errors_are_tied_to_their_fields(server: FieldServer):
    client = logged_in(server)
    reply = client.post("/facilities/new", {"code": "bad code!", "name": "", "lat": "91"})
    assert reply.status == 422
    for field in ("code", "name", "lat"):
        assert f'<a href="#{field}">' in reply.text
        assert f'id="{field}-error"' in reply.text
    assert 'id="name" name="name" value="" required aria-required="true" ' \
           'aria-describedby="name-error" aria-invalid="true"' in reply.text
    code = new_code()
    client.post("/facilities/new", {"code": code, "name": "x"})
    taken = logged_in(server, "bob").post("/facilities/new", {"code": code, "name": "y"})
    assert taken.status == 422 and 'id="code-error"' in taken.text


def test_script_in_text_is_shown_escaped(server: FieldServer):
    client = logged_in(server)
    hostile = '<script>alert(1)</script>"><img src=x onerror=alert(2)>'
    code = new_code()
    client.post("/facilities/new", {"code": code, "name": hostile, "address": hostile,
                                    "type": "other", "type_other": hostile})
    for path in ("/", f"/facilities/{code}", f"/facilities/{code}/edit"):
        page = client.get(path).text
        assert "<script>alert(1)" not in page and "<img src=x" not in page, path
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page, path


def test_unknown_facility_is_404(server: FieldServer):
    client = logged_in(server)
    assert client.get("/facilities/NOPE").status == 404
    assert client.get("/facilities/NOPE/edit").status == 404
