"""Text files users hand us (URL lists, configs, checklists, sheets, baselines): UTF-8 only,
and a byte that is not UTF-8 is an error naming the file, the line and the column."""

from __future__ import annotations

import os
from pathlib import Path
from typing import TypeVar

from audit.errors import ConfigError

E = TypeVar("E", bound=ConfigError)


def decode_utf8(data: bytes, name: str, *, error_cls: type[ConfigError] = ConfigError) -> str:
    """``data`` as text (a UTF-8 byte-order mark dropped); ``error_cls`` at the first bad byte."""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        raise not_utf8(err, name, error_cls=error_cls) from None


def not_utf8(err: UnicodeDecodeError, name: str, *, error_cls: type[E], also: str = "") -> E:
    """The error for the first byte that is not UTF-8 (``also``: other encodings tried); the
    column counts characters, as editors do."""
    data = bytes(err.object)
    line = data.count(b"\n", 0, err.start) + 1
    column = len(data[data.rfind(b"\n", 0, err.start) + 1:err.start].decode("utf-8")) + 1
    return error_cls(f"not UTF-8{also} text: byte 0x{data[err.start]:02x} at column {column}; "
                     "save the file as UTF-8", file=name, line=line)


def read_text(path: str | os.PathLike[str], *, display: str | None = None,
              error_cls: type[ConfigError] = ConfigError) -> str:
    """Read a UTF-8 text file; unreadable files and bad bytes are ``error_cls`` naming it."""
    name = display or os.fspath(path)
    try:
        data = Path(path).read_bytes()
    except OSError as err:
        raise error_cls(f"cannot read file: {err.strerror or err}", file=name) from None
    return decode_utf8(data, name, error_cls=error_cls)
