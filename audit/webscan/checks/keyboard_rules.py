"""Keyboard walk, analysis: traps, mouse-only controls, focus not visible, focus obscured,
focus order against the visual order.

Browser-free: everything here reads the dict ``keyboard.gather`` stored for the page.

Focus order (2.4.3, needs review) compares the first pass of the walk (up to the first stop
focus comes back to) with the boxes of the stops, all measured in one state at the end of
the walk: one script call and no screenshot, and one state for all of them (a carousel that
moved on, a scroller that scrolled, a sticky header that stuck). Fixed and sticky stops,
hidden ones and those clipped away have no box and are left out, as is what shows only with
focus, like most skip links.

Focus going "back" is normal between the regions of a layout (from the bottom of the main
column to the top of the sidebar, from one footer column to the next), so a step is suspect
only when it stays inside one small component, that is when the two children of the stops'
nearest common ancestor that hold them are each at most ITEM_ROWS times as tall as their stop
(a button, a field with its label, a list item; not a column), and then only when

- it goes against the reading direction (``dir``) within one row and passes no stop that focus
  has already visited (a return to the start of a row, as to the arrows after a carousel's
  slides, is not suspect); or
- it goes up within one column to a stop that the step before had jumped over (visual 1-2-3,
  focus 1-3-2).

A stop with a positive tabindex is suspect when a stop focused after it comes before it on
the page: the tabindex pulls it ahead of the natural order. Each suspect stop is reported once,
on the stop focus arrives at.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from audit.model import Finding, Outcome
from audit.webscan.checks.base import Raw, make_finding

MAX_PERIOD = 20
VISIBLE_SHARE = 0.01  # of the element's pixels that must change, focused vs. not, around it
VISIBLE_MIN_PX = 10

_OUTLINE = ("outline-style", "outline-width", "outline-color", "outline-offset")
_ALWAYS_VISIBLE = ("background-color", "background-image", "color", "text-decoration-line",
                   "text-decoration-color", "transform", "opacity", "filter")
_SIDES = ("top", "bottom", "left", "right")
_ALPHA_ZERO = re.compile(r"rgba\([^)]*,\s*0\)")

ROW_SHARE = 0.5  # of the shorter box's height two boxes share when they sit in one row
COLUMN_SHARE = 0.5  # of the narrower box's width two boxes share when they sit in one column
ITEM_ROWS = 3  # how much taller than its stop a branch may be and still be one item
EDGE_PX = 1  # rounding slack between boxes that touch

Box = list[int]  # x, y, width, height in the page's layout (CSS px)


def tail_cycle(sequence: list[int | None], frames: set[int]) -> list[int] | None:
    """The elements focus keeps going round when the end of ``sequence`` repeats itself
    three times over (a period of up to MAX_PERIOD stops); None when it does not."""
    if not sequence or sequence[-1] is None:
        return None
    for period in range(1, MAX_PERIOD + 1):
        need = period * 3
        if len(sequence) < need:
            break
        tail = sequence[-need:]
        if all(tail[i] == tail[i + period] for i in range(need - period)):
            cycle = [i for i in dict.fromkeys(tail[-period:]) if i is not None]
            return None if set(cycle) <= frames else cycle
    return None


def first_pass(sequence: list[int | None]) -> list[int]:
    """The stops of the walk up to the first one focus comes back to, or until it leaves."""
    stops: list[int] = []
    for stop in sequence:
        if stop is None or stop in stops:
            break
        stops.append(stop)
    return stops


def judged_stops(raw: Raw) -> set[int] | None:
    """The stops whose focus indicator is judged: the walk's first pass, what Tab reaches
    before focus leaves the page or comes round (None: every stop, for a walk recorded
    without its sequence). Stops recorded once a batch of Tabs brought focus back into the
    page are not: their looks were taken in whatever state the page's own focus moves left
    them (kb-async-move.html: a false "no focus indicator" in 4 walks of 40)."""
    sequence = raw.get("sequence")
    return None if sequence is None else set(first_pass(sequence))


def style_shows_focus(focused: dict[str, str] | None, unfocused: dict[str, str] | None) -> bool:
    """Whether the computed styles of the element differ visibly between its two states."""
    if not focused or not unfocused or focused == unfocused:
        return False
    changed = {key for key in focused.keys() | unfocused.keys()
               if focused.get(key) != unfocused.get(key)}
    if changed & set(_OUTLINE) and _outline_visible(focused):
        return True
    if "box-shadow" in changed and _paints(focused.get("box-shadow", "none")):
        return True
    if changed & set(_ALWAYS_VISIBLE):
        return True
    for side in _SIDES:
        width = focused.get(f"border-{side}-width", "0px")
        if changed & {f"border-{side}-color", f"border-{side}-width"} and _px(width) > 0:
            return True
    return any(key.startswith("::") for key in changed)


def analyse(raw: Raw, page_url: str) -> list[Finding]:
    elements = raw.get("elements", [])
    findings = _trap(raw, elements, page_url)
    findings += [_mouse_only(item, page_url) for item in raw.get("mouse_only", [])]
    pixels = {int(key): value for key, value in raw.get("focus_pixels", {}).items()}
    walked = judged_stops(raw)
    for index, element in enumerate(elements):
        finding = _focus_visibility(index, element, pixels.get(index), page_url) \
            if walked is None or index in walked else None
        if finding:
            findings.append(finding)
        if element.get("shown") is None and _hidden_by_fixed(element.get("obscured")):
            findings.append(_obscured(element, page_url))
    return findings + _focus_order(raw.get("order") or {}, elements, page_url)


def _trap(raw: Raw, elements: list[dict[str, Any]], page_url: str) -> list[Finding]:
    trap = raw.get("trap")
    if not trap or raw.get("tabbable", 0) <= len(trap["cycle"]) or trap["escape_released"]:
        return []
    advice = trap.get("advice") or {}
    if advice.get("released_by"):
        return []  # the page says how to leave, and that key does
    container = trap.get("container") or elements[trap["cycle"][0]]
    names = [elements[i]["selector"] for i in trap["cycle"][:5]]
    if advice.get("instructions"):
        return [_advised(container, names, advice, page_url)]
    if trap["backward_stuck"] and not trap["in_dialog"]:
        outcome, message = Outcome.VIOLATION, "stuck"
    else:
        outcome, message = Outcome.NEEDS_REVIEW, "dialog" if trap["in_dialog"] else "forward"
    return [make_finding(rule="keyboard-trap", outcome=outcome, element=container,
                         message=message, values={"names": names}, page_url=page_url)]


def _advised(container: dict[str, Any], names: list[str], advice: dict[str, Any],
             page_url: str) -> Finding:
    """The page tells users how to leave with another key: a person must try what it says."""
    values = {"names": names, "text": advice["instructions"][0]["text"],
              "keys": ", ".join(advice["tried"])}
    return make_finding(rule="keyboard-trap", outcome=Outcome.NEEDS_REVIEW, element=container,
                        message="advised" if advice["tried"] else "advised-untried",
                        values=values, page_url=page_url)


def _mouse_only(item: dict[str, Any], page_url: str) -> Finding:
    outcome = Outcome.NEEDS_REVIEW if item["reason"] == "cursor" else Outcome.VIOLATION
    return make_finding(rule="mouse-only-control", outcome=outcome, element=item,
                        message=item["reason"], values={"role": item.get("role")},
                        page_url=page_url)


def _focus_visibility(index: int, element: dict[str, Any], pixels: dict[str, Any] | None,
                      page_url: str) -> Finding | None:
    if not element.get("focused"):
        return None  # past the bounded number of stops whose looks were recorded
    shown = element.get("shown")
    if shown == "zero-size":
        return None  # nothing to see at all: an empty link or button (axe reports its name)
    if shown:
        return _not_visible(element, Outcome.VIOLATION, shown, page_url)
    if style_shows_focus(element["focused"], element.get("unfocused")):
        return None
    if not pixels or "changed" not in pixels:
        return _not_visible(element, Outcome.NEEDS_REVIEW, "no-style", page_url)
    # measured against the element's own size: its neighbourhood may be far larger
    if pixels["changed"] >= max(VISIBLE_MIN_PX,
                                VISIBLE_SHARE * pixels.get("element", pixels["total"])):
        return None
    return _not_visible(element, Outcome.VIOLATION, "no-change", page_url)


def _not_visible(element: dict[str, Any], outcome: Outcome, message: str,
                 page_url: str) -> Finding:
    return make_finding(rule="focus-not-visible", outcome=outcome, element=element,
                        message=message, page_url=page_url)


def _hidden_by_fixed(obscured: dict[str, Any] | None) -> bool:
    if not obscured:
        return False
    return obscured["points"] > 0 and obscured["covered"] == obscured["points"]


def _obscured(element: dict[str, Any], page_url: str) -> Finding:
    cover = (element["obscured"].get("by") or {}).get("selector", "fixed content")
    return make_finding(rule="focus-obscured", outcome=Outcome.VIOLATION, element=element,
                        message="covered", values={"cover": cover}, page_url=page_url)


def _focus_order(order: dict[str, Any], elements: list[dict[str, Any]],
                 page_url: str) -> list[Finding]:
    stops, branches = order.get("stops", []), order.get("branches", [])
    suspects: dict[int, tuple[str, dict[str, Any]]] = {}
    for stop, message, values in [*_ahead_by_tabindex(stops, elements),
                                  *_steps_back(stops, branches, elements)]:
        suspects.setdefault(stop, (message, values))
    return [make_finding(rule="focus-order", outcome=Outcome.NEEDS_REVIEW,
                         element=elements[stop], message=suspects[stop][0],
                         values=suspects[stop][1], page_url=page_url)
            for stop in stops if stop in suspects]


Suspect = tuple[int, str, dict[str, Any]]  # the stop, the message, its values


def _ahead_by_tabindex(stops: list[int], elements: list[dict[str, Any]]) -> Iterator[Suspect]:
    for k, stop in enumerate(stops):
        element = elements[stop]
        if element["tabindex"] <= 0:
            continue
        earlier = next((elements[later] for later in stops[k + 1:]
                        if _reads_before(elements[later]["place"], element["place"],
                                         element["rtl"])), None)
        if earlier:
            yield stop, "tabindex", {"tabindex": element["tabindex"],
                                     "earlier": earlier["selector"]}


def _steps_back(stops: list[int], branches: list[list[Box | None] | None],
                elements: list[dict[str, Any]]) -> Iterator[Suspect]:
    boxes = [elements[stop]["place"] for stop in stops]
    for k, branch in enumerate(branches):
        if not branch or not all(map(_one_item, branch, boxes[k:k + 2])):
            continue
        came_from = elements[stops[k]]
        direction = _against_reading(boxes[: k + 2], came_from["rtl"])
        if direction:
            yield stops[k + 1], direction, {"came_from": came_from["selector"]}


def _against_reading(boxes: list[Box], rtl: bool) -> str | None:
    """How the last step of ``boxes`` (the stops so far) goes back against the visual
    order: "left" or "right" in a row, "up" in a column; None when it does not."""
    *passed, before, here = boxes
    if _same_row(before, here):
        back_over_visited = any(_same_row(box, before) and _ahead_in_row(here, box, rtl)
                                and _ahead_in_row(box, before, rtl) for box in passed)
        if _ahead_in_row(here, before, rtl) and not back_over_visited:
            return "right" if rtl else "left"
        return None
    if (passed and _above(here, before) and _same_column(here, before)
            and _above(passed[-1], here)):
        return "up"
    return None


def _one_item(branch: Box | None, box: Box) -> bool:
    return branch is not None and branch[3] <= ITEM_ROWS * box[3]


def _overlap(start: int, length: int, other_start: int, other_length: int) -> int:
    return min(start + length, other_start + other_length) - max(start, other_start)


def _same_row(a: Box, b: Box) -> bool:
    return _overlap(a[1], a[3], b[1], b[3]) >= ROW_SHARE * min(a[3], b[3])


def _same_column(a: Box, b: Box) -> bool:
    return _overlap(a[0], a[2], b[0], b[2]) >= COLUMN_SHARE * min(a[2], b[2])


def _ahead_in_row(a: Box, b: Box, rtl: bool) -> bool:
    """Whether ``a`` lies wholly before ``b`` in the reading direction of a row."""
    return a[0] >= b[0] + b[2] - EDGE_PX if rtl else a[0] + a[2] <= b[0] + EDGE_PX


def _above(a: Box, b: Box) -> bool:
    return a[1] + a[3] <= b[1] + EDGE_PX


def _reads_before(a: Box, b: Box, rtl: bool) -> bool:
    return _ahead_in_row(a, b, rtl) if _same_row(a, b) else _above(a, b)


def _outline_visible(style: dict[str, str]) -> bool:
    return (style.get("outline-style") not in ("none", "hidden", None)
            and _px(style.get("outline-width", "0px")) > 0
            and _paints(style.get("outline-color", "")))


def _paints(value: str) -> bool:
    """A colour or shadow value that draws something (not none, not fully transparent)."""
    if value in ("none", "transparent", ""):
        return False
    colours = re.findall(r"rgba?\([^)]*\)", value)
    return not colours or not all(_ALPHA_ZERO.fullmatch(c) for c in colours)


def _px(value: str) -> float:
    try:
        return float(value.removesuffix("px"))
    except ValueError:
        return 0.0
