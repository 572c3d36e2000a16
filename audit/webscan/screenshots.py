"""Element screenshots: evidence of a violation, the element outlined in its surroundings.

Taken right after the checks, in the same tab, for the first violations of a page (elements in
the top document only: a selector into a frame or a shadow root cannot be located from the
top). The PNG is cropped around the element with some context and the element's box is
outlined in red by Pillow, so the picture says which element is meant without colour alone
(the outline is thick and offset from the element).
"""

from __future__ import annotations

import io
from typing import Any

from PIL import Image, ImageDraw

from audit.model import Finding, Outcome
from audit.webscan.driver import PageFault, Tab
from audit.webscan.findings import FRAME_SEPARATOR, SHADOW_SEPARATOR

MAX_PER_PAGE = 10
# Needs-review rules whose finding is pictured too: the picture is what the reviewer judges.
PICTURED_REVIEWS = frozenset({"image-of-text"})
_CONTEXT_PX = 40
_OUTLINE = (213, 0, 0)
_OUTLINE_PX = 3

# Scrolls the element into view and returns its box and the viewport's size (CSS px).
_LOCATE = """(selector) => {
  const el = document.querySelector(selector);
  if (!el) return null;
  el.scrollIntoView({block: "center", inline: "center"});
  const r = el.getBoundingClientRect();
  return {x: r.x, y: r.y, width: r.width, height: r.height,
          vw: document.documentElement.clientWidth, vh: document.documentElement.clientHeight};
}"""


async def capture(tab: Tab, findings: list[Finding], timeout_s: float,
                  limit: int = MAX_PER_PAGE) -> dict[str, bytes]:
    """PNG screenshots by fingerprint for up to ``limit`` violations of the page (and
    needs-review findings of ``PICTURED_REVIEWS``), violations first."""
    shots: dict[str, bytes] = {}
    ordered = sorted(findings, key=lambda f: f.outcome is not Outcome.VIOLATION)
    for finding in ordered:
        if len(shots) >= limit:
            break
        if not _locatable(finding) or finding.fingerprint in shots:
            continue
        try:
            box = await tab.evaluate(_LOCATE, finding.selector, timeout_s)
            shot = await _shoot(tab, box, timeout_s) if box else None
            if shot:
                shots[finding.fingerprint] = shot
        except PageFault:
            continue  # the element went away or cannot be pictured; the finding stays
    return shots


def _locatable(finding: Finding) -> bool:
    pictured = finding.outcome is Outcome.VIOLATION or finding.rule in PICTURED_REVIEWS
    return (pictured and bool(finding.selector)
            and FRAME_SEPARATOR not in finding.selector
            and SHADOW_SEPARATOR not in finding.selector)


async def element_png(tab: Tab, selector: str, timeout_s: float) -> bytes | None:
    """A PNG of the element's own box as the page shows it (scrolled into view), or None when
    there is no such element or it has no size; PageFault when it cannot be pictured."""
    box = await tab.evaluate(_LOCATE, selector, timeout_s)
    if not box or box["width"] < 1 or box["height"] < 1:
        return None
    left, top = max(0.0, box["x"]), max(0.0, box["y"])
    width = min(float(box["vw"]), box["x"] + box["width"]) - left
    height = min(float(box["vh"]), box["y"] + box["height"]) - top
    if width < 1 or height < 1:
        return None
    return await tab.screenshot_region(left, top, width, height, timeout_s)


async def _shoot(tab: Tab, box: dict[str, Any], timeout_s: float) -> bytes | None:
    """The element outlined with some of the page around it; None when none of it is in the
    viewport (or it has no size)."""
    left = max(0.0, box["x"] - _CONTEXT_PX)
    top = max(0.0, box["y"] - _CONTEXT_PX)
    right = min(float(box["vw"]), box["x"] + box["width"] + _CONTEXT_PX)
    bottom = min(float(box["vh"]), box["y"] + box["height"] + _CONTEXT_PX)
    if box["width"] <= 0 or box["height"] <= 0 or right - left < 1 or bottom - top < 1:
        return None
    png = await tab.screenshot_region(left, top, right - left, bottom - top, timeout_s)
    element = (box["x"] - left, box["y"] - top, box["x"] - left + box["width"],
               box["y"] - top + box["height"])
    return outline(png, element, scale_to=(right - left, bottom - top))


def outline(png: bytes, element: tuple[float, float, float, float],
            scale_to: tuple[float, float]) -> bytes:
    """The PNG with a red frame drawn just outside ``element`` (CSS px of the crop)."""
    with Image.open(io.BytesIO(png)) as image:
        picture = image.convert("RGB")
    ratio = picture.width / scale_to[0] if scale_to[0] else 1.0
    x0, y0, x1, y1 = (round(v * ratio) for v in element)
    pad = _OUTLINE_PX
    box = (max(0, x0 - pad), max(0, y0 - pad),
           min(picture.width - 1, x1 + pad - 1), min(picture.height - 1, y1 + pad - 1))
    ImageDraw.Draw(picture).rectangle(box, outline=_OUTLINE, width=_OUTLINE_PX)
    out = io.BytesIO()
    picture.save(out, format="PNG", optimize=True)
    return out.getvalue()
