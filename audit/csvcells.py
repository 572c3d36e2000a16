"""One policy for the cells of every CSV a11y-audit writes: the field sheet for Excel and the
report's findings. Text a spreadsheet would run as a formula (``=``, ``+``, ``-``, ``@``, or a
tab or line break first, also after spaces) is written with a leading apostrophe, as OWASP
advises against CSV injection; plain numbers (``-5``, ``8.33%``) stay numbers. Reading a sheet
back takes the apostrophe off again, so an answer survives the round trip unchanged.
"""

from __future__ import annotations

import re

_FORMULA = ("=", "+", "-", "@")
_BREAKS = ("\t", "\r", "\n")
_NUMBER = re.compile(r"^[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?%?$")


def to_cell(value: object) -> str:
    """``value`` as the text of a CSV cell that a spreadsheet shows as text."""
    text = "" if value is None else str(value)
    return "'" + text if _needs_quote(text) else text


def from_cell(text: str) -> str:
    """The value ``to_cell`` wrote as ``text`` (an apostrophe typed by hand is kept)."""
    if text.startswith("'") and to_cell(text[1:]) == text:
        return text[1:]
    return text


def _needs_quote(text: str) -> bool:
    if text.startswith("'"):
        return True
    start = text.lstrip(" ")
    return start.startswith(_BREAKS) or (start.startswith(_FORMULA)
                                         and not _NUMBER.match(text))
