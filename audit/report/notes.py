"""How pages were scanned, in the reader's language: page notes and why a page failed.

A note is ``note.<code>`` of reports/i18n with the note's values. A value that is a word of
ours (a check's name, a dialog's kind) is worded by ``value_words.<field>.<value>`` when the
words have it; every other value (a dialog's text, an address) is the page's own and is filled
in verbatim: the caller escapes the sentence like any text from a page. A note stored as plain
text by an older version is its text.

A page's error is stored as the scanner's English sentence (machine formats carry it as it
is). ``page_error`` in en.yaml holds those sentences with their {fields}; one that matches a
stored error gives the words of the reader's language, its {reason} fields (an error inside an
error) worded the same way and every other field verbatim. An error that matches none (a
newer scanner's, a browser's own) is shown as it was stored: nothing is lost.
"""

from __future__ import annotations

import re
from functools import cache

from audit.i18n import Messages
from audit.model import Note
from audit.report import i18n

_NESTED = ("reason", "reason2")  # fields of an error that are errors themselves
_FIELD = re.compile(r"\{(\w+)\}")


def note_text(note: Note, msg: Messages) -> str:
    """The note as one sentence in ``msg``'s language."""
    values = {name: value_word(name, value, msg) for name, value in note.params.items()}
    if isinstance(values.get("reason"), str):  # why a check failed: a fault's sentence
        values["reason"] = error_text(str(values["reason"]), msg)
    return msg.t(f"note.{note.code}", **values)


def english_note(note: Note) -> str:
    """The note in the bundled English words: what the scan JSON's ``notes`` carries (the texts
    notes had before they had codes, so that readers of that field see no change)."""
    return note_text(note, _english())


def value_word(field: str, value: str | int, msg: Messages) -> str | int:
    """Our word for ``value`` of ``field`` (``check``: a check's name) in ``msg``'s language;
    the value itself where we have none (it is not ours: a page's text, axe-core)."""
    key = f"value_words.{field}.{value}"
    return msg.t(key) if isinstance(value, str) and "." not in value and msg.has(key) else value


def error_text(error: str, msg: Messages) -> str:
    """A stored page error in ``msg``'s language (as stored when no sentence matches)."""
    if msg.lang == "en":
        return error
    for key, pattern in _patterns():
        found = pattern.fullmatch(error)
        if found:
            values = {name: error_text(value, msg) if name in _NESTED else value
                      for name, value in found.groupdict().items()}
            return msg.t(f"page_error.{key}", **values)
    return error


@cache
def _patterns() -> list[tuple[str, re.Pattern[str]]]:
    """The English sentences as patterns, the most specific (most fixed text) first."""
    sentences = _english().words.get("page_error", {})
    found = [(key, _pattern(sentence)) for key, sentence in sentences.items()]
    return sorted(found, key=lambda item: -len(_FIELD.sub("", sentences[item[0]])))


def _pattern(sentence: str) -> re.Pattern[str]:
    parts = _FIELD.split(sentence)  # text, field, text, field ... text
    return re.compile("".join(re.escape(part) if i % 2 == 0 else f"(?P<{part}>.+?)"
                              for i, part in enumerate(parts)), re.DOTALL)


@cache
def _english() -> Messages:
    return i18n.Messages("en")
