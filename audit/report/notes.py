"""Page notes in the reader's language: ``note.<code>`` of reports/i18n with the note's values.

A value that is a word of ours (a check's name, a dialog's kind) is worded by
``value_words.<field>.<value>`` when the words have it; every other value (a dialog's text, an
address) is the page's own and is filled in verbatim: the caller escapes the sentence like any
text from a page. A note stored as plain text by an older version is its text.
"""

from __future__ import annotations

from functools import cache

from audit.i18n import Messages
from audit.model import Note
from audit.report import i18n


def note_text(note: Note, msg: Messages) -> str:
    """The note as one sentence in ``msg``'s language."""
    values = {name: value_word(name, value, msg) for name, value in note.params.items()}
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


@cache
def _english() -> Messages:
    return i18n.Messages("en")
