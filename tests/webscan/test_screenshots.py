"""Element screenshots: the violating element, outlined, from a real page in real Chromium."""

from __future__ import annotations

import io

from PIL import Image

from audit.webscan.screenshots import outline


def test_violations_get_an_outlined_screenshot(site, scanners):
    run = scanners["playwright"].scan([site.url("barriers.html"), site.url("frames.html")],
                                      concurrency=1, checks=(), screenshots=3)
    barriers, frames = run.pages
    assert len(barriers.screenshots) == 3  # the limit, of 6 violations
    firsts = [f.fingerprint for f in barriers.violations][:3]
    assert list(barriers.screenshots) == firsts
    for png in barriers.screenshots.values():
        with Image.open(io.BytesIO(png)) as image:
            assert image.format == "PNG"
            assert 10 < image.width <= 1280 and 10 < image.height <= 800
            assert (213, 0, 0) in {image.convert("RGB").getpixel((x, image.height // 2))
                                   for x in range(image.width)}
    assert frames.screenshots == {}  # elements inside iframes cannot be located from the top


def test_no_screenshots_unless_asked(site, scanners):
    page = scanners["playwright"].scan([site.url("barriers.html")], concurrency=1,
                                       checks=()).pages[0]
    assert page.screenshots == {}


def test_outline_frames_the_element_box():
    blank = io.BytesIO()
    Image.new("RGB", (100, 60), "white").save(blank, format="PNG")
    with Image.open(io.BytesIO(outline(blank.getvalue(), (40, 20, 60, 40), (100, 60)))) as out:
        picture = out.convert("RGB")
    assert picture.getpixel((37, 30)) == (213, 0, 0)  # left edge, just outside the element
    assert picture.getpixel((50, 30)) == (255, 255, 255)  # the element itself is not covered
    assert picture.getpixel((5, 5)) == (255, 255, 255)
