"""inspect_photo on real photos made here: format, upright size, orientation, time, GPS."""

from __future__ import annotations

import hashlib

import pytest
from evidence_factory import (
    ALL_FORMATS,
    SHANGHAI,
    SHOWN,
    SOUTH_WEST,
    STORED,
    TAKEN_AT,
    encode,
    make_exif,
    make_photo,
    needs_heic_encoder,
    png_declaring,
    stored_pixels,
)

from audit.evidence import PhotoInfo, PhotoMetadata, header_metadata, inspect_photo
from audit.store import sha256_hex


@pytest.mark.parametrize("fmt", ALL_FORMATS)
def test_photo_with_phone_exif_is_read_in_full(fmt: str) -> None:
    data = make_photo(fmt)

    info = inspect_photo(data, name=f"IMG_0001.{fmt}")

    assert info.sha256 == hashlib.sha256(data).hexdigest()
    assert info.format == fmt
    assert (info.width, info.height) == SHOWN  # Orientation 6 swaps the stored 640 x 480
    assert info.orientation == 6
    assert info.taken_at == TAKEN_AT
    assert info.gps is not None
    assert (round(info.gps.lat, 6), round(info.gps.lon, 6)) == SHANGHAI[:2]
    assert info.gps.altitude_m == pytest.approx(SHANGHAI[2])
    assert info.size_bytes == len(data)
    assert info.camera == "Apple iPhone 15 Pro"
    assert info.media_type == f"image/{fmt}"


@pytest.mark.parametrize("fmt", ["jpeg", "png", "webp"])
def test_south_and_west_are_negative(fmt: str) -> None:
    data = make_photo(fmt, make_exif(south_west=True, orientation=1))

    info = inspect_photo(data)

    assert info.gps is not None
    assert (round(info.gps.lat, 6), round(info.gps.lon, 6)) == SOUTH_WEST[:2]
    assert info.gps.altitude_m == pytest.approx(SOUTH_WEST[2])
    assert (info.width, info.height) == STORED
    assert info.orientation == 1


def test_photo_without_exif_has_no_facts() -> None:
    data = encode(stored_pixels(), "png")

    info = inspect_photo(data)

    assert info == PhotoInfo(
        sha256=sha256_hex(data), format="png", width=640, height=480, orientation=None,
        taken_at=None, gps=None, size_bytes=len(data), camera=None,
    )


def test_gps_without_hemisphere_is_not_guessed() -> None:
    exif = make_exif(orientation=None)
    del exif.get_ifd(0x8825)[1]  # GPSLatitudeRef

    assert inspect_photo(make_photo("jpeg", exif)).gps is None


def test_void_gps_fix_is_ignored() -> None:
    exif = make_exif(orientation=None)
    exif.get_ifd(0x8825)[9] = "V"  # GPSStatus: measurement void

    assert inspect_photo(make_photo("jpeg", exif)).gps is None


def test_malformed_time_reads_as_none_and_photo_is_kept() -> None:
    exif = make_exif()
    exif.get_ifd(0x8769)[0x9003] = "    :  :     :  :  "

    info = inspect_photo(make_photo("jpeg", exif))

    assert info.taken_at is None
    assert info.gps is not None  # the rest of the EXIF still counts


def test_time_without_offset_is_naive() -> None:
    exif = make_exif()
    del exif.get_ifd(0x8769)[0x9011]

    info = inspect_photo(make_photo("jpeg", exif))

    assert info.taken_at == TAKEN_AT.replace(tzinfo=None)


def test_hash_is_of_the_original_bytes_not_the_pixels() -> None:
    one = make_photo("png", make_exif(gps=False))
    other = make_photo("png", make_exif(gps=True))

    assert inspect_photo(one).sha256 != inspect_photo(other).sha256
    assert sha256_hex(b"abc") == (
        "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
    )


@needs_heic_encoder
def test_heic_orientation_is_applied_once() -> None:
    # libheif rotates while decoding; the EXIF tag must not turn it a second time.
    info = inspect_photo(make_photo("heic"))

    assert (info.width, info.height) == SHOWN


def test_the_start_of_a_photo_says_when_and_where_it_was_taken() -> None:
    """A phone sends a smaller copy plus the first bytes of the original: those bytes alone
    give the original's EXIF time and place; bytes that are no image give nothing."""
    original = make_photo("jpeg")
    facts = header_metadata(original[:4096])
    assert facts.taken_at is not None
    assert facts.taken_at.isoformat() == "2024-05-06T14:30:15+08:00"
    assert facts.gps is not None and round(facts.gps.lat, 4) == 31.2267
    for junk in (b"", b"not an image", original[:10], png_declaring(50_000, 50_000)[:200]):
        assert header_metadata(junk) == PhotoMetadata(None, None, None, None)
