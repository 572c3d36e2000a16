"""The browser-free parts of the checks: cycle detection, focus styles, trap verdicts."""

from __future__ import annotations

from audit.webscan.checks.keyboard_rules import analyse, style_shows_focus, tail_cycle

RING = {"outline-style": "auto", "outline-width": "1px", "outline-color": "rgb(16, 16, 16)",
        "box-shadow": "none"}
PLAIN = {"outline-style": "none", "outline-width": "0px", "outline-color": "rgb(0, 0, 0)",
         "box-shadow": "none"}


def test_tail_cycle_finds_focus_going_round():
    assert tail_cycle([0, 1, 2, 2, 2], set()) == [2]
    assert tail_cycle([0, 1, 2, 3, 1, 2, 3, 1, 2, 3], set()) == [1, 2, 3]
    assert tail_cycle([0, 1, 2, 3, 4], set()) is None
    assert tail_cycle([0, 1, 2, None], set()) is None
    assert tail_cycle([0, 5, 5, 5], {5}) is None  # focus is inside an iframe


def test_focus_styles():
    assert style_shows_focus(RING, PLAIN)
    assert not style_shows_focus(PLAIN, PLAIN)
    assert style_shows_focus({**PLAIN, "box-shadow": "rgb(245, 166, 35) 0px 0px 0px 3px"}, PLAIN)
    assert not style_shows_focus({**PLAIN, "box-shadow": "rgba(0, 0, 0, 0) 0px 0px 0px 3px"},
                                 PLAIN)
    assert not style_shows_focus({**PLAIN, "outline-color": "red"}, PLAIN)  # outline is none
    assert not style_shows_focus(RING, None)


def _raw(**trap):
    element = {"selector": "#x", "html": "<div id=\"x\">"}
    return {"tabbable": 5, "elements": [element, {**element, "selector": "#y"}],
            "trap": {"cycle": [0, 1], "forward_stuck": True, "backward_stuck": True,
                     "escape_released": False, "in_dialog": False,
                     "container": {"selector": "#box", "html": "<div id=\"box\">"}, **trap}}


def test_trap_verdicts():
    [trap] = analyse(_raw(), "http://example.gov.cn/")
    assert (trap.rule, trap.selector, str(trap.outcome)) == ("keyboard-trap", "#box", "violation")
    assert analyse(_raw(escape_released=True, in_dialog=True), "http://example.gov.cn/") == []
    [held] = analyse(_raw(in_dialog=True), "http://example.gov.cn/")
    assert str(held.outcome) == "needs-review"
    [forward] = analyse(_raw(backward_stuck=False), "http://example.gov.cn/")
    assert str(forward.outcome) == "needs-review"
    assert analyse({**_raw(), "tabbable": 2}, "http://example.gov.cn/") == []
