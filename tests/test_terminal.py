"""Text from pages on a terminal: nothing in it can drive the terminal or reorder the line."""

from __future__ import annotations

from audit.terminal import plain


def test_control_characters_and_bidirectional_controls_become_question_marks():
    assert plain("a\x1b[2Jb\x07c\rd\x9be") == "a?[2Jb?c?d?e"
    # U+202A-U+202E and U+2066-U+2069 would show the rest of the line in another order
    assert plain("x\u202ay\u202bz\u202c1\u202d2\u202e3\u20664\u20675\u20686\u2069.") == \
        "x?y?z?1?2?3?4?5?6?."
    assert plain("第一行\n\t第二行 \u200f") == "第一行\n\t第二行 \u200f"  # marks, breaks stay
    assert plain(None) == ""
