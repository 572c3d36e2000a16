"""Whether a font with Chinese glyphs is installed (reports and screenshots need one)."""

from __future__ import annotations

import shutil
import subprocess


def cjk_fonts() -> list[str]:
    """Family names of installed fonts covering Chinese, per fontconfig; [] if none or unknown."""
    if not shutil.which("fc-list"):
        return []
    try:
        out = subprocess.run(["fc-list", ":lang=zh", "family"], capture_output=True, text=True,
                             timeout=30, check=False).stdout
    except (OSError, subprocess.SubprocessError):
        return []
    return sorted({line.split(",")[0].strip() for line in out.splitlines() if line.strip()})
