"""Tracker blocking and the browser's cache (issue 20).

The Playwright engine used to refuse trackers with a Playwright route, and any route turns the
HTTP cache off (Playwright sends ``Network.setCacheDisabled``): every page of a crawl fetched
the site's shared stylesheets, scripts and font again, and V8 got no code cache. It now holds
only the deny-listed hosts' requests in a gate of the page's own (``request_gate``).

Each portal site of ``bench.portal`` (pages sharing three stylesheets, two scripts, a font and
a statistics script on localhost) is crawled in two modes, the order swapped site by site,
each crawl in a browser of its own:

- ``--engine playwright``: with the route (``route``, the engine before) and with the gate
  (``gate``), blocking on with localhost deny-listed;
- ``--engine selenium``: blocking off (``off``: nothing held, the statistics script loads) and
  on (``gate``: the gate over our own DevTools connection, localhost deny-listed); with
  ``--gate-holds nothing`` the gate is set up with the default deny list only, which no
  request here matches: what the gate itself costs, the statistics script loading in both.

Figures: pages per minute, the requests the servers answered per page (by kind, 304s apart),
CPU per page by kind of process (``bench.cpu``), tracker requests refused per page, and the
pages whose findings, passed or inapplicable rules differ (none may).

    python -m bench.caching [--engine selenium] [--gate-holds nothing] [--sites 3]
                            [--pages 40] [--concurrency N]
"""

from __future__ import annotations

import argparse
import os
import platform
import re
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from unittest import mock

from playwright.async_api import Error as PWError

from audit.webscan.blocking import Refusals, default_blocked_hosts
from audit.webscan.playwright_driver import PlaywrightTab
from audit.webscan.scanner import ScanOptions, default_concurrency
from bench.portal import Mode, _crawl_site, _row, cost_rows, serve_portals
from bench.portal_assets import TRACKER_SCRIPT
from bench.serve import NOT_MODIFIED

MODES = {"playwright": ("route", "gate"), "selenium": ("off", "gate")}
_KINDS = {".html": "pages", ".css": "stylesheets", ".js": "scripts", ".ttf": "font",
          ".gif": "tracker beacon"}


def _host_pattern(hosts: tuple[str, ...]) -> re.Pattern[str]:
    """The route's URL pattern before issue 20 (``blocking.host_pattern`` then)."""
    names = "|".join(re.escape(host.lower().strip(".")) for host in hosts)
    return re.compile(rf"^[a-zA-Z][a-zA-Z0-9+.-]*://([^/?#@]*@)?([^/?#:]*\.)?({names})"
                      r"(:\d+)?([/?#]|$)")


async def _routed_block(tab: Any, hosts: tuple[str, ...]) -> None:
    """``PlaywrightTab.block`` before issue 20: a route on the context, the same rules."""
    tab._refusals = refusals = Refusals(hosts, lambda: tab._page.url)

    async def on_tracker(route: Any) -> None:
        request = route.request
        try:
            if refusals(request.url, request.resource_type):
                await route.abort("blockedbyclient")
            else:
                await route.continue_()
        except PWError:
            pass

    await tab._context.route(_host_pattern(hosts), on_tracker)


async def _no_gate(_tab: Any, _page: Any) -> None:
    pass


@contextmanager
def _engine(mode: str) -> Iterator[None]:
    if mode != "route":
        yield
        return
    with mock.patch.object(PlaywrightTab, "block", _routed_block), \
            mock.patch.object(PlaywrightTab, "_intercept", _no_gate):
        yield


def _kind(path: str) -> str:
    if path == NOT_MODIFIED:
        return "revalidated (304)"
    if path.endswith(TRACKER_SCRIPT):
        return "tracker script"
    return _KINDS.get(Path(path).suffix, "other")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--engine", choices=tuple(MODES), default="playwright")
    parser.add_argument("--gate-holds", choices=("tracker", "nothing"), default="tracker")
    parser.add_argument("--sites", type=int, default=3)
    parser.add_argument("--pages", type=int, default=40)
    parser.add_argument("--concurrency", type=int, default=default_concurrency())
    args = parser.parse_args()
    deny = default_blocked_hosts() if args.gate_holds == "nothing" else \
        (*default_blocked_hosts(), "localhost")
    options = ScanOptions(engine=args.engine, concurrency=args.concurrency, checks=(),
                          blocked_hosts=deny)
    names = MODES[args.engine]
    modes = {mode: Mode() for mode in names}
    requests: dict[str, Counter[str]] = {mode: Counter() for mode in names}
    counts: Counter[str] = Counter()
    load = [os.getloadavg()[0]]
    with serve_portals(args.sites, args.pages, counts) as (root, bases):
        for site, base in enumerate(bases):
            for mode in names if site % 2 == 0 else reversed(names):
                before = counts.copy()
                with _engine(mode):
                    _crawl_site(base, args.pages, True,
                                replace(options, blocked_hosts=()) if mode == "off" else options,
                                root / f"{site}-{mode}.db", modes[mode], profile=False)
                for path, n in (counts - before).items():
                    requests[mode][_kind(path)] += n
                load.append(os.getloadavg()[0])
    _report(args, names, modes, requests, load)


def _report(args: argparse.Namespace, names: tuple[str, str], modes: dict[str, Mode],
            requests: dict[str, Counter[str]], load: list[float]) -> None:
    first, second = (modes[name] for name in names)
    pages = len(first.found)
    print(f"## Tracker blocking and the cache — {datetime.now(UTC):%Y-%m-%d %H:%M}, "
          f"{platform.machine()}, {os.cpu_count()} cores, {args.engine}, gate holds "
          f"{args.gate_holds}, {args.concurrency} workers, {args.sites} sites × {args.pages} "
          f"pages, load average {min(load):.1f}–{max(load):.1f}\n")
    print(f"| figure | {names[0]} | {names[1]} | gain ({names[0]} ÷ {names[1]}; pages/min "
          f"{names[1]} ÷ {names[0]}) |\n|---|---|---|---|")
    cost_rows(first, second)
    _row("requests answered a page", sum(requests[names[0]].values()) / pages,
         sum(requests[names[1]].values()) / len(second.found), "{:.2f}")
    for kind in sorted(requests[names[0]].keys() | requests[names[1]].keys()):
        _row(f"requests a page: {kind}", requests[names[0]][kind] / pages,
             requests[names[1]][kind] / len(second.found), "{:.2f}")
    _row("tracker requests refused a page", first.blocked / pages,
         second.blocked / len(second.found), "{:.2f}")
    differing = sum(1 for url in first.found if second.found.get(url) != first.found[url])
    print(f"\npages (a mode) / pages whose findings, passed or inapplicable rules differ: "
          f"{pages} / **{differing}**")
    if differing or set(first.found) != set(second.found):
        raise SystemExit(f"{names[1]} changed what pages were found or what was found on them")


if __name__ == "__main__":
    main()
