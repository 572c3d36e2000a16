"""``strip_metadata``: a copy of a photo fit to leave the organisation, with no metadata.

All EXIF (GPS, time, camera, serials, maker notes), XMP, comments, text chunks and embedded
thumbnails are dropped; the orientation is applied to the pixels first, so the copy looks
the same. The format stays the same: JPEG at quality 95, PNG losslessly, WebP at quality 95,
HEIC at quality 90. Only the ICC colour profile (needed to show colours right) and PNG
transparency are kept.
"""

from __future__ import annotations

from typing import Any

from audit.evidence import _pixels
from audit.evidence._encode import encode
from audit.evidence.opening import DEFAULT_MAX_BYTES, DEFAULT_MAX_PIXELS, format_of, open_photo

_OPTIONS: dict[str, dict[str, Any]] = {
    "jpeg": {"quality": 95},
    "png": {},
    "webp": {"quality": 95},
    "heic": {"quality": 90},
}


def strip_metadata(
    data: bytes,
    *,
    name: str = "photo",
    max_bytes: int = DEFAULT_MAX_BYTES,
    max_pixels: int = DEFAULT_MAX_PIXELS,
) -> bytes:
    """The photo in ``data`` re-encoded in its own format without any metadata."""
    with open_photo(data, name=name, max_bytes=max_bytes, max_pixels=max_pixels) as image:
        fmt = format_of(image)
        icc = image.info.get("icc_profile")
        transparency = image.info.get("transparency")
        clean = _pixels.upright(image)
    options = dict(_OPTIONS[fmt])
    if fmt == "png" and transparency is not None:
        options["transparency"] = transparency
    return encode(clean, fmt, icc_profile=icc, **options)
