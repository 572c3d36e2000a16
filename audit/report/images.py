"""Images for the report: element screenshots and photos as small embedded thumbnails.

Whatever the store holds (a file path or a ``data:`` URI) is decoded by Pillow and encoded
again, so only real pixels of a bounded size reach the report: a 500-photo report stays small,
and nothing but an image can hide behind a ``src``.
"""

from __future__ import annotations

import base64
import binascii
import io
from pathlib import Path

from PIL import Image, UnidentifiedImageError

MAX_SIDE = 640
MAX_INPUT_BYTES = 30 * 1024 * 1024
MAX_PIXELS = 60_000_000
JPEG_QUALITY = 80


def thumbnail_uri(ref: str | None, *, max_side: int = MAX_SIDE,
                  base: Path | None = None) -> str | None:
    """A ``data:image/...`` URI of at most ``max_side`` px a side; None if unreadable."""
    if not ref:
        return None
    data = _read(ref, base)
    if data is None:
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
    path = Path(ref)
    if base is not None and not path.is_absolute():
        path = base / path
    try:
        if not path.is_file() or path.stat().st_size > MAX_INPUT_BYTES:
            return None
        return path.read_bytes()
    except OSError:
        return None


def _encode(image: Image.Image) -> str:
    buffer = io.BytesIO()
    if image.mode in ("RGBA", "LA", "P"):
        image.convert("RGBA").save(buffer, format="PNG", optimize=True)
        kind = "png"
    else:
        image.convert("RGB").save(buffer, format="JPEG", quality=JPEG_QUALITY, optimize=True)
        kind = "jpeg"
    return f"data:image/{kind};base64,{base64.b64encode(buffer.getvalue()).decode('ascii')}"
