"""Counting what kinds of characters a text is made of: the facts behind the language and
garbled-text checks (used in the gathering worker, so kept free of anything heavy)."""

from __future__ import annotations

from collections import Counter

SAMPLE_CHARS = 20_000  # per page or part: enough to judge, bounded for hostile input

# (first, last, class); checked in order, first match wins
_RANGES = (
    (0x4E00, 0x9FFF, "cjk"), (0x3400, 0x4DBF, "cjk"), (0xF900, 0xFAFF, "cjk"),
    (0x20000, 0x2FA1F, "cjk"), (0x3040, 0x30FF, "kana"), (0xAC00, 0xD7AF, "hangul"),
    (0x2E80, 0x2FDF, "radical"), (0xE000, 0xF8FF, "pua"), (0xF0000, 0x10FFFF, "pua"),
    (0xFFFD, 0xFFFD, "replacement"), (0xFFFE, 0xFFFF, "replacement"),
)
GARBLED = ("radical", "pua", "replacement", "control")


def classify(char: str) -> str:
    code = ord(char)
    for first, last, name in _RANGES:
        if first <= code <= last:
            return name
    if char.isspace():
        return "space"
    if code < 0x20 or 0x7F <= code < 0xA0:
        return "control"
    if char.isalpha() and code < 0x250:
        return "latin"
    return "other"


def char_classes(text: str) -> dict[str, int]:
    """How many characters of each class the first SAMPLE_CHARS of ``text`` hold."""
    counts = Counter(classify(char) for char in text[:SAMPLE_CHARS])
    counts.pop("space", None)
    return dict(counts)


def add(total: dict[str, int], more: dict[str, int]) -> None:
    for key, value in more.items():
        total[key] = total.get(key, 0) + value


def garbled_share(counts: dict[str, int]) -> float:
    """The share of characters (spaces aside) that are no readable text."""
    chars = sum(counts.values())
    return sum(counts.get(name, 0) for name in GARBLED) / chars if chars else 0.0
