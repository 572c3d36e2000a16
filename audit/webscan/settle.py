"""Waiting for a page to settle before it is analysed: same page, same findings.

Many pages build their menus, lists and tabs with scripts after the ``load`` event; axe-core
run at whatever moment the page happens to be in gives different findings from one scan to
the next. ``settle`` watches the page and polls it every QUIET_MS until, over one such window,

- no DOM mutation happened (a MutationObserver) and no network request completed (resource
  timing entries; the scanner has waited for ``load`` already, or noted that it never came),
- the fonts are loaded (``document.fonts.status``),
- animations are over: at every poll finite ones are finished and endless ones paused,

or until the page's settle limit has passed: a page that never settles is still scanned, and
its result says so. A window counts only once timers the page got at its start have run, one in
each of Chromium's timer queues: on a busy machine the renderer may get no CPU for a whole
window, then answer our poll before the page's own overdue timers (CI once took a menu built in
80 ms steps for settled at item 7 of 9), and it runs the overdue tasks of two queues in no
fixed order (CI analysed a menu built by nested timers at item 2 of 9). A poll that
comes before those timers asks again soon, changes still counted; a page whose timers never run
does not settle. A page that navigates while it is watched ends the wait;
``settle_where_it_goes`` then waits for the page it went to to load and settle in turn (a
script redirect a moment after the load), up to MAX_HOPS pages, and the last is analysed as it
then is. Each poll is one short call bounded by the page's answer limit, so a page stuck in a
script is found as fast as before. A page that is already quiet costs one window.
"""

from __future__ import annotations

import asyncio
import time
from dataclasses import dataclass
from typing import Any

from audit.model import Note, NoteCode
from audit.webscan.driver import PageFault, Tab, TabBroken
from audit.webscan.polling import LOADED, ask_until

QUIET_MS = 100  # nothing changed for this long: the page has settled
_EARLY_MS = 20  # how soon to ask again when the page's own window timer has not run yet
DEFAULT_SETTLE_S = 5.0  # the most a page may take to settle before it is scanned as it is
MAX_HOPS = 3  # pages waited for when each navigates while it is watched; the last is analysed

# The page's own requests: resource timing entries, without the favicon the browser fetches by
# itself (Chromium lists it as a resource, whether tracker blocking holds requests or not).
_RESOURCES = """performance.getEntriesByType('resource')
    .filter((e) => !/\\/favicon\\.ico([?#]|$)/.test(e.name)).length"""

_WATCH = """() => {
  const S = window.__a11ySettle = {changes: 0, mutations: 0, requests: 0, animations: 0,
    resources: """ + _RESOURCES + """};
  S.observer = new MutationObserver((records) => { S.changes += records.length; });
  // The window ends when a timer of each of Chromium's timer queues has run: a timer set at
  // once (low nesting), one set at the fifth nested level, reached through zero-delay timers
  // (high nesting); a busy renderer runs the overdue tasks of two queues in any order, so one
  // timer alone may run before the page's own overdue timers of the other queue.
  S.arm = () => {
    const id = S.window = (S.window || 0) + 1;
    const end = performance.now() + """ + str(QUIET_MS) + """;
    const fired = (which) => () => {
      if (S.window !== id) return;
      S[which] = true;
      S.due = S.low && S.high;
    };
    const nest = (level) => {
      if (S.window !== id) return;
      if (level < 4) { setTimeout(() => nest(level + 1), 0); return; }
      setTimeout(fired('high'), Math.max(0, end - performance.now()));
    };
    S.due = S.low = S.high = false;
    setTimeout(fired('low'), """ + str(QUIET_MS) + """);
    nest(0);
  };
  S.observer.observe(document, {subtree: true, childList: true, attributes: true,
    characterData: true});
  S.calm = () => {
    for (const a of document.getAnimations ? document.getAnimations() : []) {
      if (a.playState !== 'running') continue;
      S.animations += 1;
      try {
        const t = a.effect ? a.effect.getComputedTiming() : {};
        if (t.endTime === Infinity || t.iterations === Infinity) a.pause(); else a.finish();
      } catch (e) { a.pause(); }
    }
  };
  S.calm();
  S.arm();
  return true;
}"""
# One poll: whether the window since the last one was quiet; the totals when it ends the wait.
_POLL = """(stop) => {
  const S = window.__a11ySettle;
  if (!S) return {lost: true};
  if (!S.due && !stop) return {quiet: false, early: true};
  const resources = """ + _RESOURCES + """;
  const fonts = !document.fonts || document.fonts.status === 'loaded';
  const quiet = S.due && S.changes === 0 && resources === S.resources && fonts;
  S.mutations += S.changes;
  S.requests += resources - S.resources;
  S.changes = 0;
  S.resources = resources;
  S.calm();
  S.arm();
  if (!quiet && !stop) return {quiet};
  S.observer.disconnect();
  delete window.__a11ySettle;
  return {quiet, mutations: S.mutations, requests: S.requests, animations: S.animations,
    fonts: fonts ? 'loaded' : 'loading'};
}"""


@dataclass(frozen=True)
class Settled:
    """What waiting for the page gave: whether it settled, how long it took, what moved."""

    settled: bool
    waited_ms: int
    mutations: int = 0
    requests: int = 0
    animations: int = 0
    fonts: str = "loaded"  # or "loading" (still loading at the limit)
    left: bool = False  # the page navigated (or broke the watch) before it settled

    @property
    def note(self) -> Note | None:
        """The page note for a page that did not settle (None when it did)."""
        if self.settled:
            return None
        if self.left:
            return Note(NoteCode.LEFT_WHILE_SETTLING)
        return Note(NoteCode.NOT_SETTLED, {
            "seconds": f"{self.waited_ms / 1000:g}", "mutations": self.mutations,
            "requests": self.requests, "fonts": self.fonts})

    def record(self) -> dict[str, Any]:
        return {"settled": self.settled, "waited_ms": self.waited_ms,
                "mutations": self.mutations, "requests": self.requests,
                "animations": self.animations, "fonts": self.fonts, "left": self.left}


async def settle(tab: Tab, limit_s: float, timeout_s: float) -> Settled:
    """Wait until the page in ``tab`` is quiet, at most ``limit_s``; ``timeout_s`` bounds each
    call into the page (a page stuck in a script raises, as for any call). A page that
    navigates meanwhile (or replaces JavaScript's own functions) ends the wait: it is analysed
    as it then is, as without the wait."""
    started = time.monotonic()
    try:
        await tab.evaluate(_WATCH, None, timeout_s)
        polled: Any = {}
        while True:
            await asyncio.sleep((_EARLY_MS if polled.get("early") else QUIET_MS) / 1000)
            over = time.monotonic() - started >= limit_s
            polled = await tab.evaluate(_POLL, over, timeout_s)
            if not isinstance(polled, dict) or "quiet" not in polled:
                return Settled(settled=False, waited_ms=_ms_since(started), left=True)
            if polled["quiet"] or over:
                break
    except TabBroken:
        raise
    except PageFault:
        return Settled(settled=False, waited_ms=_ms_since(started), left=True)
    return Settled(settled=bool(polled["quiet"]), waited_ms=_ms_since(started),
                   mutations=int(polled["mutations"]), requests=int(polled["requests"]),
                   animations=int(polled["animations"]), fonts=str(polled["fonts"]))


async def settle_where_it_goes(tab: Tab, limit_s: float, timeout_s: float) -> list[Settled]:
    """``settle``; where the page navigates while it is watched, the page it went to is let
    load (at most ``limit_s``) and settled in turn, up to MAX_HOPS pages: each wait, in order
    (the last says whether the page that is analysed settled)."""
    waits = [await settle(tab, limit_s, timeout_s)]
    while waits[-1].left and len(waits) < MAX_HOPS:
        # the page it went to, asked whether it has loaded in short questions (``polling``)
        await ask_until(tab, LOADED, None, limit_s, timeout_s)
        waits.append(await settle(tab, limit_s, timeout_s))
    return waits


def _ms_since(started: float) -> int:
    return round((time.monotonic() - started) * 1000)
