"""``a11y-audit setup``: install what scanning needs when it is missing.

Debian's packages come first (chromium, chromium-driver, fonts-noto-cjk) where apt can be used
as root; otherwise ``playwright install chromium``; otherwise stop and say what to install.
Tesseract's models (OCR for images of text) are optional: installed the same way when apt
can, a warning when it cannot (the check is then skipped and says so). The commands are fixed
lists, never built from user input.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Callable

from audit.errors import BrowserNotFound, DriverNotFound
from audit.webscan import ocr
from audit.webscan.browser import INSTALL_HINT, BrowserBinary, find_browser, find_chromedriver
from audit.webscan.fonts import cjk_fonts

Say = Callable[[str], None]
OCR_PACKAGES = ("tesseract-ocr-chi-sim", "tesseract-ocr-eng")  # the models tesserocr reads


def ensure_installed(say: Say) -> None:
    """Install a browser, chromedriver and CJK fonts as far as this machine allows."""
    missing = _missing_apt_packages()
    if missing and _can_apt():
        say(f"installing {', '.join(missing)} with apt-get ...")
        _run(["apt-get", "update", "-qq"])
        _run(["apt-get", "install", "-y", "-qq", "--no-install-recommends", *missing],
             env={"DEBIAN_FRONTEND": "noninteractive"})
    try:
        binary = find_browser()
    except BrowserNotFound:
        binary = _playwright_install(say)
    say(f"browser: {binary.path} ({binary.version or 'version unknown'})")
    try:
        say(f"chromedriver: {find_chromedriver(binary)}")
    except DriverNotFound as err:
        say(f"warning: {err} (only the Selenium engine needs it)")
    fonts = cjk_fonts()
    say(f"Chinese fonts: {', '.join(fonts[:3])}" if fonts else
        "warning: no Chinese font found; install fonts-noto-cjk so reports and screenshots "
        "show Chinese text")
    _ensure_ocr(say)


def _ensure_ocr(say: Say) -> None:
    """Tesseract for the image-of-text check, if apt can install it; never fatal."""
    if ocr.missing() and _can_apt():
        say(f"installing {', '.join(OCR_PACKAGES)} with apt-get ...")
        subprocess.run(["apt-get", "install", "-y", "-qq", "--no-install-recommends",
                        *OCR_PACKAGES], env={**os.environ, "DEBIAN_FRONTEND": "noninteractive"},
                       check=False)
    problem = ocr.missing()
    say(f"warning: {problem} (the image-of-text check is skipped without it)" if problem
        else f"OCR models: {ocr.tessdata()} (chi_sim, eng)")


def _missing_apt_packages() -> list[str]:
    missing = []
    try:
        find_browser()
    except BrowserNotFound:
        missing.append("chromium")
    if not shutil.which("chromedriver"):
        missing.append("chromium-driver")
    if not cjk_fonts():
        missing.append("fonts-noto-cjk")
    return missing


def _can_apt() -> bool:
    return bool(shutil.which("apt-get")) and hasattr(os, "geteuid") and os.geteuid() == 0


def _playwright_install(say: Say) -> BrowserBinary:
    say("no system Chromium; trying `playwright install chromium` ...")
    done = subprocess.run([sys.executable, "-m", "playwright", "install", "chromium"],
                          check=False).returncode == 0
    if done:
        return find_browser()
    raise BrowserNotFound(f"could not install a browser automatically; {INSTALL_HINT}")


def _run(argv: list[str], env: dict[str, str] | None = None) -> None:
    result = subprocess.run(argv, env={**os.environ, **(env or {})}, check=False)
    if result.returncode != 0:
        raise BrowserNotFound(f"`{' '.join(argv)}` failed with exit code {result.returncode}; "
                              f"{INSTALL_HINT}")
