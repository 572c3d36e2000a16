"""The field app as an attacker tries it, through the real server: the authorization matrix
(inspector A, inspector B, reviewer, admin on every route, photos included), CSRF on every
form and every route another inspector's ids typed in (both enumerated from the app), sessions
that end on logout, password change and disabling, a cookie planted before login, the
four-eyes rule, open redirects, oversized bodies, ids no database holds and digits no int
reads."""

from __future__ import annotations

import json
import re
import socket
from dataclasses import dataclass
from urllib.parse import quote, unquote, urlsplit

import pytest

from audit.fieldapp.server import FieldServer
from audit.store import InspectionStatus, Store
from tests.fieldapp.client import Client
from tests.fieldapp.conftest import (
    PASSWORD,
    jpeg,
    logged_in,
    new_code,
    new_facility,
    start,
)

ROLES = ("alice", "bob", "rita", "adam")  # owner, another inspector, reviewer, admin
COOKIE = "a11y_field_session"


@dataclass(frozen=True)
class Place:
    code: str
    inspection: int
    photo: str


@pytest.fixture(scope="module")
def place(server: FieldServer, field_store: Store) -> Place:
    """alice's facility with a draft inspection, an answer and a photo."""
    alice = logged_in(server)
    code = new_facility(alice, name="安全测试中心")
    inspection_id = start(alice, code)
    alice.post(f"/inspections/{inspection_id}/sections/1",
               {"v-entrance_type": "ramp", "go": "stay"},
               files={"photo-entrance_type": [("door.jpg", jpeg(colour=(9, 9, 9)))]})
    photo = field_store.inspection(inspection_id).photos["entrance_type"][0].sha256
    return Place(code, inspection_id, photo)


@pytest.fixture(scope="module")
def clients(server: FieldServer, place: Place) -> dict[str, Client]:
    return {name: logged_in(server, name) for name in ROLES}


GET_MATRIX = [  # path, then who gets 200 (everyone else: 403)
    ("/facilities/{code}", {"alice", "rita", "adam"}),
    ("/facilities/{code}/edit", {"alice", "rita", "adam"}),
    ("/inspections/{inspection}", {"alice", "rita", "adam"}),
    ("/inspections/{inspection}/sections/1", {"alice", "rita", "adam"}),
    ("/inspections/{inspection}/verdict", {"alice", "rita", "adam"}),
    ("/inspections/{inspection}/submit", {"alice"}),
    ("/photos/{photo}.jpg", {"alice", "rita", "adam"}),
    ("/photos/{photo}.jpg?size=large", {"alice", "rita", "adam"}),
    ("/queue", {"rita", "adam"}),
    ("/admin/users", {"adam"}),
    ("/admin/users/alice", {"adam"}),
    ("/mine", set(ROLES)),
    ("/", set(ROLES)),
    ("/scans", set(ROLES)),
    ("/account/password", set(ROLES)),
]


@pytest.mark.parametrize(("path", "allowed"), GET_MATRIX, ids=[p for p, _ in GET_MATRIX])
def test_who_may_read_what(clients: dict[str, Client], place: Place, path: str,
                           allowed: set[str]):
    url = path.format(code=place.code, inspection=place.inspection, photo=place.photo)
    got = {name: clients[name].get(url).status for name in ROLES}
    assert got == {name: 200 if name in allowed else 403 for name in ROLES}


def test_another_inspector_sees_nothing_of_it_in_lists(clients: dict[str, Client],
                                                       place: Place):
    bob = clients["bob"]
    assert "安全测试中心" not in bob.get("/").text
    assert "安全测试中心" not in bob.get("/?q=" + quote("安全")).text
    assert "安全测试中心" in clients["alice"].get("/").text
    assert "安全测试中心" in clients["rita"].get("/").text


POST_MATRIX = [  # path, form, who is refused with 403 (nothing changes for them)
    ("/facilities/{code}/edit", {"name": "改名"}, {"bob"}),
    ("/facilities/{code}/inspections", {"checklist": "gb55019-doors", "building": "new"},
     {"bob"}),
    ("/inspections/{inspection}/sections/1", {"v-entrance_type": "level", "go": "stay"},
     {"bob"}),
    ("/inspections/{inspection}/answer", {"item": "entrance_type", "v-entrance_type": "level"},
     {"bob"}),
    ("/inspections/{inspection}/photos", {"item": "entrance_type"}, {"bob"}),
    ("/inspections/{inspection}/photos/remove", {"remove": "entrance_type:{photo}"}, {"bob"}),
    ("/inspections/{inspection}/items/entrance_type/resolve", {"keep": "mine"}, {"bob"}),
    ("/inspections/{inspection}/delete", {}, {"bob", "rita"}),
    ("/inspections/{inspection}/submit", {"confirm": "yes"}, {"bob", "rita", "adam"}),
    ("/inspections/{inspection}/review", {"action": "approved"}, {"alice", "bob"}),
    ("/facilities/{code}/assign", {"kind": "user", "name": "bob"}, {"alice", "bob", "rita"}),
    ("/admin/users", {"name": "eve", "role": "admin", "password": "long-enough-1"},
     {"alice", "bob", "rita"}),
    ("/admin/users/alice", {"role": "admin"}, {"alice", "bob", "rita"}),
    ("/admin/users/alice/password", {"password": "hijacked-pass"}, {"alice", "bob", "rita"}),
    ("/admin/users/alice/logout", {}, {"alice", "bob", "rita"}),
]


@pytest.mark.parametrize(("path", "form", "refused"), POST_MATRIX,
                         ids=[p for p, _, _ in POST_MATRIX])
def test_who_may_change_what(clients: dict[str, Client], field_store: Store, place: Place,
                             path: str, form: dict[str, str], refused: set[str]):
    url = path.format(code=place.code, inspection=place.inspection)
    data = {k: v.format(photo=place.photo) for k, v in form.items()}
    before = _snapshot(field_store, place)
    for name in sorted(refused):
        reply = clients[name].post(url, data)
        assert reply.status == 403, (name, reply.status)
    assert _snapshot(field_store, place) == before


def _snapshot(store: Store, place: Place) -> tuple[object, ...]:
    record = store.inspection(place.inspection)
    return (store.facility(place.code), record.answers, record.photos, record.info.status,
            store.assignments(place.code), [(u.name, u.role, u.disabled) for u in store.users()],
            len(store.history()))


def test_a_facility_given_to_a_team_is_seen_by_its_members(server: FieldServer,
                                                           field_store: Store):
    alice, adam = logged_in(server), logged_in(server, "adam")
    code = new_facility(alice, name="东区公园")
    bob, carol = logged_in(server, "bob"), logged_in(server, "carol")
    assert bob.get(f"/facilities/{code}").status == 403
    reply = adam.post(f"/facilities/{code}/assign", {"kind": "team", "name": "东区"})
    assert reply.status == 303
    assert bob.get(f"/facilities/{code}").status == 200
    assert "东区公园" in carol.get("/").text
    inspection_id = start(bob, code, "gb55019-doors")
    assert carol.get(f"/inspections/{inspection_id}").status == 200  # a colleague reads
    assert carol.post(f"/inspections/{inspection_id}/answer",
                      {"item": "door_width", "v-door_width": "900"}).status == 403
    adam.post(f"/facilities/{code}/assign", {"kind": "team", "name": "东区", "remove": "1"})
    assert carol.get(f"/facilities/{code}").status == 403
    assert bob.get(f"/inspections/{inspection_id}").status == 200  # his own, still
    assert [(c.action, c.new or c.old) for c in field_store.history(facility=code)
            if c.subject == "assignment"][-2:] == [("add", {"kind": "team", "name": "东区"}),
                                                   ("remove", {"kind": "team", "name": "东区"})]


def test_every_form_needs_its_csrf_token(clients: dict[str, Client], place: Place):
    alice = clients["alice"]
    for path, form, _ in POST_MATRIX + [("/logout", {}, set()),
                                        ("/account/password", {}, set()),
                                        ("/facilities/new", {"code": "X-1", "name": "x"},
                                         set())]:
        url = path.format(code=place.code, inspection=place.inspection)
        assert alice.post(url, form, csrf=False).status == 400, url
        assert alice.post(url, form | {"csrf_token": "forged"}, csrf=False).status == 400, url
    other = clients["bob"].token
    assert alice.post("/facilities/new", {"code": "X-1", "name": "x", "csrf_token": other},
                      csrf=False).status == 400
    assert alice.get("/facilities/X-1").status == 404


def test_logging_out_ends_the_session_for_every_copy_of_the_cookie(server: FieldServer):
    alice = logged_in(server)
    stolen = _with_cookies(server, alice)
    assert stolen.get("/mine").status == 200
    assert alice.post("/logout").status == 303
    assert stolen.get("/mine").status == 302  # the old cookie no longer works


def test_a_password_change_and_disabling_end_all_sessions(server: FieldServer,
                                                          field_store: Store):
    adam = logged_in(server, "adam")
    adam.post("/admin/users", {"name": "dora", "role": "inspector", "password": PASSWORD})
    phone, laptop = logged_in(server, "dora"), logged_in(server, "dora")
    reply = laptop.post("/account/password", {"current": PASSWORD, "new": "new-secret-2",
                                              "again": "new-secret-2"})
    assert reply.status == 303
    assert phone.get("/mine").status == 302  # the lost phone is logged out
    assert laptop.get("/mine").status == 200  # the one that changed it goes on
    assert adam.post("/admin/users/dora/password", {"password": "reset-by-admin"}).status \
        == 303
    assert laptop.get("/mine").status == 302
    again = Client(server.url)
    assert again.log_in("dora", "reset-by-admin").status == 303
    assert adam.post("/admin/users/dora", {"role": "inspector", "disabled": "1"}).status \
        == 303
    assert again.get("/mine").status == 302
    refused = Client(server.url)
    assert refused.log_in("dora", "reset-by-admin").status == 422
    assert field_store.user("dora").disabled


def test_an_admin_ends_every_session_of_a_lost_phone(server: FieldServer):
    adam = logged_in(server, "adam")
    adam.post("/admin/users", {"name": "eric", "role": "inspector", "password": PASSWORD})
    phone = logged_in(server, "eric")
    reply = adam.post("/admin/users/eric/logout")
    assert reply.status == 303 and "ended=1" in reply.headers["Location"]
    assert phone.get("/mine").status == 302
    assert logged_in(server, "eric").get("/mine").status == 200  # the password still works


def test_nobody_decides_on_an_inspection_they_entered_or_changed(server: FieldServer,
                                                                 field_store: Store):
    rita = logged_in(server, "rita")
    own = start(rita, new_facility(rita))  # a reviewer's own inspection
    rita.post(f"/inspections/{own}/sections/1", {"v-entrance_type": "level", "go": "stay"})
    rita.post(f"/inspections/{own}/submit", {"confirm": "yes"})
    page = rita.get(f"/inspections/{own}/verdict").text
    assert 'name="action"' not in page  # neither approve nor send back is offered
    assert "您录入或修改过这份检查，按照“四眼原则”须由其他审核员审核（通过或退回）。" in page
    refused = rita.post(f"/inspections/{own}/review", {"action": "approved"})
    assert refused.status == 409 and "四眼原则" in refused.text
    sent_back = rita.post(f"/inspections/{own}/review",
                          {"action": "returned", "comment": "我自己退回"})
    assert sent_back.status == 409 and "须由其他审核员审核（通过或退回）" in sent_back.text
    rita.get("/lang/en")
    english = rita.post(f"/inspections/{own}/review",
                        {"action": "returned", "comment": "again"})
    assert english.status == 409 and (
        "another reviewer must decide on it (approve or send it back)") in english.text
    rita.get("/lang/zh-CN")
    assert field_store.inspection(own).info.status is InspectionStatus.SUBMITTED
    assert field_store.reviews(own) == []
    alice = logged_in(server)
    theirs = start(alice, new_facility(alice))
    alice.post(f"/inspections/{theirs}/sections/1", {"v-entrance_type": "ramp", "go": "stay"})
    alice.post(f"/inspections/{theirs}/submit", {"confirm": "yes"})
    rita.post(f"/inspections/{theirs}/answer", {"item": "platform_depth",
                                                "v-platform_depth": "1500"})
    verdict = rita.get(f"/inspections/{theirs}/verdict").text
    assert 'name="action"' not in verdict and "四眼原则" in verdict
    assert rita.post(f"/inspections/{theirs}/review", {"action": "approved"}).status == 409
    assert rita.post(f"/inspections/{theirs}/review",
                     {"action": "returned", "comment": "x"}).status == 409
    ravi = logged_in(server, "ravi")
    assert ravi.post(f"/inspections/{theirs}/review", {"action": "approved"}).status == 303
    log = field_store.history(inspection_id=theirs)
    assert ("rita", "answer") in {(c.actor, c.subject) for c in log}  # who changed it shows


REDIRECTS = ["%2F%09%2Fevil.example%2F", "/%09/evil.example/", "//evil.example/",
             "/%5Cevil.example", "%5C%5Cevil.example", "/%0A/evil.example", "/%0D%0A/evil",
             "https://evil.example/", "%2F%2Fevil.example", "%20//evil.example",
             "/%2F%2Fevil.example", "javascript:alert(1)", "/%E3%80%80/evil.example",
             "%2F%2F%2Fevil.example"]


@pytest.mark.parametrize("payload", REDIRECTS)
def test_next_never_leaves_the_site(server: FieldServer, payload: str):
    client = logged_in(server)
    fresh = Client(server.url)
    fresh.get(f"/login?next={payload}")
    for reply in (client.get(f"/lang/en?next={payload}"),
                  Client(server.url).get(f"/lang/zh-CN?next={payload}"),
                  fresh.post("/login", {"name": "alice", "password": PASSWORD,
                                        "next": unquote(payload)})):
        assert reply.status == 303
        target = reply.headers["Location"]
        assert target.startswith("/") and not target.startswith("//")
        assert not urlsplit(target).netloc and "evil" not in target.split("?")[0][:3]


def test_a_local_next_still_works(server: FieldServer):
    client = logged_in(server)
    assert client.get("/lang/en?next=/scans?x=1").headers["Location"] == "/scans?x=1"
    fresh = Client(server.url)
    fresh.get("/login")
    reply = fresh.post("/login", {"name": "alice", "password": PASSWORD,
                                  "next": "/mine"})
    assert reply.headers["Location"] == "/mine"


@pytest.mark.parametrize("path", [
    "/inspections/99999999999999999999999", "/inspections/0", "/inspections/-1",
    "/inspections/2147483648/verdict", "/inspections/1/sections/99999999999999999999",
    "/scans/99999999999999999999", "/photos/" + "f" * 64 + ".jpg", "/photos/..%2Fx.jpg",
    "/facilities/" + "X" * 5000, "/admin/users/nobody" + "x" * 300])
def test_ids_no_database_holds_are_not_found(clients: dict[str, Client], path: str):
    assert clients["adam"].get(path).status == 404


def test_a_huge_id_in_a_form_post_is_not_found(clients: dict[str, Client]):
    reply = clients["alice"].post("/inspections/99999999999999999999/answer",
                                  {"item": "x", "v-x": "1"})
    assert reply.status == 404


def test_newlines_in_next_are_refused_not_a_server_error(server: FieldServer):
    client = logged_in(server)
    reply = client.get("/lang/en?next=/scans%0D%0ASet-Cookie:%20x=1")
    assert reply.status == 303 and reply.headers["Location"] == "/login"
    assert "x=1" not in reply.headers.get("Set-Cookie", "")


def test_a_declared_oversized_body_is_refused_before_it_is_read(server: FieldServer):
    """300 MB declared, none of it sent: the answer comes at once."""
    client = logged_in(server)
    cookie = "; ".join(f"{c.name}={c.value}" for c in client.jar)
    host, port = server.host, server.port
    with socket.create_connection((host, port), timeout=10) as connection:
        connection.sendall((
            f"POST /inspections/1/sections/1 HTTP/1.1\r\nHost: {host}:{port}\r\n"
            f"Cookie: {cookie}\r\nContent-Type: multipart/form-data; boundary=x\r\n"
            f"Content-Length: {300 * 2**20}\r\n\r\n").encode())
        answer = b"".join(iter(lambda: connection.recv(65536), b"")).decode()  # then closed
    assert answer.startswith("HTTP/1.1 413"), answer[:200]
    assert "generated by waitress" not in answer  # the app's own page, in the user's language:
    assert "您提交了 300.0 MB，一个表单最多只能提交 4.1 MB" in answer
    assert '<a href="/inspections/1/sections/1">返回表单</a>' in answer
    with socket.create_connection((host, port), timeout=10) as connection:  # a script's upload
        connection.sendall((
            f"POST /inspections/1/photos HTTP/1.1\r\nHost: {host}:{port}\r\n"
            f"Cookie: {cookie}\r\nAccept: application/json\r\n"
            f"Content-Length: {300 * 2**20}\r\n\r\n").encode())
        answer = b"".join(iter(lambda: connection.recv(65536), b"")).decode()
    assert answer.startswith("HTTP/1.1 413") and "Content-Type: application/json" in answer
    assert json.loads(answer.split("\r\n\r\n", 1)[1]) == {"saved": False, "message": (
        "您提交了 300.0 MB，一个表单最多只能提交 4.1 MB（可容纳 8 张不超过 0.4 MB 的照片）。 "
        "这次提交的内容都没有保存；之前已保存的回答和照片都还在。请返回，一次少传几张或传较小的照片。")}


def test_the_too_large_page_says_what_the_limit_is_in_the_users_language(server: FieldServer):
    chinese = logged_in(server).get("/too-large?size=5000000&next=/inspections/7/sections/2")
    assert chinese.status == 413
    assert "一次提交的内容过多" in chinese.text
    assert ("您提交了 4.8 MB，一个表单最多只能提交 4.1 MB（可容纳 8 张不超过 0.4 MB 的照片）。"
            in chinese.text)
    assert "这次提交的内容都没有保存；之前已保存的回答和照片都还在。" in chinese.text
    assert 'href="/inspections/7/sections/2"' in chinese.text
    english = logged_in(server, lang="en").get("/too-large?next=//evil.example&size=x")
    assert english.status == 413 and "Too much to send at once" in english.text
    assert ("One form can carry at most 4.1 MB (room for 8 photos of up to 0.4 MB each)."
            in english.text)
    assert "Nothing from that form was saved; the answers and photos saved before are" in (
        english.text)
    assert 'href="//evil.example' not in english.text and 'href="/"' in english.text
    anonymous = Client(server.url).get("/too-large?size=5000000")  # the session had ended
    assert anonymous.status == 413 and "4.8 MB" in anonymous.text


def _with_cookies(server: FieldServer, client: Client) -> Client:
    copy = Client(server.url)
    for cookie in client.jar:
        copy.jar.set_cookie(cookie)
    return copy


def test_what_is_sent_after_the_login_ended_is_refused_saying_so(server: FieldServer,
                                                                 field_store: Store):
    """The login ended while the inspector was entering (12 hours, an admin ended it, the
    password changed on another device): the section form and the script's save are
    answered 401 saying what happened and what to do, not a bare redirect to the login page
    (the script read that as an answer and showed nothing; the form's entries were gone
    without a word). Nothing is saved for nobody."""
    alice = logged_in(server, lang="en")
    inspection_id = start(alice, new_facility(alice))
    section = f"/inspections/{inspection_id}/sections/1"
    alice.get(section)
    field_store.end_sessions("alice")
    form = alice.post(section, {"v-entrance_type": "ramp", "ver-entrance_type": "0"})
    assert form.status == 401
    assert ("Your login has ended, so what you sent was not saved. Log in again: you come back"
            " to the page; check what it shows and send it again.") in form.text
    assert f'name="next" value="{section}"' in form.text
    script = alice.post(f"/inspections/{inspection_id}/answer",
                        {"item": "entrance_type", "v-entrance_type": "ramp"},
                        headers={"Accept": "application/json"})
    assert script.status == 401 and script.json() == {
        "saved": False, "login": True,
        "message": "Your login has ended. What is waiting stays on this device; log in again "
                   "and it is sent."}
    assert field_store.inspection(inspection_id).answers == {}
    assert alice.post("/logout").status == 303  # logging out of an ended login: just done
    alice.get("/login")
    back = alice.post("/login", {"name": "alice", "password": PASSWORD, "next": section})
    assert back.headers["Location"] == section


# A value for each argument of a route's address, so that every route of the app is tried
# (a new argument fails the tests below until it is given one here).
_ROUTE_VALUES = {"code": "{code}", "inspection_id": "{inspection}", "number": "1",
                 "item_id": "entrance_type", "name": "alice", "sha256": "{photo}",
                 "scan_id": "1", "finding_id": "1", "fmt": "json", "filename": "app.css"}
_NO_RECORD = {"auth.language", "static"}  # their argument names a language, a file
_FORMS = {path: form for path, form, _ in POST_MATRIX}


def _routes(server: FieldServer, method: str) -> list[tuple[str, str]]:
    """(endpoint, path with its arguments filled in) of every ``method`` route of the app."""
    found = []
    for rule in server.app.url_map.iter_rules():
        if method not in (rule.methods or ()) or rule.endpoint == "static":
            continue
        missing = set(rule.arguments) - set(_ROUTE_VALUES)
        assert not missing, f"{rule.rule}: give {missing} a value in _ROUTE_VALUES"
        path = rule.rule
        for argument in rule.arguments:
            path = re.sub(rf"<(\w+:)?{argument}>", _ROUTE_VALUES[argument], path)
        found.append((rule.endpoint, path))
    return sorted(found)


def test_every_post_route_of_the_app_needs_its_csrf_token(server: FieldServer,
                                                         clients: dict[str, Client],
                                                         field_store: Store, place: Place):
    """Enumerated from the app itself, so a new route is covered without a word here (the
    hand-over route was missing from the list above)."""
    routes = _routes(server, "POST")
    assert ("inspections.hand_over", "/inspections/{inspection}/inspector") in routes
    before = _snapshot(field_store, place)
    for client in (clients["alice"], clients["adam"], Client(server.url)):
        for endpoint, path in routes:
            url = path.format(code=place.code, inspection=place.inspection, photo=place.photo)
            form = {k: v.format(photo=place.photo) for k, v in _FORMS.get(path, {}).items()}
            for token in ({}, {"csrf_token": "forged"}, {"csrf_token": clients["bob"].token}):
                reply = client.post(url, form | token, csrf=False)
                assert reply.status == 400, (endpoint, token, reply.status)
                assert "表单已过期或并非来自本应用。请返回、刷新页面后重新提交。" in reply.text
    assert _snapshot(field_store, place) == before


@pytest.mark.parametrize("method", ["GET", "POST"])
def test_another_inspector_reaches_nothing_of_it_by_its_id(server: FieldServer,
                                                         clients: dict[str, Client],
                                                         field_store: Store, place: Place,
                                                         method: str):
    """bob types the ids of alice's facility, inspection, items and photo into every route
    of the app that takes one (with his own valid CSRF token): each is 403, nothing
    changes."""
    bob = clients["bob"]
    bob.get("/mine")
    before = _snapshot(field_store, place)
    tried = []
    for endpoint, path in _routes(server, method):
        if endpoint in _NO_RECORD or not re.search(r"\{(code|inspection|photo)\}|/users/",
                                                    path):
            continue  # a route about no one's record (his own list, the login ...)
        url = path.format(code=place.code, inspection=place.inspection, photo=place.photo)
        form = {k: v.format(photo=place.photo) for k, v in _FORMS.get(path, {}).items()}
        reply = bob.get(url) if method == "GET" else bob.post(url, form)
        assert reply.status == 403, (endpoint, reply.status)
        tried.append(endpoint)
    assert _snapshot(field_store, place) == before
    assert {"sections.section", "photos.image" if method == "GET"
            else "inspections.hand_over"} <= set(tried), tried
    assert len(tried) >= (9 if method == "GET" else 15), tried


def test_a_cookie_planted_before_login_is_not_logged_in_by_the_login(server: FieldServer):
    """Session fixation: an attacker gets a cookie from the login page and plants it in the
    victim's browser; the victim logs in with it. The login makes a new session, so the
    attacker's copy opens nothing."""
    attacker = Client(server.url)
    attacker.get("/login")
    planted = attacker.cookie(COOKIE)
    assert planted
    victim = _with_cookies(server, attacker)
    victim.token = attacker.token
    assert victim.post("/login", {"name": "alice", "password": PASSWORD}).status == 303
    assert victim.cookie(COOKIE) != planted
    assert victim.get("/mine").status == 200
    assert attacker.get("/mine").status == 302
    assert attacker.post("/facilities/new", {"code": new_code(), "name": "x"}).status == 401


def test_digits_that_are_not_ascii_in_number_fields_are_no_server_error(
        server: FieldServer, field_store: Store):
    """"²".isdigit() is true but int("²") fails: each number field of a form or address
    read with isdigit() answered 500 to it."""
    alice = logged_in(server)
    inspection_id = start(alice, new_facility(alice))
    base = f"/inspections/{inspection_id}"
    alice.post(f"{base}/sections/1", {"v-entrance_type": "ramp", "go": "stay"},
               files={"photo-entrance_type": [("door.jpg", jpeg(colour=(3, 9, 27)))]})
    photo = field_store.inspection(inspection_id).photos["entrance_type"][0].sha256
    too_large = alice.get("/too-large?size=%C2%B2")
    assert too_large.status == 413 and "一次提交的内容过多" in too_large.text
    removed = alice.post(f"{base}/photos/remove", {"remove": f"entrance_type:{photo}",
                                                   "number": "²"})
    assert (removed.status, removed.headers["Location"]) == (
        303, f"{base}/sections/1#item-entrance_type")
    added = alice.post(f"{base}/photos", {"item": "entrance_type", "original-sha256": "ab" * 32,
                                          "original-size": "²"},
                       files={"photo-entrance_type": [("copy.jpg", jpeg(colour=(4, 9, 27)))]})
    assert added.status == 200
    copy = field_store.inspection(inspection_id).photos["entrance_type"][0]
    assert (copy.original_name, copy.original_sha256) == ("copy.jpg", None)
    alice.post(f"{base}/submit", {"confirm": "yes"})
    rita = logged_in(server, "rita")
    decided = rita.post(f"{base}/review", {"action": "approved", "seen": "²"})
    assert decided.status == 303
    assert field_store.inspection(inspection_id).info.status is InspectionStatus.APPROVED
