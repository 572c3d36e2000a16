"""Images of text (1.4.5): verdicts from what the page told about its pictures (no browser),
OCR of the banner fixture, and the check skipped without Tesseract's models."""

from __future__ import annotations

import asyncio
import subprocess
import sys
from pathlib import Path

import pytest

from audit.model import Viewport
from audit.report.notes import english_note
from audit.webscan import ocr
from audit.webscan.checks import CheckContext, run_checks
from audit.webscan.checks.images_of_text import analyse
from audit.webscan.driver import VIEWPORTS

PICTURES = Path(__file__).parent / "pages" / "pictures"


def picture(selector, text="优化营商环境", chars=6, **where):
    return {"selector": selector, "html": "<img>", "width": 600, "height": 120, "alt": "",
            "in_banner": False, "links_home": False, "logo_named": False, "text": text,
            "chars": chars, **where}


def test_pictures_with_enough_words_need_review_and_logos_never():
    raw = {"images": [picture("#banner"), picture("#few", "政务", 2),
                      picture("#header", in_banner=True), picture("#home", links_home=True),
                      picture("#named", logo_named=True),
                      {**picture("#failed"), "text": None, "chars": None, "error": "not shown"}]}
    found = analyse(raw, "http://example.gov.cn/")
    assert [(f.rule, f.selector, str(f.outcome), f.wcag) for f in found] == [
        ("image-of-text", "#banner", "needs-review", ("1.4.5",))]
    assert found[0].facts == {"message": "text", "values": {"text": "优化营商环境"}}
    assert found[0].message == ('Text was read in this picture: "优化营商环境"; check whether it '
                                'could be real text (logos and essential pictures are exempt)')
    assert analyse({"skipped": "no models"}, "http://example.gov.cn/") == []


def test_words_are_joined_without_spaces_between_chinese_characters():
    assert ocr.join_words(["政务", "服务", "“一网通办", "”", "App", "下载"]) == \
        "政务服务 “一网通办 ” App 下载"


def test_the_banner_is_read_and_the_photo_and_logo_are_not():
    def read(name):
        return asyncio.run(ocr.read_text((PICTURES / name).read_bytes(), 75, 30))
    assert "一网通办" in read("banner-zh.png").text
    assert "council" in read("banner-en.png").text
    assert read("photo.png").chars == 0
    assert read("logo.png").chars < 4


# The banner read with a limit of 1 s of CPU, its thread starved of CPU for 2 s from 30 ms of
# CPU into its reading (a banner takes ~120 ms): the process on one CPU, the reading thread at
# the idle priority (SCHED_IDLE: it runs only when that CPU has nothing else to run) while the
# main thread keeps that CPU busy; prints the words read.
STARVED = """
import asyncio, os, sys, threading, time
from audit.webscan import ocr
os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})  # threads made later inherit it
png = open(sys.argv[1], "rb").read()
asyncio.run(ocr.read_text(png, 75, 30))  # the engine loaded, its thread made
reader = next(t for t in threading.enumerate() if t.name.startswith("ocr"))
clock = time.pthread_getcpuclockid(reader.ident)
begun = time.clock_gettime(clock)
read = []
waiting = threading.Thread(target=lambda: read.append(asyncio.run(ocr.read_text(png, 75, 1))))
waiting.start()
while time.clock_gettime(clock) - begun < 0.03:
    time.sleep(0.001)
os.sched_setscheduler(reader.native_id, os.SCHED_IDLE, os.sched_param(0))
end = time.monotonic() + 2  # twice the limit: a limit in time spent would be over
while time.monotonic() < end:
    pass
os.sched_setscheduler(reader.native_id, os.SCHED_OTHER, os.sched_param(0))
waiting.join()
print(read[0].text if read else "nothing read")
"""


def test_a_reading_is_limited_in_cpu_time_not_in_time_spent_waiting_for_a_cpu(subprocesses):
    """A busy machine gave up banners that took 0.12 s of CPU (the wall clock counted 10 s)."""
    done = subprocess.run([sys.executable, "-c", STARVED, str(PICTURES / "banner-zh.png")],
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert "一网通办" in done.stdout
    # a reading that needs more CPU than its limit is still given up
    with pytest.raises(TimeoutError, match="OCR took longer than 0.01 s"):
        asyncio.run(ocr.read_text((PICTURES / "banner-zh.png").read_bytes(), 75, 0.01))


def test_without_models_the_check_is_skipped_and_says_so(monkeypatch, tmp_path):
    monkeypatch.setenv("TESSDATA_PREFIX", str(tmp_path))
    monkeypatch.setattr(ocr, "_TESSDATA", ())
    context = CheckContext(tab=None, viewport=VIEWPORTS[Viewport.DESKTOP], timeout_s=5)
    result = asyncio.run(run_checks(context, ("image-of-text",), "http://example.gov.cn/",
                                    "wcag22aa"))
    reason = ("no Tesseract models for chi_sim and eng; install tesseract-ocr-chi-sim and "
              "tesseract-ocr-eng (`a11y-audit setup` does it on Debian and Ubuntu)")
    assert result.raw == {"image-of-text": {"skipped": reason}}
    assert [english_note(n) for n in result.notes] == [f"check image-of-text skipped: {reason}"]
    assert result.findings == []


@pytest.fixture(scope="module")
def banner_page(check_site, scanners):
    return scanners["playwright"].scan([check_site.url("image-text-fail.html")], concurrency=1,
                                       checks=("image-of-text",), screenshots=2,
                                       settle_s=0.5).pages[0]


def test_the_finding_quotes_the_words_and_pictures_the_banner(banner_page):
    finding, = [f for f in banner_page.findings if f.rule == "image-of-text"]
    assert "一网通办" in finding.facts["values"]["text"]
    assert banner_page.screenshots[finding.fingerprint].startswith(b"\x89PNG")
    image, = banner_page.raw["checks"]["image-of-text"]["images"]
    assert (image["selector"], image["width"], image["height"]) == ("#banner", 600, 120)
    assert image["ocr_ms"] > 0
