"""The content-addressed file store: content_path takes only real hashes, PhotoFiles keeps
bytes by hash."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest

from audit.errors import EvidenceError, StoreError
from audit.store import PhotoFiles, content_path
from tests.evidence.evidence_factory import make_photo

HASH = hashlib.sha256(b"photo").hexdigest()


def test_content_path_layout() -> None:
    assert content_path(HASH) == f"{HASH[:2]}/{HASH[2:4]}/{HASH}"
    assert content_path("ab" * 32) == "ab/ab/" + "ab" * 32


@pytest.mark.parametrize(
    "bad",
    [
        "",
        HASH.upper(),
        HASH[:-1],
        HASH + "0",
        HASH + "\n",
        "../" + HASH[3:],
        "../../etc/passwd",
        "g" * 64,
        HASH[:32] + "/" + HASH[33:],
        HASH.encode(),
        None,
    ],
)
def test_content_path_refuses_anything_but_64_lowercase_hex(bad: object) -> None:
    with pytest.raises(ValueError):
        content_path(bad)


def test_put_stores_by_hash_atomically_and_idempotently(tmp_path: Path) -> None:
    files = PhotoFiles(tmp_path)
    data = make_photo("jpeg")

    first = files.put(data)
    second = files.put(data)

    assert first == second == hashlib.sha256(data).hexdigest()
    assert files.path(first) == tmp_path / first[:2] / first[2:4] / first
    assert files.has(first)
    assert files.read(first) == data
    assert sorted(p.name for p in tmp_path.rglob("*") if p.is_file()) == [first]


def test_swapped_file_is_noticed_and_repaired_by_put(tmp_path: Path) -> None:
    files = PhotoFiles(tmp_path)
    data = make_photo("jpeg")
    sha = files.put(data)
    files.path(sha).write_bytes(make_photo("png"))

    with pytest.raises(EvidenceError, match="changed on disk"):
        files.read(sha)

    assert files.put(data) == sha
    assert files.read(sha) == data


def test_missing_photo(tmp_path: Path) -> None:
    files = PhotoFiles(tmp_path)

    assert not files.has(HASH)
    with pytest.raises(StoreError, match="not in"):
        files.read(HASH)


def test_paths_never_come_from_other_strings(tmp_path: Path) -> None:
    files = PhotoFiles(tmp_path)

    with pytest.raises(ValueError):
        files.path("../../outside")
    with pytest.raises(ValueError):
        files.read("../../outside")
