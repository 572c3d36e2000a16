"""Finding the page's instructions for leaving a component by keyboard (WCAG 2.1.2)."""

from __future__ import annotations

from audit.webscan.checks.trap_advice import instructions, keys_to_try, named_keys


def test_keys_named_in_chinese_and_english():
    assert named_keys("按 Ctrl + M 键离开") == ["Control+m"]
    assert named_keys("按F6键离开编辑器") == ["F6"]
    assert named_keys("Press Escape or F6 to leave") == ["Escape", "F6"]
    assert named_keys("press Ctrl+Shift+F10 to exit the table") == ["Control+Shift+F10"]
    assert named_keys("按 Alt＋Q 退出") == ["Alt+q"]
    assert named_keys("按回车键关闭") == ["Enter"]


def test_words_that_only_look_like_keys_are_not_keys():
    assert named_keys("press a key to leave the table") == []
    assert named_keys("the tabs and the escalator are closed") == []


def test_only_sentences_that_name_a_key_and_a_way_out():
    texts = ["在编辑器中按 Tab 键输入缩进；按 F6 键离开编辑器。其他文字",
             "Tab types a tab. Press Ctrl+M to leave the editor.\\nPress F1 for help.",
             "按 F6 键离开编辑器"]
    assert instructions(texts) == [
        {"text": "按 F6 键离开编辑器", "keys": ["F6"]},
        {"text": "Press Ctrl+M to leave the editor", "keys": ["Control+m"]},
    ]


def test_keys_tried_are_few_new_and_harmless():
    found = [{"text": "Press Esc or F6 to leave", "keys": ["Escape", "F6"]},
             {"text": "Press F5 or Ctrl+W to exit", "keys": ["F5", "Control+w"]},
             {"text": "按 F6、F7、F8 或 F9 键离开", "keys": ["F6", "F7", "F8", "F9"]}]
    assert keys_to_try(found, ("Tab", "Shift+Tab", "Escape")) == ["F6", "F7", "F8"]
