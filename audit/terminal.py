"""Text from scanned pages, sheets and stores on a terminal: control characters (escape
sequences that retitle, clear or recolour the terminal, or hide text) become ``?``, and so do
bidirectional controls (which show the rest of the line in another order: a URL printed after
a page's selector read backwards). Line breaks and tabs stay; a lone carriage return (which
overwrites a line) does not."""

from __future__ import annotations

import re

# Right-to-left and left-to-right embeddings, overrides and isolates (U+202A-U+202E,
# U+2066-U+2069), for a character class: every output that shows a page's text leaves them out.
BIDI_CONTROLS = "\u202a-\u202e\u2066-\u2069"
_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f" + BIDI_CONTROLS + "]")


def plain(text: str | None) -> str:
    """``text`` safe to print on a terminal (control characters as ``?``)."""
    return _CONTROL.sub("?", text or "")
