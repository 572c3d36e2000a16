"""The browser-free parts of the checks: cycle detection, focus styles, trap verdicts."""

from __future__ import annotations

from audit.webscan.checks.keyboard_rules import (
    analyse,
    first_pass,
    style_shows_focus,
    tail_cycle,
)
from audit.webscan.checks.reflow import zoomed_height

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


def test_a_trap_the_page_tells_how_to_leave():
    said = {"text": "按 F6 键离开编辑器", "keys": ["F6"]}
    released = {"instructions": [said], "tried": ["F6"], "released_by": "F6"}
    assert analyse(_raw(advice=released), "http://example.gov.cn/") == []
    [check] = analyse(_raw(advice={**released, "released_by": None}), "http://example.gov.cn/")
    assert (check.rule, check.selector, str(check.outcome)) == (
        "keyboard-trap", "#box", "needs-review")
    assert check.facts == {"message": "advised", "values": {
        "names": ["#x", "#y"], "text": "按 F6 键离开编辑器", "keys": "F6"}}
    assert check.message == ('Tab, Shift+Tab and Escape do not move focus out of #x, #y; '
                             'the page says "按 F6 键离开编辑器", yet focus stayed after '
                             'pressing F6; check that the way out it describes works')
    escape = {"instructions": [{"text": "Press Esc to leave", "keys": ["Escape"]}],
              "tried": [], "released_by": None}
    [untried] = analyse(_raw(advice=escape), "http://example.gov.cn/")
    assert (str(untried.outcome), untried.facts["message"]) == ("needs-review",
                                                                "advised-untried")
    nothing = {"instructions": [], "tried": [], "released_by": None}
    [stuck] = analyse(_raw(advice=nothing), "http://example.gov.cn/")
    assert str(stuck.outcome) == "violation"


def _shot(changed, element=2000):
    element_ = {"selector": "#a", "html": "<a id=\"a\">", "focused": PLAIN, "unfocused": PLAIN,
                "shown": None}
    return {"elements": [element_],
            "focus_pixels": {"0": {"changed": changed, "total": 30000, "element": element}}}


def test_focus_change_is_weighed_against_the_element_not_its_neighbourhood():
    assert analyse(_shot(25), "http://example.gov.cn/") == []  # 25 of the element's 2000 px
    [none] = analyse(_shot(12), "http://example.gov.cn/")
    assert (none.rule, str(none.outcome), none.facts["message"]) == (
        "focus-not-visible", "violation", "no-change")
    old = _shot(250)
    del old["focus_pixels"]["0"]["element"]  # stored before the neighbourhood was measured
    assert len(analyse(old, "http://example.gov.cn/")) == 1


def test_first_pass_ends_where_focus_comes_back_or_leaves():
    assert first_pass([0, 1, 2, 1, 2, 1]) == [0, 1, 2]
    assert first_pass([0, 1, None]) == [0, 1]
    assert first_pass([3, 3, 3]) == [3]
    assert first_pass([]) == []


URL = "http://example.gov.cn/apply"
FIELD = [8, 100, 200, 21]  # x, y, width, height
BACK = [71, 213, 48, 21]
NEXT = [8, 213, 47, 21]


def _order(*stops, branches=None, tabindex=None, rtl=False):
    """A walk over ``stops`` (selector, box), each step inside one small component unless
    ``branches`` says otherwise."""
    elements = [{"selector": selector, "html": "<input>", "place": box,
                 "tabindex": (tabindex or {}).get(selector, 0), "rtl": rtl}
                for selector, box in stops]
    pairs = zip(elements, elements[1:], strict=False)
    steps = branches or [[a["place"], b["place"]] for a, b in pairs]
    return {"elements": elements,
            "order": {"stops": list(range(len(elements))), "branches": steps}}


def _order_findings(raw):
    return [(f.rule, f.selector, str(f.outcome), str(f.impact), f.wcag, f.message)
            for f in analyse(raw, URL)]


def test_focus_going_left_in_a_row():
    assert _order_findings(_order(("#f", FIELD), ("#back", BACK), ("#next", NEXT))) == [
        ("focus-order", "#next", "needs-review", "moderate", ("2.4.3",),
         "Focus moves left from #back to this element, against the visual order of the row; "
         "check that the focus order keeps the meaning")]
    assert _order_findings(_order(("#f", FIELD), ("#next", NEXT), ("#back", BACK))) == []


def test_right_to_left_rows_read_the_other_way():
    assert _order_findings(_order(("#back", BACK), ("#next", NEXT), rtl=True)) == []
    [(_, selector, *_, message)] = _order_findings(_order(("#next", NEXT), ("#back", BACK),
                                                          rtl=True))
    assert selector == "#back"
    assert message.startswith("Focus moves right from #next to this element")


def test_a_step_between_the_regions_of_a_layout_is_not_suspect():
    main_column, sidebar = [8, 100, 600, 900], [640, 100, 300, 400]
    raw = _order(("#back", BACK), ("#next", NEXT), branches=[[main_column, sidebar]])
    assert _order_findings(raw) == []
    assert _order_findings(_order(("#back", BACK), ("#next", NEXT), branches=[None])) == []


def test_a_return_to_the_start_of_a_row_is_not_suspect():
    cards = [("#card1", [60, 500, 180, 80]), ("#card2", [260, 500, 180, 80])]
    arrows = [("#prev", [8, 520, 40, 40]), ("#next", [460, 520, 40, 40])]
    assert _order_findings(_order(*cards, *arrows)) == []


def test_focus_going_up_to_a_field_it_jumped_over():
    name, phone, email = [8, 100, 180, 21], [8, 157, 180, 21], [8, 214, 180, 21]
    [(_, selector, *_, message)] = _order_findings(
        _order(("#name", name), ("#email", email), ("#phone", phone)))
    assert selector == "#phone"
    assert message == ("Focus moves up from #email to this element, against the visual "
                       "order of the column; check that the focus order keeps the meaning")
    assert _order_findings(_order(("#email", email), ("#phone", phone))) == []  # skipped none
    beside = [300, 100, 180, 21]  # the step up lands in another column
    assert _order_findings(_order(("#name", name), ("#email", email), ("#x", beside))) == []


def test_positive_tabindex_ahead_of_what_comes_before_it():
    top, middle, bottom = [8, 10, 47, 19], [8, 120, 170, 21], [8, 500, 80, 21]
    raw = _order(("#q", middle), ("#feedback", bottom), ("#home", top),
                 tabindex={"#q": 1, "#feedback": 2})
    assert [(selector, message) for _, selector, *_, message in _order_findings(raw)] == [
        ("#q", 'tabindex="1" brings focus to this element before #home, which comes before '
               "it on the page"),
        ("#feedback", 'tabindex="2" brings focus to this element before #home, which comes '
                      "before it on the page")]
    in_order = _order(("#home", top), ("#q", middle), tabindex={"#home": 1, "#q": 2})
    assert _order_findings(in_order) == []


def test_a_stop_is_reported_once():
    raw = _order(("#f", FIELD), ("#back", BACK), ("#next", NEXT), ("#top", [8, 10, 40, 19]),
                 tabindex={"#next": 1})
    [(_, selector, *_, message)] = _order_findings(raw)
    assert selector == "#next"
    assert message.startswith('tabindex="1" brings focus to this element before #top')


def test_reflow_zooms_the_height_with_the_width():
    assert zoomed_height(1280, 800) == 200  # the desktop at 400 %: still landscape
    assert zoomed_height(390, 844) == 693  # a phone stays portrait
    assert zoomed_height(320, 568) == 568  # already 320 px wide


def test_only_the_stops_of_the_first_pass_are_judged_for_focus_indicators():
    """kb-async-move.html: a batch of Tabs left the page and came back in, and a stop the walk
    reached only then (#c: the page's own timer had moved focus past it) had its focused look
    but no unfocused one: "no focus indicator" in 4 walks of 40. Stops after focus left are
    not judged; the same stop in the first pass is."""
    def walk(sequence):
        elements = [{"selector": f"#{name}", "html": "<a>", "focused": RING, "unfocused": PLAIN,
                     "shown": None} for name in "abd"]
        elements.append({"selector": "#c", "html": "<a>", "focused": PLAIN, "unfocused": None,
                         "shown": None})
        return {"elements": elements, "sequence": sequence, "focus_pixels": {}}

    assert analyse(walk([0, 1, 2, None, 0, 3]), URL) == []
    [missing] = analyse(walk([0, 1, 3, 2, None]), URL)
    assert (missing.rule, missing.selector, str(missing.outcome), missing.facts["message"]) == (
        "focus-not-visible", "#c", "needs-review", "no-style")
