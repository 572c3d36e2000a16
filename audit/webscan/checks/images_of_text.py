"""Images of text (WCAG 1.4.5): pictures of words (banners, buttons) that should be text.

The gatherer finds the pictures big enough to hold text (``<img>``, image buttons), the
largest first and at most ``max_images`` per page, takes each one's screenshot as the page
shows it (never downloads it again) and reads it with OCR (audit/webscan/ocr.py). A picture
in which at least ``min_chars`` letters or digits are read with confidence needs review, with
the words read: whether text could do the same, or the picture is essential, is for a person.
Logos are exempt by 1.4.5 and are not read (in the banner, linked to the home page, or named a
logo). Text of the page laid over a picture (a caption on a photo) is hidden while the
picture is pictured: it is real text, not part of the picture. Without Tesseract the check is
skipped and says so in the page record; the scan goes on. Settings:
``data/image_of_text.yaml``.
"""

from __future__ import annotations

import time
from typing import Any

from audit.model import Finding, Outcome
from audit.webscan import ocr
from audit.webscan.checks.base import CheckContext, Raw, data, make_finding, script, words_pattern
from audit.webscan.driver import PageFault
from audit.webscan.screenshots import element_png

QUOTE = 120  # characters of the words read quoted in a finding


async def gather(ctx: CheckContext) -> Raw:
    settings = data("image_of_text")
    unavailable = ocr.missing()
    if unavailable:
        return {"skipped": unavailable}
    arg = {key: settings[key] for key in ("min_width", "min_height", "max_images")}
    arg["logo_words"] = words_pattern(settings["logo_words"])
    raw = await ctx.tab.evaluate(script("image_of_text"), arg, ctx.timeout_s)
    for image in raw.get("images", []):
        if not is_logo(image):
            image.update(await _read(ctx, image, settings))
    return raw


def is_logo(image: dict[str, Any]) -> bool:
    return bool(image.get("in_banner") or image.get("links_home") or image.get("logo_named"))


async def _read(ctx: CheckContext, image: dict[str, Any], settings: dict[str, Any],
                ) -> dict[str, Any]:
    started = time.monotonic()
    try:
        png, overlays = await _picture_alone(ctx, image["selector"])
        if png is None:
            return {"error": "not shown"}
        reading = await ocr.read_text(png, settings["min_confidence"],
                                      settings["ocr_timeout_s"])
    except (PageFault, TimeoutError) as err:
        return {"error": str(err)[:200]}
    return {"text": reading.text[:500], "chars": reading.chars, "overlays": overlays,
            "ocr_ms": round((time.monotonic() - started) * 1000)}


async def _picture_alone(ctx: CheckContext, selector: str) -> tuple[bytes | None, int]:
    """The picture's screenshot with the page's text laid over it hidden, and how many
    elements of text were hidden (the page is put back as it was)."""
    hidden = await ctx.tab.evaluate(script("image_overlays"),
                                    {"selector": selector, "hide": True}, ctx.timeout_s)
    try:
        return await element_png(ctx.tab, selector, ctx.timeout_s), int(hidden or 0)
    finally:
        await ctx.tab.evaluate(script("image_overlays"), {"hide": False}, ctx.timeout_s)


def analyse(raw: Raw, page_url: str) -> list[Finding]:
    min_chars = data("image_of_text")["min_chars"]
    return [make_finding(rule="image-of-text", outcome=Outcome.NEEDS_REVIEW, element=image,
                         message="text", page_url=page_url,
                         values={"text": image["text"][:QUOTE]})
            for image in raw.get("images", [])
            if not is_logo(image) and (image.get("chars") or 0) >= min_chars]
