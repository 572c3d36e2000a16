"""Counting what kinds of characters a text is made of: the facts behind the language and
garbled-text checks (used in the gathering worker, so kept free of anything heavy)."""

from __future__ import annotations

import re

SAMPLE_CHARS = 20_000  # per page or part: enough to judge, bounded for hostile input

# Character classes as regular expressions (counted in C: a page of text costs microseconds).
_CLASSES = {
    "cjk": "[\u4e00-\u9fff\u3400-\u4dbf\uf900-\ufaff\U00020000-\U0002fa1f]",
    "kana": "[\u3040-\u30ff]",
    "hangul": "[\uac00-\ud7af]",
    "radical": "[\u2e80-\u2fdf]",
    "pua": "[\ue000-\uf8ff\U000f0000-\U0010ffff]",
    "replacement": "[\ufffd\ufffe\uffff]",
    "control": "[\x00-\x08\x0e-\x1b\x7f-\x84\x86-\x9f]",  # none that \s takes
    "latin": "[A-Za-z\u00aa\u00b5\u00ba\u00c0-\u00d6\u00d8-\u00f6\u00f8-\u024f]",
}
_PATTERNS = {name: re.compile(pattern) for name, pattern in _CLASSES.items()}
_SPACE = re.compile(r"\s")
GARBLED = ("radical", "pua", "replacement", "control")


def char_classes(text: str) -> dict[str, int]:
    """How many characters of each class the first SAMPLE_CHARS of ``text`` hold (spaces
    aside; "other" is what no class names: digits, punctuation, other scripts)."""
    sample = text[:SAMPLE_CHARS]
    counts = {name: len(pattern.findall(sample)) for name, pattern in _PATTERNS.items()}
    counts["other"] = len(sample) - len(_SPACE.findall(sample)) - sum(counts.values())
    return {name: count for name, count in counts.items() if count}


def add(total: dict[str, int], more: dict[str, int]) -> None:
    for key, value in more.items():
        total[key] = total.get(key, 0) + value


def garbled_share(counts: dict[str, int]) -> float:
    """The share of characters (spaces aside) that are no readable text."""
    chars = sum(counts.values())
    return sum(counts.get(name, 0) for name in GARBLED) / chars if chars else 0.0
