"""The content-addressed file store: photo and screenshot bytes in a folder, one file per
SHA-256, beside the database.

``content_path`` is the only way a path is built from a hash, and it accepts nothing but 64
lowercase hex digits. ``PhotoFiles`` keeps bytes under a folder by hash, written atomically,
and checks them against their hash when they are read back.

Where the folder is: ``--files DIR`` (``files_dir``) wins, then ``$A11Y_AUDIT_FILES``;
otherwise a SQLite store keeps them in ``<database file>.files/`` next to it (so copying the
two together copies the evidence). A PostgreSQL store has no file next to it, so it needs one
of the two; until it has one, storing or reading a photo is a StoreError that says so
(everything else works).
"""

from __future__ import annotations

import hashlib
import os
import re
import tempfile
from pathlib import Path

from audit.errors import EvidenceError, StoreError
from audit.store.location import Location

FILES_ENV = "A11Y_AUDIT_FILES"
_SHA256_HEX = re.compile(r"[0-9a-f]{64}")


def sha256_hex(data: bytes) -> str:
    """The lowercase hex SHA-256 of ``data``."""
    return hashlib.sha256(data).hexdigest()


def content_path(sha256: object) -> str:
    """'ab/cd/abcd…' (POSIX separators) for a hash; ValueError for anything but 64 hex digits."""
    if not isinstance(sha256, str) or not _SHA256_HEX.fullmatch(sha256):
        raise ValueError(f"not a lowercase hex SHA-256: {sha256!r:.80}")
    return f"{sha256[:2]}/{sha256[2:4]}/{sha256}"


class PhotoFiles:
    """Original photo bytes in a folder, one file per SHA-256, written atomically."""

    def __init__(self, root: str | os.PathLike[str]) -> None:
        self.root = Path(root)

    def path(self, sha256: str) -> Path:
        return self.root.joinpath(*content_path(sha256).split("/"))

    def has(self, sha256: str) -> bool:
        return self.path(sha256).is_file()

    def put(self, data: bytes) -> str:
        """Store ``data`` and return its hash. Storing the same bytes again changes nothing."""
        sha256 = sha256_hex(data)
        target = self.path(sha256)
        if target.is_file() and sha256_hex(target.read_bytes()) == sha256:
            return sha256
        target.parent.mkdir(parents=True, exist_ok=True)
        _write_atomically(target, data)
        return sha256

    def read(self, sha256: str) -> bytes:
        """The stored bytes, checked against their hash so a swapped file is noticed."""
        try:
            data = self.path(sha256).read_bytes()
        except FileNotFoundError as err:
            raise StoreError(f"photo {sha256} is not in {self.root}") from err
        if sha256_hex(data) != sha256:
            raise EvidenceError(
                f"photo {sha256} was changed on disk ({self.path(sha256)}): its content no "
                "longer matches its SHA-256. Restore the original from a backup."
            )
        return data


def files_root(location: Location, files_dir: str | os.PathLike[str] | None) -> Path | None:
    """The photo folder for ``location`` (created when the first photo is stored)."""
    if files_dir is not None:
        return Path(files_dir).expanduser()
    if os.environ.get(FILES_ENV):
        return Path(os.environ[FILES_ENV]).expanduser()
    if location.path is not None:
        return location.path.with_name(location.path.name + ".files")
    return None


def photo_files(root: Path | None, display: str) -> PhotoFiles:
    """The folder as a PhotoFiles, or the StoreError that asks for one."""
    if root is None:
        raise StoreError(f"database {display} has no folder for photo files: set "
                         f"{FILES_ENV} (or pass --files DIR) to a folder shared by everyone "
                         "who uses this database")
    if root.exists() and not root.is_dir():
        raise StoreError(f"photo folder {root} is a file, not a folder")
    return PhotoFiles(root)


def _write_atomically(target: Path, data: bytes) -> None:
    fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=".incoming-", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as out:
            out.write(data)
            out.flush()
            os.fsync(out.fileno())
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
