"""Text from scanned pages, sheets and stores on a terminal: control characters (escape
sequences that retitle, clear or recolour the terminal, or hide text) become ``?``. Line
breaks and tabs stay; a lone carriage return (which overwrites a line) does not."""

from __future__ import annotations

import re

_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def plain(text: str | None) -> str:
    """``text`` safe to print on a terminal (control characters as ``?``)."""
    return _CONTROL.sub("?", text or "")
