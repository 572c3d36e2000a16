"""Pixel work shared by the copies: upright, RGB on white, shrunk (never enlarged)."""

from __future__ import annotations

from PIL import Image, ImageOps

_SIXTEEN_BIT = frozenset({"I;16", "I;16L", "I;16B", "I;16N", "I"})
_WITH_ALPHA = frozenset({"RGBA", "RGBa", "LA", "La", "PA"})
_WHITE = (255, 255, 255, 255)


def upright(image: Image.Image) -> Image.Image:
    """A new image with the EXIF orientation applied to its pixels.

    Its ``info`` still holds what the file said (transparency matters for ``to_rgb``);
    ``_encode.encode`` is what guarantees none of it is written out.
    """
    return ImageOps.exif_transpose(image)


def to_rgb(image: Image.Image) -> Image.Image:
    """8-bit RGB: transparency flattened onto white, 16-bit grey scaled (not clipped)."""
    if image.mode == "RGB":
        return image
    if image.mode in _SIXTEEN_BIT:
        return image.convert("I").point(lambda v: v / 256).convert("L").convert("RGB")
    if image.mode in _WITH_ALPHA or "transparency" in image.info:
        background = Image.new("RGBA", image.size, _WHITE)
        background.alpha_composite(image.convert("RGBA"))
        return background.convert("RGB")
    return image.convert("RGB")


def shrink(image: Image.Image, longest: int) -> Image.Image:
    """A copy whose longer side is at most ``longest`` pixels; smaller images keep their size."""
    copy = image.copy()
    copy.thumbnail((longest, longest), Image.Resampling.LANCZOS, reducing_gap=3.0)
    return copy
