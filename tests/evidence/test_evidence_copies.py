"""render_copies: upright JPEG thumbnail and report copy, right sizes, no GPS unless asked."""

from __future__ import annotations

import io
import struct

import pytest
from evidence_factory import (
    ALL_FORMATS,
    MARK,
    SHANGHAI,
    TAKEN_AT,
    encode,
    is_red,
    is_white,
    make_photo,
    reopen,
    stored_pixels,
)
from PIL import Image

from audit.evidence import inspect_photo, render_copies

GPS_IFD = 0x8825


def assert_upright(copy: Image.Image) -> None:
    """The red square sits top-right once Orientation 6 has been applied."""
    width, height = copy.size
    inset = max(2, width // 40)
    assert is_red(copy.getpixel((width - inset, inset)))
    assert is_white(copy.getpixel((inset, inset)))
    assert is_white(copy.getpixel((width - inset, height - inset)))


@pytest.mark.parametrize("fmt", ALL_FORMATS)
def test_copies_are_upright_jpegs_of_the_right_size_without_exif(fmt: str) -> None:
    copies = render_copies(make_photo(fmt), thumb_px=160, report_px=400)

    thumbnail, report = reopen(copies.thumbnail), reopen(copies.report)
    assert (thumbnail.format, report.format) == ("JPEG", "JPEG")
    assert thumbnail.size == copies.thumbnail_size == (120, 160)
    assert report.size == copies.report_size == (300, 400)
    for copy in (thumbnail, report):
        assert GPS_IFD not in copy.getexif()
        assert len(copy.getexif()) == 0
        assert_upright(copy)
    for data in (copies.thumbnail, copies.report):
        assert b"Apple" not in data
        assert b"iPhone" not in data
    assert copies.media_type == "image/jpeg"


def test_defaults_never_upscale() -> None:
    copies = render_copies(make_photo("jpeg"))

    assert copies.report_size == (480, 640)  # smaller than 1600: kept as it is
    assert copies.thumbnail_size == (240, 320)


def test_thumbnail_larger_than_report_is_still_not_upscaled() -> None:
    copies = render_copies(make_photo("jpeg"), thumb_px=2000, report_px=100)

    assert copies.report_size == (75, 100)
    assert copies.thumbnail_size == (480, 640)


@pytest.mark.parametrize("fmt", ALL_FORMATS)
def test_keeping_location_keeps_only_time_and_position(fmt: str) -> None:
    copies = render_copies(make_photo(fmt), report_px=400, strip_location=False)

    info = inspect_photo(copies.report)
    assert info.gps is not None
    assert (round(info.gps.lat, 6), round(info.gps.lon, 6)) == SHANGHAI[:2]
    assert info.gps.altitude_m == pytest.approx(SHANGHAI[2])
    assert info.taken_at == TAKEN_AT
    assert info.camera is None  # no make, model or software
    assert info.orientation is None  # already applied to the pixels
    assert (info.width, info.height) == (300, 400)
    exif = reopen(copies.report).getexif()
    assert set(exif) == {0x8769, GPS_IFD}


def test_jpeg_comment_and_xmp_do_not_reach_the_copies() -> None:
    xmp = b'<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF/></x:xmpmeta>'
    data = make_photo("jpeg", comment=b"owner: Inspector Li", xmp=xmp)
    assert reopen(data).info.get("comment") == b"owner: Inspector Li"

    copy = reopen(render_copies(data).report)

    assert "comment" not in copy.info
    assert "xmp" not in copy.info


def _rgba_png() -> bytes:
    image = Image.new("RGBA", (100, 50), (0, 0, 0, 0))
    image.paste((200, 0, 0, 255), (0, 0, 50, 50))
    return encode(image, "png")


def _palette_png() -> bytes:
    image = Image.new("P", (100, 50), 0)
    image.putpalette([0, 0, 0, 200, 0, 0] + [0] * 762)
    image.paste(1, (0, 0, 50, 50))
    return encode(image, "png", transparency=0)


def _la_png() -> bytes:
    image = Image.new("LA", (100, 50), (0, 0))
    image.paste((60, 255), (0, 0, 50, 50))
    return encode(image, "png")


def _grey16_png() -> bytes:
    row = struct.pack("<50H", *[32768] * 50) + struct.pack("<50H", *[65535] * 50)
    image = Image.frombytes("I;16", (100, 50), row * 50)
    return encode(image, "png")


def _cmyk_jpeg() -> bytes:
    image = Image.new("CMYK", (100, 50), (0, 0, 0, 0))
    image.paste((0, 255, 255, 55), (0, 0, 50, 50))
    return encode(image, "jpeg")


@pytest.mark.parametrize(
    ("make", "left", "right"),
    [
        (_rgba_png, (200, 0, 0), (255, 255, 255)),
        (_palette_png, (200, 0, 0), (255, 255, 255)),
        (_la_png, (60, 60, 60), (255, 255, 255)),
        (_grey16_png, (128, 128, 128), (255, 255, 255)),
        (_cmyk_jpeg, (200, 0, 0), (255, 255, 255)),
    ],
    ids=["rgba", "palette-transparent", "la", "grey-16-bit", "cmyk"],
)
def test_modes_become_rgb_on_white(make: object, left: tuple, right: tuple) -> None:
    copy = reopen(render_copies(make()).report)  # type: ignore[operator]

    assert copy.mode == "RGB"
    for got, want in zip(copy.getpixel((10, 25)), left, strict=True):
        assert abs(got - want) <= 8
    for got, want in zip(copy.getpixel((90, 25)), right, strict=True):
        assert abs(got - want) <= 8


def test_positive_sizes_only() -> None:
    with pytest.raises(ValueError):
        render_copies(make_photo("jpeg"), thumb_px=0)


def test_thumbnail_of_a_large_photo_is_small() -> None:
    big = stored_pixels().resize((4000, 3000))
    big.paste((220, 20, 20), (0, 0, MARK * 6, MARK * 6))
    out = io.BytesIO()
    big.save(out, "JPEG", quality=80)

    copies = render_copies(out.getvalue())

    assert copies.report_size == (1600, 1200)
    assert copies.thumbnail_size == (320, 240)
    assert len(copies.thumbnail) < 20_000
