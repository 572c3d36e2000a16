"""``inspect_photo``: verify a photo and say what it is, when and where it was taken."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from audit.evidence.exif import pending_orientation, read_metadata
from audit.evidence.gps import GPSPosition
from audit.evidence.opening import (
    DEFAULT_MAX_BYTES,
    DEFAULT_MAX_PIXELS,
    format_of,
    open_photo,
)
from audit.store import sha256_hex

MEDIA_TYPES = {"jpeg": "image/jpeg", "png": "image/png", "heic": "image/heic", "webp": "image/webp"}
_QUARTER_TURNS = frozenset({5, 6, 7, 8})


@dataclass(frozen=True)
class PhotoInfo:
    """A verified photo. ``width``/``height`` are as it is shown, after EXIF orientation."""

    sha256: str
    format: str
    width: int
    height: int
    orientation: int | None
    taken_at: datetime | None
    gps: GPSPosition | None
    size_bytes: int
    camera: str | None

    @property
    def media_type(self) -> str:
        return MEDIA_TYPES[self.format]


def inspect_photo(
    data: bytes,
    *,
    name: str = "photo",
    max_bytes: int = DEFAULT_MAX_BYTES,
    max_pixels: int = DEFAULT_MAX_PIXELS,
) -> PhotoInfo:
    """Verify ``data`` is a whole, acceptable photo and read its facts.

    Raises ``NotAnImage``, ``ImageTooLarge`` or ``DamagedImage`` (all ``EvidenceError``) with
    a message naming ``name``, what is wrong and what to do.
    """
    with open_photo(data, name=name, max_bytes=max_bytes, max_pixels=max_pixels) as image:
        metadata = read_metadata(image)
        width, height = image.size
        if pending_orientation(image) in _QUARTER_TURNS:
            width, height = height, width
        fmt = format_of(image)
    return PhotoInfo(
        sha256=sha256_hex(data),
        format=fmt,
        width=width,
        height=height,
        orientation=metadata.orientation,
        taken_at=metadata.taken_at,
        gps=metadata.gps,
        size_bytes=len(data),
        camera=metadata.camera,
    )
