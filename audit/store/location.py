"""Where the store lives: a path or URL given by the user, the environment, or the default.

A plain path is a SQLite file; ``sqlite:///PATH`` says the same as a URL; ``postgresql://``
(or ``postgres://``) URLs are served by psycopg 3. Every message names the database through
``Location.display``, which never contains a password.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy.engine import URL, make_url
from sqlalchemy.exc import ArgumentError

from audit.errors import StoreError

DEFAULT_DB = "a11y-audit.db"
ENV_VAR = "A11Y_AUDIT_DB"

_POSTGRES_SCHEMES = {"postgresql": "postgresql+psycopg", "postgres": "postgresql+psycopg"}
_PASSWORD_IN_URL = re.compile(r"(://[^:/@\s]*):[^@\s]*@")


@dataclass(frozen=True)
class Location:
    """A resolved store target: the SQLAlchemy URL to connect with and the name to show."""

    url: URL
    display: str  # for messages: the path, or the URL with its password masked
    path: Path | None = None  # the SQLite file, when the store is SQLite

    @property
    def dialect(self) -> str:
        return self.url.get_backend_name()


def resolve(target: str | Path | None) -> Location:
    """Turn ``--db`` (or ``A11Y_AUDIT_DB``, or the default ``./a11y-audit.db``) into a Location."""
    if target is None:
        target = os.environ.get(ENV_VAR) or DEFAULT_DB
    if isinstance(target, str) and "://" in target:
        return _from_url(target)
    return _sqlite_file(Path(target), display=str(target))


def redact(text: str) -> str:
    """Mask any ``user:password@`` in ``text`` (for messages that quote a URL or driver error)."""
    return _PASSWORD_IN_URL.sub(r"\1:***@", text)


def _from_url(text: str) -> Location:
    try:
        url = make_url(text)
    except (ArgumentError, ValueError):
        raise StoreError(f"not a database URL: {redact(text)}") from None
    display = url.render_as_string(hide_password=True)
    backend = url.get_backend_name()
    if backend == "sqlite":
        if not url.database or url.database == ":memory:":
            raise StoreError(f"an in-memory SQLite store keeps nothing; give a file: {display}")
        return _sqlite_file(Path(url.database), display=str(url.database))
    if url.drivername in _POSTGRES_SCHEMES:
        url = url.set(drivername=_POSTGRES_SCHEMES[url.drivername])
    elif backend != "postgresql":
        raise StoreError(f"unsupported database URL {display}: give a file path, "
                         "sqlite:///PATH or postgresql://USER@HOST/DATABASE")
    return Location(url=url, display=display)


def _sqlite_file(path: Path, *, display: str) -> Location:
    path = path.expanduser()
    parent = path.parent
    if not parent.is_dir():
        raise StoreError(f"cannot open database {display}: folder {parent} does not exist")
    if path.is_dir():
        raise StoreError(f"cannot open database {display}: it is a folder, not a file")
    if path.exists() and not os.access(path, os.R_OK | os.W_OK):
        raise StoreError(f"cannot open database {display}: the file is not readable and writable")
    return Location(url=URL.create("sqlite+pysqlite", database=str(path)), display=display,
                    path=path)
