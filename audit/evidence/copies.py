"""``render_copies``: the thumbnail and the report-size copy of a photo, as JPEG.

Copies are upright (EXIF orientation applied to the pixels), 8-bit RGB, never enlarged.
With ``strip_location=True`` (the default) a copy carries no EXIF at all. With
``strip_location=False`` it carries only the time taken and the GPS position, never camera
make, model, serial numbers, maker notes, XMP or comments. An RGB source's ICC colour profile
is kept so colours stay right.
"""

from __future__ import annotations

from dataclasses import dataclass

from PIL import Image

from audit.evidence import _pixels
from audit.evidence._encode import encode
from audit.evidence.exif import location_exif, read_metadata
from audit.evidence.opening import DEFAULT_MAX_BYTES, DEFAULT_MAX_PIXELS, open_photo

_QUALITY = 85


@dataclass(frozen=True)
class RenderedCopies:
    """JPEG bytes of both copies and their pixel sizes (width, height)."""

    thumbnail: bytes
    thumbnail_size: tuple[int, int]
    report: bytes
    report_size: tuple[int, int]
    media_type: str = "image/jpeg"


def render_copies(
    data: bytes,
    *,
    thumb_px: int = 320,
    report_px: int = 1600,
    strip_location: bool = True,
    name: str = "photo",
    max_bytes: int = DEFAULT_MAX_BYTES,
    max_pixels: int = DEFAULT_MAX_PIXELS,
) -> RenderedCopies:
    """A thumbnail (longer side ``thumb_px``) and a report copy (``report_px``) of the photo.

    The photo is verified exactly as ``inspect_photo`` does, with the same errors.
    """
    if thumb_px < 1 or report_px < 1:
        raise ValueError("thumb_px and report_px must be positive")
    with open_photo(data, name=name, max_bytes=max_bytes, max_pixels=max_pixels) as image:
        exif = None if strip_location else location_exif(read_metadata(image))
        icc = image.info.get("icc_profile") if image.mode in ("RGB", "RGBA") else None
        rgb = _pixels.to_rgb(_pixels.upright(image))
    report = _pixels.shrink(rgb, report_px)
    thumbnail = _pixels.shrink(report if report_px >= thumb_px else rgb, thumb_px)
    return RenderedCopies(
        thumbnail=_jpeg(thumbnail, exif, icc),
        thumbnail_size=thumbnail.size,
        report=_jpeg(report, exif, icc),
        report_size=report.size,
    )


def _jpeg(image: Image.Image, exif: Image.Exif | None, icc: bytes | None) -> bytes:
    return encode(image, "jpeg", exif=exif, icc_profile=icc, quality=_QUALITY)
