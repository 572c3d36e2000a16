"""A real field app on a free port over a real SQLite store, with three accounts."""

from __future__ import annotations

import io
from collections.abc import Iterator
from pathlib import Path

import pytest
from PIL import Image

from audit.checklist import Catalogue, load_bundled
from audit.fieldapp import FieldServer, add_user, create_app
from audit.store import Store, open_store
from tests.fieldapp.client import Client

PASSWORD = "correct-horse-1"
MAX_PHOTO_BYTES = 400_000
RAMPS = "gb55019-entrances-ramps"


@pytest.fixture
def field_store(tmp_path: Path) -> Iterator[Store]:
    with open_store(tmp_path / "field.db", files_dir=tmp_path / "files") as store:
        yield store


@pytest.fixture(scope="session")
def catalogue() -> Catalogue:
    return load_bundled()


@pytest.fixture
def server(field_store: Store, catalogue: Catalogue) -> Iterator[FieldServer]:
    app = create_app(field_store, secret_key="test-secret", catalogue=catalogue,
                     max_photo_bytes=MAX_PHOTO_BYTES)
    for name, role in (("alice", "inspector"), ("bob", "inspector"), ("rita", "reviewer")):
        add_user(field_store.engine, name, PASSWORD, role)
    with FieldServer(app) as running:
        yield running


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


def jpeg(width: int = 64, height: int = 48) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (width, height), (120, 160, 200)).save(out, "JPEG")
    return out.getvalue()


def start_ramp_inspection(client: Client, code: str = "FAC-1") -> int:
    """A facility and an inspection of entrances and ramps with the entrance answered 'ramp'."""
    reply = client.post("/facilities/new", {"code": code, "name": "政务服务中心"})
    assert reply.status == 303, reply.text
    reply = client.post(f"/facilities/{code}/inspections", {"checklist": RAMPS})
    assert reply.status == 303, reply.text
    inspection_id = int(reply.headers["Location"].split("/")[2])
    reply = client.post(f"/inspections/{inspection_id}/sections/1",
                        {"v-entrance_type": "ramp", "go": "next"})
    assert reply.status == 303, reply.text
    return inspection_id
