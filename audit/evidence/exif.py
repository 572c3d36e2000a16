"""What a photo's EXIF says: orientation, when it was taken, where, and with which camera.

Metadata is testimony, not a reason to refuse a photo: a malformed tag reads as None.
"""

from __future__ import annotations

import io
import re
import warnings
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from typing import Any, TypeVar

from PIL import Image

from audit.evidence.gps import GPS_IFD, GPSPosition, gps_ifd, read_gps

ORIENTATION = 0x0112
_MAKE, _MODEL = 0x010F, 0x0110
_EXIF_IFD = 0x8769
# (date and time, UTC offset, sub-seconds): when taken, else when digitised.
_WHEN_TAGS = ((0x9003, 0x9011, 0x9291), (0x9004, 0x9012, 0x9292))
_OFFSET = re.compile(r"([+-])(\d{2}):(\d{2})")
_MAX_CAMERA = 100
T = TypeVar("T")
_BAD_EXIF = (ValueError, TypeError, KeyError, IndexError, OSError, SyntaxError, ZeroDivisionError)


@dataclass(frozen=True)
class PhotoMetadata:
    """The EXIF facts we keep about a photo."""

    orientation: int | None
    taken_at: datetime | None
    gps: GPSPosition | None
    camera: str | None


def read_metadata(image: Image.Image) -> PhotoMetadata:
    """Orientation, time taken, GPS position and camera of an opened image."""
    exif = exif_of(image)
    return PhotoMetadata(
        orientation=_orientation(image, exif),
        taken_at=_guarded(lambda: read_taken_at(exif)),
        gps=_guarded(lambda: read_gps(exif.get_ifd(GPS_IFD))),
        camera=_guarded(lambda: read_camera(exif)),
    )


def header_metadata(head: bytes) -> PhotoMetadata:
    """What the EXIF at the start of a JPEG, PNG or WebP file says (the file need not be
    whole: a phone sends the first bytes of the original with a smaller copy of it). Nothing
    is decoded; a header that cannot be read gives empty metadata."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", Image.DecompressionBombWarning)
            with Image.open(io.BytesIO(head), formats=["JPEG", "PNG", "WEBP"]) as image:
                return read_metadata(image)
    except (Image.DecompressionBombError, *_BAD_EXIF):
        return PhotoMetadata(None, None, None, None)


def exif_of(image: Image.Image) -> Image.Exif:
    """The image's EXIF, or an empty one when it is missing or unreadable."""
    try:
        return image.getexif()
    except _BAD_EXIF:
        return Image.Exif()


def pending_orientation(image: Image.Image) -> int:
    """The orientation still to apply to the decoded pixels (1 when none).

    For HEIC this is always 1: libheif applies the rotation while decoding and pillow-heif
    resets the EXIF tag (the original value stays in ``info["original_orientation"]``).
    """
    value = exif_of(image).get(ORIENTATION)
    return value if isinstance(value, int) and 1 <= value <= 8 else 1


def read_taken_at(exif: Image.Exif) -> datetime | None:
    """DateTimeOriginal (else DateTimeDigitized), with its UTC offset when recorded."""
    tags = exif.get_ifd(_EXIF_IFD)
    for when, offset, subsec in _WHEN_TAGS:
        taken = _parse_time(tags.get(when), tags.get(offset), tags.get(subsec))
        if taken is not None:
            return taken
    return None


def read_camera(exif: Image.Exif) -> str | None:
    """'Apple iPhone 15' from Make and Model, without repeating the make."""
    make, model = _text(exif.get(_MAKE)), _text(exif.get(_MODEL))
    camera = model if make and model.lower().startswith(make.lower()) else f"{make} {model}"
    camera = " ".join(camera.split())[:_MAX_CAMERA]
    return camera or None


def location_exif(metadata: PhotoMetadata) -> Image.Exif | None:
    """EXIF holding only the time taken and the GPS position (None when there is neither)."""
    if metadata.taken_at is None and metadata.gps is None:
        return None
    exif = Image.Exif()
    if metadata.taken_at is not None:
        tags = exif.get_ifd(_EXIF_IFD)
        tags[0x9003] = metadata.taken_at.strftime("%Y:%m:%d %H:%M:%S")
        offset = metadata.taken_at.utcoffset()
        if offset is not None:
            tags[0x9011] = _offset_text(offset)
    if metadata.gps is not None:
        exif.get_ifd(GPS_IFD).update(gps_ifd(metadata.gps))
    return exif


def _orientation(image: Image.Image, exif: Image.Exif) -> int | None:
    value = image.info.get("original_orientation", exif.get(ORIENTATION))
    return value if isinstance(value, int) and 1 <= value <= 8 else None


def _parse_time(when: Any, offset: Any, subsec: Any) -> datetime | None:
    try:
        taken = datetime.strptime(_text(when)[:19], "%Y:%m:%d %H:%M:%S")
    except ValueError:
        return None
    digits = _text(subsec)
    if digits.isdigit():
        taken = taken.replace(microsecond=int(digits[:6].ljust(6, "0")))
    match = _OFFSET.fullmatch(_text(offset))
    if match:
        sign = -1 if match[1] == "-" else 1
        delta = timedelta(hours=int(match[2]), minutes=int(match[3]))
        if delta < timedelta(hours=24):
            taken = taken.replace(tzinfo=timezone(sign * delta))
    return taken


def _text(value: Any) -> str:
    if isinstance(value, bytes):
        value = value.decode("utf-8", "replace")
    if not isinstance(value, str):
        return ""
    return "".join(ch for ch in value if ch.isprintable()).strip()


def _offset_text(offset: timedelta) -> str:
    minutes = int(offset.total_seconds()) // 60
    hours, minutes = divmod(abs(minutes), 60)
    return f"{'-' if offset < timedelta(0) else '+'}{hours:02d}:{minutes:02d}"


def _guarded(read: Callable[[], T]) -> T | None:
    try:
        return read()
    except _BAD_EXIF:
        return None
