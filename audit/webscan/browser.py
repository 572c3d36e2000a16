"""Finding Chromium and chromedriver on this machine, and the flags to start Chromium with.

Order of search for the browser: ``A11Y_AUDIT_CHROMIUM``, a system Chromium or Chrome on PATH,
then the Chromium that ``playwright install chromium`` downloaded. The system browser comes
first because it is what a locked-down government machine or CI image usually has, and
because Playwright cannot download browsers where only package registries are reachable.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

from audit.errors import BrowserNotFound, DriverNotFound

BROWSER_ENV = "A11Y_AUDIT_CHROMIUM"
DRIVER_ENV = "A11Y_AUDIT_CHROMEDRIVER"
_SYSTEM_BROWSERS = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")

INSTALL_HINT = (
    "install Chromium (Debian/Ubuntu: `apt-get install chromium chromium-driver "
    "fonts-noto-cjk`, or run `a11y-audit setup`), or point A11Y_AUDIT_CHROMIUM at a "
    "Chromium or Chrome binary"
)

# Flags for a machine that may have no network but the sites under test: no background
# traffic to Google services, no updates, no first-run UI. Playwright adds its own on top.
LAUNCH_FLAGS = (
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-default-apps",
    "--no-first-run",
    "--no-default-browser-check",
    "--disable-quic",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--mute-audio",
    "--force-prefers-reduced-motion",
    "--hide-scrollbars",
    # Every page is a new document, so V8 compiles axe-core's code again in each, and most of
    # its functions run only hundreds to a few thousand times there: Maglev (from 400 calls)
    # and TurboFan (from 3,000) spent ~170 ms of a page's CPU on code the document then
    # dropped. Raised tenfold, they mostly stay in Sparkplug; hot loops are still optimised
    # (OSR left as it was). bench/README.md, "V8 and compositor flags": CPU a page −7 % with
    # templates off, −10 % on, findings equal; a 10,000-element page no slower. A --js-flags
    # of the caller's is added to this one (``launch_flags``).
    "--js-flags=--invocation-count-for-maglev=5000 --invocation-count-for-turbofan=50000",
)

_JS_FLAGS = "--js-flags="


@dataclass(frozen=True)
class BrowserBinary:
    path: Path
    origin: str  # "environment", "system" or "playwright"

    @cached_property
    def version(self) -> str | None:
        """Asked of the binary once (it starts a process)."""
        return binary_version(self.path)


def launch_flags(extra: tuple[str, ...] = ()) -> list[str]:
    """Chromium flags for a launch: ours, then ``extra``; as root Chromium refuses to start
    without --no-sandbox. Chromium keeps only the last --js-flags: those of ``extra`` are
    joined to ours, after them (V8 takes the last value of a flag given twice)."""
    flags = [*LAUNCH_FLAGS, *extra]
    js_flags = [flag.removeprefix(_JS_FLAGS) for flag in flags if flag.startswith(_JS_FLAGS)]
    flags = [flag for flag in flags if not flag.startswith(_JS_FLAGS)]
    if js_flags:
        flags.append(_JS_FLAGS + " ".join(js_flags))
    if hasattr(os, "geteuid") and os.geteuid() == 0:
        flags.append("--no-sandbox")
    return flags


def find_browser() -> BrowserBinary:
    """The Chromium to drive, or BrowserNotFound saying what to install."""
    configured = os.environ.get(BROWSER_ENV)
    if configured:
        path = Path(configured)
        if not _is_executable(path):
            raise BrowserNotFound(f"{BROWSER_ENV}={configured} is not an executable file")
        return BrowserBinary(path, "environment")
    for name in _SYSTEM_BROWSERS:
        found = shutil.which(name)
        if found:
            return BrowserBinary(Path(found), "system")
    bundled = _playwright_chromium()
    if bundled:
        return BrowserBinary(bundled, "playwright")
    raise BrowserNotFound(f"no Chromium or Chrome found; {INSTALL_HINT}")


def find_chromedriver(browser: BrowserBinary | None = None) -> Path:
    """A chromedriver whose major version matches the browser's, or DriverNotFound."""
    configured = os.environ.get(DRIVER_ENV)
    found = configured or shutil.which("chromedriver")
    if not found or not _is_executable(Path(found)):
        raise DriverNotFound(
            "no chromedriver found for the Selenium engine; install it (Debian/Ubuntu: "
            "`apt-get install chromium-driver`) or set A11Y_AUDIT_CHROMEDRIVER, "
            "or use the default engine: --engine playwright"
        )
    driver = Path(found)
    if browser is not None:
        _check_driver_matches(driver, browser)
    return driver


def binary_version(path: Path) -> str | None:
    """The dotted version a browser or driver binary prints for --version, if any."""
    try:
        out = subprocess.run(
            [str(path), "--version"], capture_output=True, text=True, timeout=20, check=False
        ).stdout
    except (OSError, subprocess.SubprocessError):
        return None
    match = re.search(r"\d+\.\d+\.\d+\.\d+", out)
    return match.group(0) if match else None


def _check_driver_matches(driver: Path, browser: BrowserBinary) -> None:
    driver_version, browser_version = binary_version(driver), browser.version
    if not driver_version or not browser_version:
        return
    if driver_version.split(".")[0] != browser_version.split(".")[0]:
        raise DriverNotFound(
            f"chromedriver {driver_version} ({driver}) does not match the browser "
            f"{browser_version} ({browser.path}); install the chromedriver of the same major "
            f"version, or set A11Y_AUDIT_CHROMEDRIVER"
        )


def _playwright_chromium() -> Path | None:
    """The Chromium downloaded by `playwright install chromium`, if present."""
    try:
        from playwright.sync_api import sync_playwright

        with sync_playwright() as pw:
            path = Path(pw.chromium.executable_path)
    except Exception:  # noqa: BLE001 - Playwright's driver can fail in many ways; "not found"
        return None
    return path if _is_executable(path) else None


def _is_executable(path: Path) -> bool:
    return path.is_file() and os.access(path, os.X_OK)
