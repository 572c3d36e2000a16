"""How much two screenshots of the same region differ (Pillow): the test of a visible focus."""

from __future__ import annotations

import io

from PIL import Image, ImageChops

TOLERANCE = 24  # a channel difference below this is rendering noise, not a visible change


def changed_pixels(first: bytes, second: bytes) -> tuple[int, int]:
    """(pixels that differ visibly, pixels in the region) between two PNGs."""
    a = Image.open(io.BytesIO(first)).convert("RGB")
    b = Image.open(io.BytesIO(second)).convert("RGB")
    if a.size != b.size:
        b = b.resize(a.size)
    diff = ImageChops.difference(a, b).convert("L")
    changed = diff.point(lambda v: 255 if v > TOLERANCE else 0).histogram()[255]
    return changed, a.width * a.height
