"""A real field app on a free port over a real SQLite store, one per test module, with its
accounts: inspectors alice and bob (team 东区) and carol (team 东区 too), reviewers rita and
ravi, admin adam. Tests share the module's store, so each works on facilities of its own
(``new_code``)."""

from __future__ import annotations

import io
import itertools
import re
from collections.abc import Iterator
from typing import Any

import pytest
from argon2 import PasswordHasher, profiles
from PIL import Image

from audit.checklist import Catalogue, load_bundled
from audit.fieldapp import FieldServer, add_user, create_app, users
from audit.store import Store, open_store
from audit.webscan.browser import find_browser, launch_flags
from tests.fieldapp.client import Client

PASSWORD = "correct-horse-1"
MAX_PHOTO_BYTES = 400_000
RAMPS = "gb55019-entrances-ramps"
ACCOUNTS = (("alice", "inspector", None), ("bob", "inspector", "东区"),
            ("carol", "inspector", "东区"), ("rita", "reviewer", None),
            ("ravi", "reviewer", None), ("adam", "admin", None))
_codes = itertools.count(1)


def new_code(prefix: str = "FAC") -> str:
    """A facility code no other test of the session uses."""
    return f"{prefix}-{next(_codes)}"


@pytest.fixture(scope="session", autouse=True)
def _cheap_password_hashes() -> Iterator[None]:
    """Argon2id with its cheapest parameters: the same code paths and hash format, without
    half a second of CPU per login on a busy test machine (the cost is not what is tested)."""
    cheap = PasswordHasher.from_parameters(profiles.CHEAPEST)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(users, "_HASHER", cheap)  # the unknown-name hash is made with it too
        yield


@pytest.fixture(scope="module")
def field_store(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Store]:
    folder = tmp_path_factory.mktemp("field")
    with open_store(folder / "field.db", files_dir=folder / "files") as store:
        for name, role, team in ACCOUNTS:
            add_user(store, name, PASSWORD, role, team=team)
        yield store


@pytest.fixture(scope="session")
def catalogue() -> Catalogue:
    return load_bundled()


@pytest.fixture(scope="module")
def server(field_store: Store, catalogue: Catalogue) -> Iterator[FieldServer]:
    app = create_app(field_store, secret_key="test-secret", catalogue=catalogue,
                     max_photo_bytes=MAX_PHOTO_BYTES)
    with FieldServer(app) as running:
        yield running


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    """One Chromium for a module's browser tests."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=str(find_browser().path),
                                              args=launch_flags())
        try:
            yield launched
        finally:
            launched.close()


@pytest.fixture
def client(server: FieldServer) -> Client:
    return Client(server.url)


def logged_in(server: FieldServer, name: str = "alice", lang: str | None = None) -> Client:
    client = Client(server.url)
    if lang:
        client.get(f"/lang/{lang}")
    reply = client.log_in(name, PASSWORD)
    assert reply.status == 303, reply.text
    return client


def jpeg(width: int = 64, height: int = 48, colour: tuple[int, int, int] = (120, 160, 200)
         ) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (width, height), colour).save(out, "JPEG")
    return out.getvalue()


def new_facility(client: Client, code: str | None = None, name: str = "政务服务中心",
                 **details: str) -> str:
    code = code or new_code()
    reply = client.post("/facilities/new", {"code": code, "name": name, **details})
    assert reply.status == 303, reply.text
    return code


def start(client: Client, code: str, checklist: str = RAMPS, building: str = "existing") -> int:
    reply = client.post(f"/facilities/{code}/inspections",
                        {"checklist": checklist, "building": building})
    assert reply.status == 303, reply.text
    found = re.match(r"/inspections/(\d+)", reply.headers["Location"])
    assert found, reply.headers["Location"]
    return int(found.group(1))


def start_ramp_inspection(client: Client, code: str | None = None) -> int:
    """A facility and an inspection of entrances and ramps with the entrance answered 'ramp'."""
    code = new_facility(client, code)
    inspection_id = start(client, code)
    reply = client.post(f"/inspections/{inspection_id}/sections/1",
                        {"v-entrance_type": "ramp", "ver-entrance_type": "0", "go": "next"})
    assert reply.status == 303, reply.text
    return inspection_id


def returned_by_one_who_left(server: FieldServer, store: Store, name: str) -> int:
    """An inspection the new inspector ``name`` submitted and rita sent back; then ``name``'s
    account was disabled (they left)."""
    add_user(store, name, PASSWORD, "inspector")
    client = logged_in(server, name)
    inspection_id = start_ramp_inspection(client)
    assert client.post(f"/inspections/{inspection_id}/submit", {"confirm": "yes"}).status == 303
    reply = logged_in(server, "rita").post(f"/inspections/{inspection_id}/review",
                                           {"action": "returned", "comment": "请补拍坡道"})
    assert reply.status == 303, reply.text
    store.update_user(name, by="adam", disabled=True)
    return inspection_id


def facility_of(store: Store, inspection_id: int) -> str:
    return store.inspection(inspection_id).facility.code
