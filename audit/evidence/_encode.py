"""Encode an image to bytes carrying only the metadata we pass, never what it had before."""

from __future__ import annotations

import io
from typing import Any

from PIL import Image

_PILLOW_FORMAT = {"jpeg": "JPEG", "png": "PNG", "webp": "WEBP", "heic": "HEIF"}


def encode(
    image: Image.Image,
    fmt: str,
    *,
    exif: Image.Exif | None = None,
    icc_profile: bytes | None = None,
    **options: Any,
) -> bytes:
    """``image`` as ``fmt`` bytes with exactly ``exif`` and ``icc_profile`` as metadata.

    ``image.info`` is emptied first, so nothing the image was opened with (EXIF, XMP, JPEG
    comments, PNG text chunks, HEIC thumbnails) travels along implicitly.
    """
    image.info = {}
    exif_bytes = exif.tobytes() if exif is not None else None
    if fmt == "heic":  # pillow-heif falls back to image.getexif() unless told otherwise
        options.update(exif=exif_bytes, xmp=None)
    elif exif_bytes is not None:
        options["exif"] = exif_bytes
    if icc_profile:
        options["icc_profile"] = icc_profile
    out = io.BytesIO()
    image.save(out, _PILLOW_FORMAT[fmt], **options)
    return out.getvalue()
