"""What a page tells users about leaving a component by keyboard (WCAG 2.1.2).

A component may keep Tab, Shift+Tab and Escape for itself (an editor that types a tab, a
game) when the page says how to leave it with another key. ``instructions`` finds the
sentences of the page's text that name a key and a way out (the words are data:
``data/keyboard.yaml``) and the keys they name, in the driver's spelling ("F6", "Control+m"),
so that the keyboard walk can press them.
"""

from __future__ import annotations

import re
from functools import cache
from typing import Any

from audit.webscan.checks.base import data, words_pattern

_SENTENCE_END = re.compile(r"[。．.!！?？;；\n]+")
_PLUS = r"\s*[+＋]\s*"


def settings() -> dict[str, Any]:
    return dict(data("keyboard")["trap_advice"])


def instructions(texts: list[str]) -> list[dict[str, Any]]:
    """``[{"text": sentence, "keys": [key, ...]}]`` for each distinct sentence of ``texts``
    that names a key and a way out, in the order found."""
    limit = settings()["max_quote_chars"]
    found: dict[str, list[str]] = {}
    for text in texts:
        for sentence in (" ".join(part.split()) for part in _SENTENCE_END.split(text)):
            if sentence in found or not _exit_words().search(sentence):
                continue
            keys = named_keys(sentence)
            if keys:
                found[sentence] = keys
    return [{"text": sentence[:limit], "keys": keys} for sentence, keys in found.items()]


def keys_to_try(found: list[dict[str, Any]], pressed: tuple[str, ...]) -> list[str]:
    """The keys ``found`` instructions name, each once, at most ``max_keys``, leaving out those
    already ``pressed`` and those never pressed (they reload, close, print or save the page)."""
    words = settings()
    skip = {*pressed, *words["never_press"]}
    keys = dict.fromkeys(key for item in found for key in item["keys"] if key not in skip)
    return list(keys)[: words["max_keys"]]


def named_keys(sentence: str) -> list[str]:
    """The keys ``sentence`` names, each once: "按 Ctrl + M 键离开" -> ["Control+m"]."""
    words = settings()
    keys = []
    for match in _key_pattern().finditer(sentence):
        mods = match["mods"] if match["letter"] else match["named_mods"]
        modifiers = [words["modifiers"][m.lower()] for m in re.findall(r"[^\s+＋]+", mods)]
        key = match["letter"].lower() if match["letter"] else words["keys"][match["name"].lower()]
        keys.append("+".join([*dict.fromkeys(modifiers), key]))
    return list(dict.fromkeys(keys))


@cache
def _exit_words() -> re.Pattern[str]:
    return re.compile(words_pattern(settings()["exit_words"]), re.IGNORECASE)


@cache
def _key_pattern() -> re.Pattern[str]:
    words = settings()
    modifier = f"(?:{_longest_first(words['modifiers'])})"
    named = _longest_first(words["keys"])
    # a letter or digit after at least one modifier ("Ctrl+M"), or a named key ("Esc", "F6")
    return re.compile(rf"(?<![a-z0-9])(?:(?P<mods>(?:{modifier}{_PLUS})+)(?P<letter>[a-z0-9])"
                      rf"|(?P<named_mods>(?:{modifier}{_PLUS})*)(?P<name>{named}))(?![a-z0-9])",
                      re.IGNORECASE)


def _longest_first(words: dict[str, str]) -> str:
    return words_pattern(sorted(words, key=len, reverse=True))
