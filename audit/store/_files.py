"""Where photo bytes live: a folder of files named by SHA-256, beside the database.

``--files DIR`` (``files_dir``) wins, then ``$A11Y_AUDIT_FILES``; otherwise a SQLite store
keeps them in ``<database file>.files/`` next to it (so copying the two together copies the
evidence). A PostgreSQL store has no file next to it, so it needs one of the two; until it has
one, storing or reading a photo is a StoreError that says so (everything else works).
"""

from __future__ import annotations

import os
from pathlib import Path

from audit.errors import StoreError
from audit.evidence.files import PhotoFiles
from audit.store.location import Location

FILES_ENV = "A11Y_AUDIT_FILES"


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
