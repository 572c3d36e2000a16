"""Images for the report: element screenshots and photos as small embedded thumbnails.

Whatever the store holds (``sha256:<hex>`` naming bytes in its file folder, a file path
inside the folder the caller names, or a ``data:`` URI) is decoded by Pillow and encoded
again, so only real pixels of a bounded size reach the report: a 500-photo report stays
small, and nothing but an image can hide behind a ``src``. Photos come from the store's own
thumbnails (JPEG, no metadata).
"""

from __future__ import annotations

import base64
import binascii
import io
from pathlib import Path

from PIL import Image, UnidentifiedImageError

from audit.errors import AuditError
from audit.evidence import photo_copies
from audit.store import Store

MAX_SIDE = 640
MAX_INPUT_BYTES = 30 * 1024 * 1024
MAX_PIXELS = 60_000_000
JPEG_QUALITY = 80
SHA_PREFIX = "sha256:"


def stored_image_uri(store: Store, ref: str | None, *, max_side: int = MAX_SIDE,
                     base: Path | None = None) -> str | None:
    """Like ``thumbnail_uri``, and ``sha256:<hex>`` is read from the store's file folder
    (checked against its hash); None when the store has no folder or the file is gone."""
    if not ref or not ref.startswith(SHA_PREFIX):
        return thumbnail_uri(ref, max_side=max_side, base=base)
    try:
        data = store.photo_files.read(ref[len(SHA_PREFIX):])
    except (AuditError, OSError, ValueError):
        return None
    return image_bytes_uri(data, max_side=max_side)


def photo_thumbnail(store: Store, sha256: str) -> tuple[str, str | None]:
    """A stored photo's thumbnail as a data: URI, or "" and why there is none."""
    try:
        copies = photo_copies(store, sha256)
    except AuditError as err:
        return "", str(err)
    except OSError as err:
        return "", f"cannot read photo {sha256}: {err.strerror or err}"
    payload = base64.b64encode(copies.thumbnail).decode("ascii")
    return f"data:{copies.media_type};base64,{payload}", None


def thumbnail_uri(ref: str | None, *, max_side: int = MAX_SIDE,
                  base: Path | None = None) -> str | None:
    """A ``data:image/...`` URI of at most ``max_side`` px a side; None if unreadable."""
    if not ref:
        return None
    data = _read(ref, base)
    return None if data is None else image_bytes_uri(data, max_side=max_side)


def image_bytes_uri(data: bytes, *, max_side: int = MAX_SIDE) -> str | None:
    """Image bytes re-encoded as a bounded ``data:`` URI; None if they are not an image."""
    if len(data) > MAX_INPUT_BYTES:
        return None
    try:
        with Image.open(io.BytesIO(data)) as image:
            if image.width * image.height > MAX_PIXELS:
                return None
            image.thumbnail((max_side, max_side))
            return _encode(image)
    except (UnidentifiedImageError, OSError, ValueError, Image.DecompressionBombError):
        return None


def _read(ref: str, base: Path | None) -> bytes | None:
    if ref.startswith("data:"):
        header, _, payload = ref.partition(",")
        if not header.startswith("data:image/") or not header.endswith(";base64"):
            return None
        try:
            return base64.b64decode(payload, validate=True)
        except (binascii.Error, ValueError):
            return None
    path = _inside(ref, base)
    try:
        if path is None or not path.is_file() or path.stat().st_size > MAX_INPUT_BYTES:
            return None
        return path.read_bytes()
    except OSError:
        return None


def _inside(ref: str, base: Path | None) -> Path | None:
    """The file ``ref`` names inside ``base`` (links followed), or None: a stored scan that
    names a file elsewhere on the machine rendering the report (``/home/...``, ``../..``)
    must not put that file into a report others read."""
    if base is None or Path(ref).is_absolute():
        return None
    try:
        folder = base.resolve()
        path = (folder / ref).resolve()
    except (OSError, RuntimeError, ValueError):
        return None
    return path if path.is_relative_to(folder) else None


def _encode(image: Image.Image) -> str:
    buffer = io.BytesIO()
    if image.mode in ("RGBA", "LA", "P"):
        image.convert("RGBA").save(buffer, format="PNG", optimize=True)
        kind = "png"
    else:
        image.convert("RGB").save(buffer, format="JPEG", quality=JPEG_QUALITY, optimize=True)
        kind = "jpeg"
    return f"data:image/{kind};base64,{base64.b64encode(buffer.getvalue()).decode('ascii')}"
