"""Keyboard walk, analysis: traps, mouse-only controls, focus not visible, focus obscured.

Browser-free: everything here reads the dict ``keyboard.gather`` stored for the page.
"""

from __future__ import annotations

import re
from typing import Any

from audit.model import Finding, Outcome, Severity
from audit.webscan.checks.base import Raw, make_finding

SOURCE = "keyboard"
MAX_PERIOD = 20
VISIBLE_SHARE = 0.01  # of the region's pixels that must change between focused and not
VISIBLE_MIN_PX = 10

_OUTLINE = ("outline-style", "outline-width", "outline-color", "outline-offset")
_ALWAYS_VISIBLE = ("background-color", "background-image", "color", "text-decoration-line",
                   "text-decoration-color", "transform", "opacity", "filter")
_SIDES = ("top", "bottom", "left", "right")
_ALPHA_ZERO = re.compile(r"rgba\([^)]*,\s*0\)")


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
    for index, element in enumerate(elements):
        finding = _focus_visibility(index, element, pixels.get(index), page_url)
        if finding:
            findings.append(finding)
        if element.get("shown") is None and _hidden_by_fixed(element.get("obscured")):
            findings.append(_obscured(element, page_url))
    return findings


def _trap(raw: Raw, elements: list[dict[str, Any]], page_url: str) -> list[Finding]:
    trap = raw.get("trap")
    if not trap or raw.get("tabbable", 0) <= len(trap["cycle"]) or trap["escape_released"]:
        return []
    container = trap.get("container") or elements[trap["cycle"][0]]
    names = ", ".join(elements[i]["selector"] for i in trap["cycle"][:5])
    if trap["backward_stuck"] and not trap["in_dialog"]:
        outcome, message = Outcome.VIOLATION, (
            f"Keyboard focus cannot leave this component: Tab and Shift+Tab keep focus on "
            f"{names}, and Escape does not release it")
    elif trap["in_dialog"]:
        outcome, message = Outcome.NEEDS_REVIEW, (
            f"Focus is held in a dialog ({names}) that Escape does not close; check that the "
            "dialog can be closed from the keyboard")
    else:
        outcome, message = Outcome.NEEDS_REVIEW, (
            f"Tab keeps focus on {names}; only Shift+Tab moves it away")
    return [make_finding(rule="keyboard-trap", source=SOURCE, outcome=outcome,
                         impact=Severity.CRITICAL, wcag=("2.1.2",), element=container,
                         message=message, page_url=page_url)]


def _mouse_only(item: dict[str, Any], page_url: str) -> Finding:
    reasons = {"onclick": "has a click handler", "role": f"has role={item.get('role')}",
               "cursor": "shows a pointer cursor like a link or button"}
    outcome = Outcome.NEEDS_REVIEW if item["reason"] == "cursor" else Outcome.VIOLATION
    message = (f"Element {reasons[item['reason']]} but cannot be reached with the keyboard "
               "(it is not focusable); give it a native control or tabindex=\"0\" and key "
               "handling")
    return make_finding(rule="mouse-only-control", source=SOURCE, outcome=outcome,
                        impact=Severity.SERIOUS, wcag=("2.1.1",), element=item,
                        message=message, page_url=page_url)


def _focus_visibility(index: int, element: dict[str, Any], pixels: dict[str, Any] | None,
                      page_url: str) -> Finding | None:
    if not element.get("focused"):
        return None  # past the bounded number of stops whose looks were recorded
    shown = element.get("shown")
    if shown == "zero-size":
        return None  # nothing to see at all: an empty link or button (axe reports its name)
    if shown:
        return _not_visible(element, Outcome.VIOLATION,
                            f"The element is {shown.replace('-', ' ')} when it has focus, so "
                            "keyboard users cannot see where focus is", page_url)
    if style_shows_focus(element["focused"], element.get("unfocused")):
        return None
    if not pixels or "changed" not in pixels:
        return _not_visible(element, Outcome.NEEDS_REVIEW,
                            "No focus indicator was found in the element's styles; check "
                            "that focus is visible", page_url)
    if pixels["changed"] >= max(VISIBLE_MIN_PX, VISIBLE_SHARE * pixels["total"]):
        return None
    return _not_visible(element, Outcome.VIOLATION,
                        "Nothing visibly changes when the element receives keyboard focus "
                        "(no outline, border, shadow or colour change)", page_url)


def _not_visible(element: dict[str, Any], outcome: Outcome, message: str,
                 page_url: str) -> Finding:
    return make_finding(rule="focus-not-visible", source=SOURCE, outcome=outcome,
                        impact=Severity.SERIOUS, wcag=("2.4.7",), element=element,
                        message=message, page_url=page_url)


def _hidden_by_fixed(obscured: dict[str, Any] | None) -> bool:
    return bool(obscured) and obscured["points"] > 0 and obscured["covered"] == obscured["points"]


def _obscured(element: dict[str, Any], page_url: str) -> Finding:
    cover = (element["obscured"].get("by") or {}).get("selector", "fixed content")
    return make_finding(rule="focus-obscured", source=SOURCE, outcome=Outcome.VIOLATION,
                        impact=Severity.SERIOUS, wcag=("2.4.11",), element=element,
                        message=f"The focused element is entirely hidden by {cover} "
                                "(fixed or sticky content)", page_url=page_url)


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
