"""Short questions to a page, asked again until its answer will do: the one loop behind
waiting for the page a navigation led to (``settle``) and a login step's conditions (``steps``).

Each question is one call bounded by the answer limit, none left pending across a navigation:
Selenium's driver may wait out its whole script limit on a promise whose document was
replaced, and a page that reloads itself for ever would read as stuck. A page between two
documents answers none (a PageFault): it is asked again. A broken tab (TabBroken: crashed,
stuck in a script, the browser gone) is raised at once: asking it again would only wait out
the limit, and the wait would then be blamed on the page's condition.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable
from typing import Any

from audit.webscan.driver import PageFault, Tab, TabBroken

POLL_S = 0.1  # between two questions
LOADED = "() => document.readyState === 'complete'"


async def ask(tab: Tab, function: str, arg: Any, timeout_s: float) -> Any:
    """``function(arg)`` in the page; None while the page is between two documents."""
    try:
        return await tab.evaluate(function, arg, timeout_s)
    except TabBroken:
        raise
    except PageFault:
        return None  # it went on again meanwhile


async def ask_until(tab: Tab, function: str, arg: Any, limit_s: float, timeout_s: float,
                    done: Callable[[Any], bool] = bool) -> tuple[bool, Any]:
    """Ask ``function(arg)`` every POLL_S until ``done(answer)``, at most ``limit_s``: whether
    it was done, and the last answer that came (None if none did)."""
    deadline = time.monotonic() + limit_s
    last = None
    while time.monotonic() < deadline:
        answer = await ask(tab, function, arg, timeout_s)
        if answer is not None:
            last = answer
            if done(answer):
                return True, answer
        await asyncio.sleep(POLL_S)
    return False, last
