"""Text in pictures, offline: Tesseract 5 in this process through tesserocr (its wheels bundle
the library), with the Simplified Chinese and English models of Debian's
``tesseract-ocr-chi-sim`` and ``tesseract-ocr-eng``.

Why this engine: Debian packages the models (as it does Chromium and the CJK fonts that
``a11y-audit setup`` installs); nothing needs a network or a GPU; banners' large clean type is
read well. In-process, the models load once (~0.7 s of CPU) and a banner then costs 0.03-0.3 s,
where running the ``tesseract`` program (pytesseract) loads them for every picture (~1 s each).
PyPI packages that ship their own models (EasyOCR, PaddleOCR, RapidOCR) read Chinese better but
bring PyTorch or ONNX Runtime and 50-500 MB; this check needs to know *that* a picture holds
words, and which, not a perfect reading.

Readings run one at a time on one thread that owns the engine (a Tesseract engine is not
thread-safe; OCR is a small share of a page's time). A reading's time limit is CPU time: on a
busy machine the thread waits for a CPU far longer than it reads (a banner of 0.12 s of CPU
took 2-4 s at load 17), and a limit on the wall clock gave up readings that were not slow.
"""

from __future__ import annotations

import asyncio
import io
import os
import time
import unicodedata
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from PIL import Image

INSTALL_HINT = ("install tesseract-ocr-chi-sim and tesseract-ocr-eng "
                "(`a11y-audit setup` does it on Debian and Ubuntu)")
LANGUAGES = ("chi_sim", "eng")
# Where Debian, Ubuntu and source builds put the models; TESSDATA_PREFIX first.
_TESSDATA = ("/usr/share/tesseract-ocr/5/tessdata", "/usr/share/tesseract-ocr/4.00/tessdata",
             "/usr/share/tessdata", "/usr/local/share/tessdata")
_MIN_OCR_HEIGHT = 100  # px; smaller pictures are enlarged first (Tesseract wants ~30 px type)
# The least share of a CPU a reading is assumed to get when it got less: a reading starved
# below a tenth of a CPU is given up after about ten times its limit in wall time, so one
# picture cannot hold a page's checks for long.
_MIN_SHARE = 0.1
_engine_thread = ThreadPoolExecutor(max_workers=1, thread_name_prefix="ocr")


@dataclass(frozen=True)
class Reading:
    text: str  # the words recognised with enough confidence, in reading order
    chars: int  # their letters and digits


def tessdata() -> Path | None:
    """The folder with every model of LANGUAGES, or None."""
    folders = [os.environ.get("TESSDATA_PREFIX", ""), *_TESSDATA]
    for folder in (Path(f) for f in folders if f):
        if all((folder / f"{lang}.traineddata").is_file() for lang in LANGUAGES):
            return folder
    return None


def missing() -> str | None:
    """Why OCR cannot run here (the binding or a model is missing), or None."""
    try:
        import tesserocr  # noqa: F401 - only whether it loads
    except ImportError as err:
        return f"tesserocr cannot be loaded ({err}); reinstall a11y-audit"
    if tessdata() is None:
        return f"no Tesseract models for {' and '.join(LANGUAGES)}; {INSTALL_HINT}"
    return None


async def read_text(png: bytes, min_confidence: float, timeout_s: float) -> Reading:
    """The words read in ``png`` with at least ``min_confidence`` (0-100); TimeoutError when
    reading takes more than ``timeout_s`` of CPU time."""
    loop = asyncio.get_running_loop()
    return await loop.run_in_executor(_engine_thread, _read, png, min_confidence, timeout_s)


@cache
def _api() -> Any:  # tesserocr has no type hints
    import tesserocr

    return tesserocr.PyTessBaseAPI(path=str(tessdata()), lang="+".join(LANGUAGES))


def _read(png: bytes, min_confidence: float, timeout_s: float) -> Reading:
    with Image.open(io.BytesIO(png)) as image:
        picture = image.convert("L")
    if picture.height < _MIN_OCR_HEIGHT:
        scale = _MIN_OCR_HEIGHT / max(1, picture.height)
        picture = picture.resize((round(picture.width * scale), _MIN_OCR_HEIGHT),
                                 Image.Resampling.LANCZOS)
    api = _api()
    api.SetImage(picture)
    if not _recognize(api, timeout_s):
        raise TimeoutError(f"OCR took longer than {timeout_s:g} s")
    if not api.GetUTF8Text().strip():  # (MapWordConfidences complains on stderr then)
        return Reading(text="", chars=0)
    words = [word.strip() for word, confidence in api.MapWordConfidences()
             if word.strip() and confidence >= min_confidence]
    text = join_words(words)
    return Reading(text=text, chars=sum(1 for ch in text if _letter_or_digit(ch)))


def _recognize(api: Any, cpu_limit_s: float) -> bool:
    """Whether Tesseract recognised its image within ``cpu_limit_s`` of this thread's CPU time.

    Tesseract's own limit is on the wall clock, which also counts the time the thread waited for
    a CPU. An attempt it gave up before the reading had used its limit is started again (from
    the beginning: Tesseract cannot resume), with the wall time the rest of the limit takes at
    the share of CPU the attempt got; the CPU time of every attempt counts."""
    used, wall_s = 0.0, cpu_limit_s
    while True:
        cpu, wall = time.thread_time(), time.monotonic()
        if api.Recognize(timeout=max(1, round(wall_s * 1000))):
            return True
        spent = time.thread_time() - cpu
        used += spent
        if used >= cpu_limit_s:
            return False
        share = max(spent / max(time.monotonic() - wall, 1e-6), _MIN_SHARE)
        wall_s = (cpu_limit_s - used) / share


def join_words(words: list[str]) -> str:
    """Tesseract's words as text: no space between two Chinese characters ("政 务" -> "政务")."""
    text = ""
    for word in words:
        if text and not (_cjk(text[-1]) and _cjk(word[0])):
            text += " "
        text += word
    return text


def _letter_or_digit(ch: str) -> bool:
    return unicodedata.category(ch)[0] in "LN"


def _cjk(ch: str) -> bool:
    return unicodedata.name(ch, "").startswith(("CJK UNIFIED", "CJK COMPATIBILITY"))
