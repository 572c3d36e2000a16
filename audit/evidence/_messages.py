"""The wording of every error a photo can get: which file, what is wrong, what to do next."""

from __future__ import annotations

import unicodedata

from audit.errors import DamagedImage, ImageTooLarge, NotAnImage, TooManyPixels

ACCEPTED_WORDS = "JPEG, PNG, HEIC or WebP"
FORMAT_WORDS = {"jpeg": "JPEG", "png": "PNG", "heic": "HEIC", "webp": "WebP"}

_MB = 2**20
_MAX_NAME = 80


def display_name(name: str) -> str:
    """The file name as a message may show it: control characters replaced, length capped."""
    shown = "".join("?" if unicodedata.category(ch).startswith("C") else ch for ch in name)
    shown = shown.strip()
    if len(shown) > _MAX_NAME:
        shown = shown[: _MAX_NAME - 1] + "…"
    return shown or "photo"


def empty(name: str) -> NotAnImage:
    return NotAnImage(
        f"{name} is empty (0 bytes). Attach the photo again; if it is still empty, re-take it."
    )


def too_many_bytes(name: str, size: int, limit: int) -> ImageTooLarge:
    return ImageTooLarge(
        f"{name} is {size / _MB:.1f} MB ({size:,} bytes), over the limit of {limit / _MB:g} MB. "
        "Export the photo at a smaller size (for example as JPEG) and attach it again."
    )


def too_many_pixels(name: str, width: int, height: int, limit: int) -> TooManyPixels:
    return TooManyPixels(
        f"{name} is {width} x {height} pixels ({width * height / 1e6:.1f} megapixels), over the "
        f"limit of {limit / 1e6:g} megapixels; no phone photo is this large, so it may be a "
        "decompression bomb. Re-take the photo or export it as JPEG at a smaller size."
    )


def bomb(name: str, limit: int) -> TooManyPixels:
    return TooManyPixels(
        f"{name} declares far more pixels than the limit of {limit / 1e6:g} megapixels "
        "(a decompression bomb?). Re-take the photo or export it as JPEG at a smaller size."
    )


def not_an_image(name: str, looks_like: str) -> NotAnImage:
    return NotAnImage(
        f"{name} is not an image: it looks like {looks_like}. "
        f"Attach the photo itself, as {ACCEPTED_WORDS}."
    )


def refused_kind(name: str, kind: str) -> NotAnImage:
    return NotAnImage(
        f"{name} is {kind}, which is not accepted as photo evidence (we take {ACCEPTED_WORDS}). "
        "Export it as JPEG and attach it again."
    )


def damaged(name: str, fmt: str) -> DamagedImage:
    return DamagedImage(
        f"{name} is a damaged {FORMAT_WORDS[fmt]} file: the image data is truncated or corrupt, "
        "so the photo cannot be read in full. Copy the original from the camera or phone again, "
        "or re-take the photo."
    )
