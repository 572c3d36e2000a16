"""Open untrusted bytes as a photo: byte limit, format allow-list, pixel limit, full decode.

Accepted: JPEG (including MPO, the multi-picture JPEG some cameras write), PNG, HEIC/HEIF
(through pillow-heif) and WebP. Refused with ``NotAnImage``: GIF (an animation or graphic,
not how a camera stores a photo), TIFF (many codecs and pages, a large attack surface for
little use), BMP, AVIF and everything else. Only the four accepted plugins ever parse the
bytes, because ``Image.open`` is given that allow-list.

The pixel limit is ours: it is checked from the header, before any pixel is decoded. Pillow's
global ``Image.MAX_IMAGE_PIXELS`` is neither changed nor relied on; its warning is silenced
(our limit decides) and its hard ``DecompressionBombError`` still maps to ``ImageTooLarge``.
Truncation is found by a full decode (``load()``), plus ``verify()`` for PNG, which checks
every chunk's CRC, and for HEIC a walk over the file's boxes, none of which may end past the
end of the file (libheif decodes a picture whose last bytes are missing without a word);
``ImageFile.LOAD_TRUNCATED_IMAGES`` is never set.
"""

from __future__ import annotations

import io
import struct
import warnings
import zlib

import pillow_heif
from PIL import Image

from audit.errors import EvidenceError
from audit.evidence import _messages, _sniff

pillow_heif.register_heif_opener()

DEFAULT_MAX_BYTES = 25 * 2**20
DEFAULT_MAX_PIXELS = 60_000_000

# Pillow's format name -> ours. MPO has no opener of its own: the JPEG opener returns it.
_FORMATS: dict[str, str] = {
    "JPEG": "jpeg",
    "MPO": "jpeg",
    "PNG": "png",
    "HEIF": "heic",
    "WEBP": "webp",
}
_OPENERS = ["JPEG", "PNG", "HEIF", "WEBP"]
ACCEPTED_FORMATS: tuple[str, ...] = ("jpeg", "png", "heic", "webp")

# What Pillow and pillow-heif raise on data they cannot parse or decode.
_BAD_DATA = (
    OSError, ValueError, SyntaxError, EOFError, IndexError, KeyError, TypeError,
    RuntimeError, struct.error, zlib.error,
)


def open_photo(
    data: bytes,
    *,
    name: str = "photo",
    max_bytes: int = DEFAULT_MAX_BYTES,
    max_pixels: int = DEFAULT_MAX_PIXELS,
) -> Image.Image:
    """The fully decoded image in ``data``, or the ``EvidenceError`` that says why not."""
    shown = _messages.display_name(name)
    if not data:
        raise _messages.empty(shown)
    if len(data) > max_bytes:
        raise _messages.too_many_bytes(shown, len(data), max_bytes)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", Image.DecompressionBombWarning)
        image = _open_header(data, shown, max_pixels)
        try:
            _check_pixels(image, shown, max_pixels)
            _decode(image, data, shown, max_pixels)
        except EvidenceError:
            image.close()
            raise
    return image


def format_of(image: Image.Image) -> str:
    """Our name for the format of an image from ``open_photo``: jpeg, png, heic or webp."""
    return _FORMATS[image.format or ""]


def _open_header(data: bytes, shown: str, max_pixels: int) -> Image.Image:
    try:
        image = Image.open(io.BytesIO(data), formats=_OPENERS)
    except Image.DecompressionBombError as err:
        raise _messages.bomb(shown, max_pixels) from err
    except _BAD_DATA as err:  # UnidentifiedImageError is an OSError
        raise _refusal(data, shown) from err
    if image.format not in _FORMATS:  # pragma: no cover - the allow-list prevents it
        image.close()
        raise _refusal(data, shown)
    return image


def _check_pixels(image: Image.Image, shown: str, max_pixels: int) -> None:
    width, height = image.size
    if width * height > max_pixels:
        raise _messages.too_many_pixels(shown, width, height, max_pixels)
    if width <= 0 or height <= 0:
        raise _messages.damaged(shown, format_of(image))


def _decode(image: Image.Image, data: bytes, shown: str, max_pixels: int) -> None:
    try:
        if image.format == "PNG":
            with Image.open(io.BytesIO(data), formats=["PNG"]) as check:
                check.verify()
        if image.format == "HEIF" and not _sniff.boxes_complete(data):
            raise EOFError("a box of the HEIF file ends past the end of the file")
        image.load()
    except Image.DecompressionBombError as err:
        raise _messages.bomb(shown, max_pixels) from err
    except _BAD_DATA as err:
        raise _messages.damaged(shown, format_of(image)) from err


def _refusal(data: bytes, shown: str) -> EvidenceError:
    fmt = _sniff.accepted_format(data)
    if fmt is not None:
        return _messages.damaged(shown, fmt)
    kind = _sniff.other_image(data)
    if kind is not None:
        return _messages.refused_kind(shown, kind)
    return _messages.not_an_image(shown, _sniff.describe(data))
