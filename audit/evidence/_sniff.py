"""Say what a file looks like from its first bytes, for the message when we cannot open it."""

from __future__ import annotations

import codecs

_HEIF_BRANDS = frozenset(
    {b"heic", b"heix", b"heim", b"heis", b"hevc", b"hevx", b"hevm", b"hevs", b"mif1", b"msf1"}
)
_VIDEO_BRANDS = frozenset({b"qt  ", b"isom", b"iso2", b"mp41", b"mp42", b"M4V ", b"3gp4", b"3gp5"})
_BMP_HEADER_SIZES = frozenset({12, 40, 52, 56, 64, 108, 124})

# Image formats we recognise but do not take as evidence.
_OTHER_IMAGES: tuple[tuple[bytes, str], ...] = (
    (b"GIF87a", "a GIF image"),
    (b"GIF89a", "a GIF image"),
    (b"II*\x00", "a TIFF image"),
    (b"MM\x00*", "a TIFF image"),
    (b"\x00\x00\x01\x00", "an icon (ICO) file"),
    (b"8BPS", "a Photoshop document"),
    (b"\x00\x00\x00\x0cjP  ", "a JPEG 2000 image"),
)
_NOT_IMAGES: tuple[tuple[bytes, str], ...] = (
    (b"%PDF", "a PDF document"),
    (b"PK\x03\x04", "a ZIP archive (or a Word, Excel or PowerPoint file)"),
    (b"\xd0\xcf\x11\xe0", "an old-style Office document"),
    (b"Rar!", "a RAR archive"),
    (b"7z\xbc\xaf", "a 7-Zip archive"),
    (b"\x1f\x8b", "a gzip archive"),
    (b"\x7fELF", "a program"),
    (b"MZ", "a Windows program"),
)


def accepted_format(data: bytes) -> str | None:
    """Our name of the accepted format whose signature ``data`` starts with, if any."""
    if data.startswith(b"\xff\xd8\xff"):
        return "jpeg"
    if data.startswith(b"\x89PNG\r\n\x1a\n"):
        return "png"
    if data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        return "webp"
    if data[4:8] == b"ftyp" and data[8:12] in _HEIF_BRANDS and not _is_avif(data):
        return "heic"
    return None


def boxes_complete(data: bytes) -> bool:
    """Whether the top-level boxes of an ISOBMFF file (HEIF) fill it exactly: a box that
    ends past the end of the data means the file was cut short."""
    offset = 0
    while offset < len(data):
        if len(data) - offset < 8:
            return False
        size = int.from_bytes(data[offset:offset + 4], "big")
        header = 8
        if size == 1:  # a 64-bit size follows the type
            if len(data) - offset < 16:
                return False
            size, header = int.from_bytes(data[offset + 8:offset + 16], "big"), 16
        elif size == 0:  # the last box, to the end of the file
            return True
        if size < header or offset + size > len(data):
            return False
        offset += size
    return True


def other_image(data: bytes) -> str | None:
    """'a GIF image' and the like, for image formats we recognise but refuse."""
    for magic, kind in _OTHER_IMAGES:
        if data.startswith(magic):
            return kind
    if data[:2] == b"BM" and int.from_bytes(data[14:18], "little") in _BMP_HEADER_SIZES:
        return "a BMP image"
    if _is_avif(data):
        return "an AVIF image"
    head = data[:1024].lstrip().lower()
    if head.startswith(b"<svg") or (head.startswith(b"<?xml") and b"<svg" in head):
        return "an SVG drawing"
    return None


def describe(data: bytes) -> str:
    """What a file that is no image looks like: 'a PDF document', 'text', ..."""
    for magic, kind in _NOT_IMAGES:
        if data.startswith(magic):
            return kind
    if data[4:8] == b"ftyp" and data[8:12] in _VIDEO_BRANDS:
        return "a video"
    text = _as_text(data[:2048])
    if text is None:
        return "data of an unknown kind"
    head = text.lstrip().lower()
    if head.startswith(("<!doctype html", "<html")):
        return "a web page (HTML)"
    if head.startswith("<?xml"):
        return "an XML document"
    return "text"


def _is_avif(data: bytes) -> bool:
    if data[4:8] != b"ftyp":
        return False
    box_end = min(int.from_bytes(data[:4], "big"), 256)
    brands = data[8:box_end]
    return b"avif" in brands or b"avis" in brands


def _as_text(sample: bytes) -> str | None:
    try:
        text = codecs.getincrementaldecoder("utf-8")().decode(sample, final=False)
    except UnicodeDecodeError:
        return None
    if "\x00" in text:
        return None
    printable = sum(ch.isprintable() or ch in "\t\r\n" for ch in text)
    return text if printable >= 0.95 * max(len(text), 1) else None
