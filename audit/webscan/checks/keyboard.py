"""Keyboard walk, gathering: press Tab through the page with real key events and record.

Bounded: at most MAX_PRESSES presses, the looks of the first MAX_SNAPSHOTS stops, and
screenshots (focused vs. not, of the element and FOCUS_MARGIN_PX around it: any visible change
that follows focus there is an indicator) only for the stops whose styles show no change, at
most MAX_SHOTS of them. When Tab, Shift+Tab and Escape do not leave a cycle, the keys the
page's instructions name are pressed too (``trap_advice``). The place of every stop in the
layout is measured once, at the end, with no screenshot. The analysis is in ``keyboard_rules``.

The page's answers come back as JSON text (``_run``): a driver hands a structured answer over
value by value, and the end of the walk (every stop with its looks, ~70 kB on a form of 50
fields) took about 6 times as long that way.
"""

from __future__ import annotations

import contextlib
import json
from functools import cache
from typing import Any

from audit.webscan.axe import AS_IS
from audit.webscan.checks import trap_advice
from audit.webscan.checks.base import CheckContext, Raw, script
from audit.webscan.checks.keyboard_rules import first_pass, style_shows_focus, tail_cycle
from audit.webscan.checks.pixels import changed_pixels
from audit.webscan.driver import PageFault, Tab

MAX_PRESSES = 120
BATCH = 12
MAX_SNAPSHOTS = 40
MAX_SHOTS = 12
FOCUS_MARGIN_PX = 64  # around the element in its screenshots: indicators drawn beside it count
_TRIED = ("Tab", "Shift+Tab", "Escape")  # the keys the walk presses anyway


async def gather(ctx: CheckContext) -> Raw:
    tab, timeout = ctx.tab, ctx.timeout_s
    try:  # tidied up even when the set-up's answer cannot be read
        setup = await _run(tab, "keyboard_setup", {"max_snapshots": MAX_SNAPSHOTS}, timeout)
        walk = await _walk(tab, timeout, setup["tabbable"])
        cycle = walk.get("cycle") or []
        trap = await _test_release(tab, cycle, timeout) if cycle else None
        order = first_pass(walk["sequence"])  # also the stops judged for focus indicators
        collected = await _run(tab, "keyboard_collect", {"cycle": cycle, "order": order},
                               timeout)
        if trap is not None:
            trap.update(container=collected["cycle_container"],
                        in_dialog=collected["cycle_in_dialog"])
            trap["escape_released"] = await _escape_releases(tab, cycle, timeout)
            if not trap["escape_released"]:
                trap["advice"] = await _advised_keys(tab, cycle, timeout)
        elements = collected["elements"]
        pixels = await _focus_pixels(tab, elements, set(order), timeout)
    finally:
        with contextlib.suppress(PageFault):  # a broken tab has already said so
            await _run(tab, "keyboard_focus", {"op": "cleanup"}, timeout)
    return {"tabbable": setup["tabbable"], "mouse_only": setup["mouse_only"],
            "presses": walk["presses"], "sequence": walk["sequence"], "end": walk["end"],
            "elements": elements, "order": collected["order"], "trap": trap,
            "focus_pixels": pixels}


async def _run(tab: Tab, name: str, arg: Any, timeout: float) -> Any:
    """The answer of the walk's script ``name`` (``js/name.js``), carried as JSON text."""
    text = await tab.evaluate(_as_text(name), arg, timeout)
    try:
        wrapped = json.loads(text)
    except (TypeError, ValueError):
        wrapped = None
    if not (isinstance(wrapped, list) and len(wrapped) == 1):
        raise PageFault("the page interfered with the keyboard walk: its answer was not the "
                        "walk's own (the page may replace JavaScript's own functions)")
    return wrapped[0]


@cache
def _as_text(name: str) -> str:
    """``script(name)``, its answer as the JSON text of ``[answer]`` (a page that replaced
    JSON.stringify gives something else). ``toJSON`` methods are passed over: the replacer
    hands on each value as it is, not as its ``toJSON`` made it (Prototype.js gives arrays
    one that turns them into strings)."""
    return f"async (arg) => JSON.stringify([await ({script(name)})(arg)], {AS_IS})"


async def _poll(tab: Tab, timeout: float) -> dict[str, Any]:
    return await _run(tab, "keyboard_poll", None, timeout)


async def _walk(tab: Tab, timeout: float, tabbable: int) -> dict[str, Any]:
    """Tab until focus leaves the page, goes round in a cycle, or the presses run out."""
    sequence: list[int | None] = []
    presses = 0
    while presses < MAX_PRESSES:
        batch = next_batch(presses, tabbable)
        await tab.press("Tab", batch, timeout)
        presses += batch
        polled = await _poll(tab, timeout)
        sequence += [entry[0] for entry in polled["log"]]
        if None in sequence:
            return {"presses": presses, "sequence": sequence[: sequence.index(None) + 1],
                    "end": "left-page"}
        cycle = tail_cycle(sequence, set(polled["frames"]))
        if cycle:  # in the order focus first reached its stops, whatever the batches were
            return {"presses": presses, "sequence": sequence, "end": "cycle",
                    "cycle": sorted(cycle, key=sequence.index)}
    return {"presses": presses, "sequence": sequence, "end": "limit"}


def next_batch(presses: int, tabbable: int) -> int:
    """How many times to press Tab before the next look at the log: BATCH, but no further
    than where focus should have left a page of ``tabbable`` stops (after tabbable + 1
    presses, one spare); a page that goes on past that gets BATCH at a time again.

    Every press costs a round trip through the driver and a focus change in the page; the
    presses past the end of a page only went round it again."""
    left = tabbable + 2 - presses
    return min(BATCH, left) if left > 0 else BATCH


async def _test_release(tab: Tab, cycle: list[int], timeout: float) -> dict[str, Any]:
    """Focus went round ``cycle``: does Shift+Tab get out of it?"""
    await tab.press("Shift+Tab", len(cycle) + 2, timeout)
    polled = await _poll(tab, timeout)
    stops = [entry[0] for entry in polled["log"]] + [polled["active"]]
    return {"cycle": cycle, "forward_stuck": True,
            "backward_stuck": all(stop in cycle for stop in stops)}


async def _escape_releases(tab: Tab, cycle: list[int], timeout: float) -> bool:
    """Escape closes a modal dialog: focus should leave the cycle (to the opener or body)."""
    await tab.press("Escape", 1, timeout)
    polled = await _poll(tab, timeout)
    return polled["active"] not in cycle


async def _advised_keys(tab: Tab, cycle: list[int], timeout: float) -> dict[str, Any]:
    """The page's instructions for leaving the cycle, and which key they name releases it."""
    words = trap_advice.settings()
    texts = await _run(tab, "keyboard_text",
                       {"cycle": cycle, "max_chars": words["max_page_chars"]}, timeout)
    found = trap_advice.instructions(texts)
    tried: list[str] = []
    released_by = None
    for key in trap_advice.keys_to_try(found, _TRIED):
        tried.append(key)
        await tab.press(key, 1, timeout)
        if (await _poll(tab, timeout))["active"] not in cycle:
            released_by = key
            break
    return {"instructions": found, "tried": tried, "released_by": released_by}


async def _focus_pixels(tab: Tab, elements: list[dict[str, Any]], judged: set[int],
                        timeout: float) -> dict[str, dict[str, int]]:
    """Screenshots of the judged stops whose styles show no focus change: focused vs.
    blurred."""
    suspects = [index for index, element in enumerate(elements)
                if index in judged and element.get("focused") and element.get("shown") is None
                and not style_shows_focus(element["focused"], element.get("unfocused"))]
    results: dict[str, dict[str, int]] = {}
    for index in suspects[:MAX_SHOTS]:
        focused = await _run(tab, "keyboard_focus",
                             {"op": "focus", "id": index, "margin": FOCUS_MARGIN_PX}, timeout)
        if not focused or not focused["focused"] or not focused["region"]:
            continue
        x, y, width, height = focused["region"]
        first = await tab.screenshot_region(x, y, width, height, timeout)
        await _run(tab, "keyboard_focus", {"op": "blur", "id": index, "margin": FOCUS_MARGIN_PX},
                   timeout)
        second = await tab.screenshot_region(x, y, width, height, timeout)
        changed, total = changed_pixels(first, second)
        results[str(index)] = {"changed": changed, "total": total,
                               "element": round(total * focused["share"])}
    return results
