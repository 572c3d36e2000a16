"""Photos made in the tests: real pixels, real EXIF (orientation, time, GPS, camera)."""

from __future__ import annotations

import io
import struct
import zlib
from datetime import datetime, timedelta, timezone
from typing import Any

import pillow_heif
import pytest
from PIL import Image
from PIL.TiffImagePlugin import IFDRational

STORED = (640, 480)  # the pixels as the sensor stored them (landscape)
SHOWN = (480, 640)  # as shown after Orientation 6 (rotate 90 degrees clockwise)
MARK = 160  # a red square in the stored top-left corner ends up top-right when shown
RED, WHITE = (220, 20, 20), (255, 255, 255)

TAKEN_TEXT = "2024:05:06 14:30:15"
TAKEN_AT = datetime(2024, 5, 6, 14, 30, 15, tzinfo=timezone(timedelta(hours=8)))
# 31 deg 13' 36.12" N, 121 deg 28' 12.34" E, 4.5 m: People's Square, Shanghai.
SHANGHAI = (31.226700, 121.470094, 4.5)
# 33 deg 52' 4.2" S, 70 deg 39' 0" W, 12 m below the reference.
SOUTH_WEST = (-33.867833, -70.65, -12.0)

HEIC_CAN_ENCODE = bool(pillow_heif.libheif_info().get("HEIF"))
needs_heic_encoder = pytest.mark.skipif(
    not HEIC_CAN_ENCODE, reason="this libheif build has no HEVC encoder, so no HEIC can be made"
)
ALL_FORMATS = [
    "jpeg",
    "png",
    "webp",
    pytest.param("heic", marks=needs_heic_encoder),
]
_PILLOW = {"jpeg": "JPEG", "png": "PNG", "webp": "WEBP", "heic": "HEIF"}


def rational(value: float, denominator: int = 100) -> IFDRational:
    return IFDRational(round(value * denominator), denominator)


def make_exif(
    *,
    orientation: int | None = 6,
    gps: bool = True,
    south_west: bool = False,
    taken: bool = True,
    camera: bool = True,
) -> Image.Exif:
    """EXIF as a phone writes it: Orientation, Make/Model, DateTimeOriginal, a GPS IFD."""
    exif = Image.Exif()
    if orientation is not None:
        exif[0x0112] = orientation
    if camera:
        exif[0x010F] = "Apple"
        exif[0x0110] = "iPhone 15 Pro"
        exif[0x0131] = "17.4.1"
    if taken:
        sub = exif.get_ifd(0x8769)
        sub[0x9003] = TAKEN_TEXT
        sub[0x9011] = "+08:00"
    if gps:
        exif.get_ifd(0x8825).update(_south_west_gps() if south_west else _shanghai_gps())
    return exif


def _shanghai_gps() -> dict[int, Any]:
    return {
        0: b"\x02\x02\x00\x00",
        1: "N",
        2: (IFDRational(31, 1), IFDRational(13, 1), rational(36.12)),
        3: "E",
        4: (IFDRational(121, 1), IFDRational(28, 1), rational(12.34)),
        5: b"\x00",
        6: rational(4.5, 10),
    }


def _south_west_gps() -> dict[int, Any]:
    return {
        1: "S",
        2: (IFDRational(33, 1), IFDRational(52, 1), rational(4.2, 10)),
        3: "W",
        4: (IFDRational(70, 1), IFDRational(39, 1), IFDRational(0, 1)),
        5: b"\x01",
        6: IFDRational(12, 1),
    }


def stored_pixels(mode: str = "RGB") -> Image.Image:
    """The landscape sensor image with the red square in its top-left corner."""
    image = Image.new("RGB", STORED, WHITE)
    image.paste(RED, (0, 0, MARK, MARK))
    return image.convert(mode) if mode != "RGB" else image


def make_photo(fmt: str, exif: Image.Exif | None = None, **save: Any) -> bytes:
    """A photo of ``fmt`` whose shown picture is SHOWN with the red square top-right.

    JPEG, PNG and WebP store the landscape pixels plus EXIF Orientation 6, as cameras do.
    pillow-heif reads its input as the picture to show and writes the rotation into the HEIF
    container (as an iPhone's file has it), so HEIC gets the upright pixels plus the EXIF.
    """
    exif = make_exif() if exif is None else exif
    image = stored_pixels()
    if fmt == "heic" and exif.get(0x0112) == 6:
        image = image.transpose(Image.Transpose.ROTATE_270)
    return encode(image, fmt, exif=exif, **save)


def encode(image: Image.Image, fmt: str, **save: Any) -> bytes:
    out = io.BytesIO()
    if fmt in ("jpeg", "webp", "heic"):
        save.setdefault("quality", 90)
    image.save(out, _PILLOW[fmt], **save)
    return out.getvalue()


def png_declaring(width: int, height: int) -> bytes:
    """A valid 1-bit greyscale PNG of ``width`` x ``height`` zeros: tiny file, huge image.

    Built by hand (signature, IHDR, IDAT streamed through zlib, IEND, correct CRCs) so the
    test never holds the pixels in memory.
    """
    row = b"\x00" * (1 + (width + 7) // 8)  # filter byte + packed bits
    packer = zlib.compressobj(9)
    idat = b"".join(packer.compress(row) for _ in range(height)) + packer.flush()
    ihdr = struct.pack(">IIBBBBB", width, height, 1, 0, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + _chunk(b"IHDR", ihdr) + _chunk(b"IDAT", idat) + _chunk(
        b"IEND", b""
    )


def _chunk(kind: bytes, body: bytes) -> bytes:
    crc = zlib.crc32(kind + body) & 0xFFFFFFFF
    return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", crc)


def reopen(data: bytes) -> Image.Image:
    image = Image.open(io.BytesIO(data))
    image.load()
    return image


def is_red(pixel: tuple[int, ...]) -> bool:
    r, g, b = pixel[:3]
    return r > 180 and g < 80 and b < 80


def is_white(pixel: tuple[int, ...]) -> bool:
    return all(channel > 230 for channel in pixel[:3])
