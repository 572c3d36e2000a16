"""Files that are not acceptable evidence: each gets its own clear error, naming the file."""

from __future__ import annotations

import io
import random

import pytest
from evidence_factory import ALL_FORMATS, encode, make_photo, png_declaring, stored_pixels
from PIL import Image, ImageFile

from audit.errors import DamagedImage, EvidenceError, ImageTooLarge, NotAnImage, TooManyPixels
from audit.evidence import DEFAULT_MAX_BYTES, inspect_photo, render_copies, strip_metadata

FORMAT_WORDS = {"jpeg": "JPEG", "png": "PNG", "webp": "WebP", "heic": "HEIC"}
ACCEPTED = "JPEG, PNG, HEIC or WebP"


def damaged_message(name: str, word: str) -> str:
    return (
        f"{name} is a damaged {word} file: the image data is truncated or corrupt, so the photo "
        "cannot be read in full. Copy the original from the camera or phone again, or re-take "
        "the photo."
    )


def test_zero_byte_file() -> None:
    with pytest.raises(NotAnImage) as caught:
        inspect_photo(b"", name="IMG_0002.jpg")

    assert str(caught.value) == (
        "IMG_0002.jpg is empty (0 bytes). Attach the photo again; if it is still empty, re-take it."
    )


def test_truncated_jpeg_cut_in_half() -> None:
    data = make_photo("jpeg")

    with pytest.raises(DamagedImage) as caught:
        inspect_photo(data[: len(data) // 2], name="IMG_0003.jpg")

    assert str(caught.value) == damaged_message("IMG_0003.jpg", "JPEG")


@pytest.mark.parametrize("fmt", ALL_FORMATS)
@pytest.mark.parametrize("keep", [0.5, 0.9])
def test_truncated_file_of_every_format(fmt: str, keep: float) -> None:
    data = make_photo(fmt)

    with pytest.raises(DamagedImage) as caught:
        inspect_photo(data[: int(len(data) * keep)], name=f"cut.{fmt}")

    assert str(caught.value) == damaged_message(f"cut.{fmt}", FORMAT_WORDS[fmt])


def test_png_missing_only_its_last_bytes_is_damaged() -> None:
    # The pixels may all be there; the CRC check of verify() still notices the cut.
    data = encode(stored_pixels(), "png")

    with pytest.raises(DamagedImage):
        inspect_photo(data[:-20], name="cut.png")


def test_png_with_a_flipped_byte_is_damaged() -> None:
    data = bytearray(encode(stored_pixels(), "png"))
    idat = data.index(b"IDAT")
    data[idat + 40] ^= 0xFF

    with pytest.raises(DamagedImage):
        inspect_photo(bytes(data), name="flipped.png")


def test_text_file_named_jpg() -> None:
    data = b"Ramp slope measured 1:10, handrail missing on the left.\n"

    with pytest.raises(NotAnImage) as caught:
        inspect_photo(data, name="IMG_0004.jpg")

    assert str(caught.value) == (
        f"IMG_0004.jpg is not an image: it looks like text. Attach the photo itself, as {ACCEPTED}."
    )


@pytest.mark.parametrize(
    ("data", "looks_like"),
    [
        (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj", "a PDF document"),
        (b"<!DOCTYPE html><html><body>login</body></html>", "a web page (HTML)"),
        (b"PK\x03\x04\x14\x00\x06\x00", "a ZIP archive (or a Word, Excel or PowerPoint file)"),
        ("检查记录：坡道坡度 1:10".encode(), "text"),
        (bytes(range(256)) * 4, "data of an unknown kind"),
    ],
)
def test_other_files_say_what_they_look_like(data: bytes, looks_like: str) -> None:
    with pytest.raises(NotAnImage) as caught:
        inspect_photo(data, name="upload.jpg")

    assert str(caught.value) == (
        f"upload.jpg is not an image: it looks like {looks_like}. "
        f"Attach the photo itself, as {ACCEPTED}."
    )


@pytest.mark.parametrize(
    ("pillow_format", "kind"),
    [("GIF", "a GIF image"), ("TIFF", "a TIFF image"), ("BMP", "a BMP image")],
)
def test_refused_image_formats(pillow_format: str, kind: str) -> None:
    out = io.BytesIO()
    stored_pixels().save(out, pillow_format)

    with pytest.raises(NotAnImage) as caught:
        inspect_photo(out.getvalue(), name="scan.img")

    assert str(caught.value) == (
        f"scan.img is {kind}, which is not accepted as photo evidence (we take {ACCEPTED}). "
        "Export it as JPEG and attach it again."
    )


def test_over_the_byte_limit() -> None:
    noise = Image.frombytes("RGB", (1000, 800), random.Random(7).randbytes(1000 * 800 * 3))
    data = encode(noise, "png")
    assert 2 * 2**20 < len(data) < 3 * 2**20

    with pytest.raises(ImageTooLarge) as caught:
        inspect_photo(data, name="noise.png", max_bytes=2 * 2**20)

    assert str(caught.value) == (
        f"noise.png is {len(data) / 2**20:.1f} MB ({len(data):,} bytes), over the limit of 2 MB. "
        "Export the photo at a smaller size (for example as JPEG) and attach it again."
    )


def test_default_byte_limit_is_checked_before_parsing() -> None:
    data = b"\xff\xd8\xff" + bytes(DEFAULT_MAX_BYTES)

    with pytest.raises(ImageTooLarge) as caught:
        inspect_photo(data, name="huge.jpg")

    assert str(caught.value) == (
        "huge.jpg is 25.0 MB (26,214,403 bytes), over the limit of 25 MB. "
        "Export the photo at a smaller size (for example as JPEG) and attach it again."
    )


@pytest.fixture
def no_decoding(monkeypatch: pytest.MonkeyPatch) -> None:
    """Fail the test if any pixel data is decoded."""

    def refuse(self: ImageFile.ImageFile) -> None:
        raise AssertionError("pixels were decoded before the size check")

    monkeypatch.setattr(ImageFile.ImageFile, "load", refuse)


def test_decompression_bomb_under_pillows_limit_meets_ours(no_decoding: None) -> None:
    # 70 megapixels: over our 60, under Pillow's own 89, so only our check stands in the way.
    data = png_declaring(10_000, 7_000)
    assert len(data) < 100_000

    with pytest.raises(TooManyPixels) as caught:
        inspect_photo(data, name="bomb.png")

    assert str(caught.value) == (
        "bomb.png is 10000 x 7000 pixels (70.0 megapixels), over the limit of 60 megapixels; "
        "no phone photo is this large, so it may be a decompression bomb. Re-take the photo or "
        "export it as JPEG at a smaller size."
    )


def test_decompression_bomb_beyond_pillows_limit(no_decoding: None) -> None:
    data = png_declaring(20_000, 20_000)  # 400 megapixels, about 50 kB on disk

    with pytest.raises(TooManyPixels) as caught:  # not too many bytes: an app says which
        inspect_photo(data, name="bomb.png")

    assert "bomb.png" in str(caught.value)
    assert "decompression bomb" in str(caught.value)


def test_own_pixel_limit_applies_to_ordinary_photos(no_decoding: None) -> None:
    with pytest.raises(ImageTooLarge) as caught:
        inspect_photo(make_photo("jpeg"), name="IMG_0005.jpg", max_pixels=300_000)

    assert str(caught.value).startswith(
        "IMG_0005.jpg is 640 x 480 pixels (0.3 megapixels), over the limit of 0.3 megapixels"
    )


def test_pillow_globals_are_left_alone() -> None:
    before = (Image.MAX_IMAGE_PIXELS, ImageFile.LOAD_TRUNCATED_IMAGES)

    for data in (png_declaring(10_000, 7_000), make_photo("jpeg")[:5_000]):
        with pytest.raises(EvidenceError):
            inspect_photo(data)

    assert before == (Image.MAX_IMAGE_PIXELS, ImageFile.LOAD_TRUNCATED_IMAGES)


@pytest.mark.parametrize("make", [render_copies, strip_metadata])
def test_copies_refuse_what_inspection_refuses(make: object) -> None:
    data = make_photo("jpeg")

    with pytest.raises(DamagedImage):
        make(data[: len(data) // 2])  # type: ignore[operator]
    with pytest.raises(ImageTooLarge):
        make(png_declaring(10_000, 7_000))  # type: ignore[operator]
    with pytest.raises(NotAnImage):
        make(b"")  # type: ignore[operator]


def test_control_characters_in_the_name_are_not_echoed() -> None:
    with pytest.raises(NotAnImage) as caught:
        inspect_photo(b"", name="evil\x1b[31m\nname.jpg")

    assert str(caught.value).startswith("evil?[31m?name.jpg is empty")
