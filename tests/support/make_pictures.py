"""Writes the pictures of the image-of-text fixtures and of the labelled corpus (run once; the
files are committed): a photo-like landscape without text, banners of Chinese and English
text, a round logo with two characters, a small arrow icon. Needs a Noto CJK font.

    python -m tests.support.make_pictures tests/webscan/checks/pages/pictures
"""

from __future__ import annotations

import random
import sys
from pathlib import Path

from PIL import Image, ImageDraw, ImageFilter, ImageFont

FONT = "/usr/share/fonts/opentype/noto/NotoSansCJK-Bold.ttc"
RED, GOLD = (181, 21, 27), (255, 230, 150)


def photo(rng: random.Random) -> Image.Image:
    image = Image.new("RGB", (640, 360), (120, 170, 220))
    draw = ImageDraw.Draw(image)
    draw.polygon([(0, 220), (160, 120), (320, 210), (480, 110), (640, 200), (640, 360),
                  (0, 360)], fill=(70, 120, 60))
    draw.rectangle([0, 280, 640, 360], fill=(60, 110, 160))
    for _ in range(40):
        x, y = rng.randrange(640), rng.randrange(200, 290)
        draw.ellipse([x, y, x + 24, y + 30], fill=(30, 90 + rng.randrange(40), 40))
    return image.filter(ImageFilter.GaussianBlur(1.2))


def banner(title: str, line: str) -> Image.Image:
    image = Image.new("RGB", (1200, 240), RED)
    draw = ImageDraw.Draw(image)
    draw.text((60, 40), title, font=ImageFont.truetype(FONT, 84), fill=GOLD)
    draw.text((64, 160), line, font=ImageFont.truetype(FONT, 40), fill="white")
    return image


def logo() -> Image.Image:
    image = Image.new("RGB", (128, 128), "white")
    draw = ImageDraw.Draw(image)
    draw.ellipse([4, 4, 124, 124], outline=RED, width=8)
    draw.text((24, 38), "示范", font=ImageFont.truetype(FONT, 40), fill=RED)
    return image


def icon() -> Image.Image:
    image = Image.new("RGB", (48, 48), (11, 78, 162))
    ImageDraw.Draw(image).polygon([(14, 10), (36, 24), (14, 38)], fill="white")
    return image


def main(folder: Path) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    pictures = {
        "photo.png": photo(random.Random(7)),
        "banner-zh.png": banner("优化营商环境 共建幸福家园", "政务服务“一网通办” 让群众少跑腿"),
        "banner-en.png": banner("Your council, online", "Apply, pay and report in one place"),
        "logo.png": logo(), "go.png": icon()}
    for name, picture in pictures.items():
        picture.save(folder / name, optimize=True)


if __name__ == "__main__":
    main(Path(sys.argv[1]))
