"""strip_metadata: the same photo, same format, upright, with no EXIF, XMP or text at all."""

from __future__ import annotations

import pytest
from evidence_factory import ALL_FORMATS, SHOWN, encode, is_red, is_white, make_photo, reopen
from PIL import Image, PngImagePlugin

from audit.evidence import inspect_photo, strip_metadata

XMP = b'<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF/></x:xmpmeta>'


@pytest.mark.parametrize("fmt", ALL_FORMATS)
def test_stripped_copy_has_no_metadata_and_stays_upright(fmt: str) -> None:
    shared = strip_metadata(make_photo(fmt))

    info = inspect_photo(shared)
    assert info.format == fmt
    assert (info.width, info.height) == SHOWN
    assert (info.orientation, info.taken_at, info.gps, info.camera) == (None, None, None, None)
    image = reopen(shared)
    assert len(image.getexif()) == 0
    assert not image.info.get("exif")
    assert not image.info.get("xmp")
    for identifying in (b"Apple", b"iPhone", b"2024:05:06"):
        assert identifying not in shared
    width, _ = image.size
    assert is_red(image.getpixel((width - 10, 10)))
    assert is_white(image.getpixel((10, 10)))


def test_jpeg_comment_and_xmp_are_removed() -> None:
    data = make_photo("jpeg", comment=b"owner: Inspector Li", xmp=XMP)

    image = reopen(strip_metadata(data))

    assert "comment" not in image.info
    assert "xmp" not in image.info
    assert b"Inspector Li" not in strip_metadata(data)


def test_png_text_chunks_are_removed_and_transparency_kept() -> None:
    image = Image.new("P", (40, 30), 0)
    image.putpalette([0, 0, 0, 200, 0, 0] + [0] * 762)
    image.paste(1, (0, 0, 20, 30))
    text = PngImagePlugin.PngInfo()
    text.add_text("Author", "Inspector Li")
    text.add_itxt("XML:com.adobe.xmp", XMP.decode())
    data = encode(image, "png", pnginfo=text, transparency=0)
    assert reopen(data).info["Author"] == "Inspector Li"

    shared = strip_metadata(data)

    again = reopen(shared)
    assert "Author" not in again.info
    assert "xmp" not in again.info
    assert b"Inspector Li" not in shared
    assert again.info.get("transparency") == 0
    assert again.tobytes() == image.tobytes()  # PNG stays lossless


def test_icc_profile_is_kept() -> None:
    from PIL import ImageCms

    icc = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes()
    data = make_photo("jpeg", icc_profile=icc)

    assert reopen(strip_metadata(data)).info.get("icc_profile") == icc
