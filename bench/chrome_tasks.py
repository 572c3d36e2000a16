"""Where Chromium's CPU goes while a scan runs: a Chromium trace of the ``toplevel`` category
over pages of the generated portal (``bench.portal``), each task's thread CPU (``tdur``)
summed by process, thread and the code that posted it (``src_func``), in ms a page.

``bench.cpu`` says how much each kind of process costs; this says what it is busy with (the
browser process's frames and DevTools messages, the renderer's compilers and collector ...).
Tracing costs CPU of its own (the tracing service, ``PerfettoTrace`` threads): read the shares,
not the totals.

    python -m bench.chrome_tasks [--pages 20] [--top 40] [--arg=--some-chromium-flag ...]
"""

from __future__ import annotations

import argparse
import asyncio
import json
from collections import Counter
from typing import Any

from audit.webscan.playwright_driver import PlaywrightBrowser
from audit.webscan.scanner import BrowserSession, ScanOptions, scan_async
from bench.portal import serve_portals

# A thread's top-level tasks (the events inside them, such as "Receive mojo message", would
# count their time twice).
_TASKS = ("ThreadControllerImpl::RunTask", "ThreadPool_RunTask")


async def trace_scan(urls: list[str], options: ScanOptions) -> dict[str, Any]:
    """The trace of scanning ``urls`` in a browser already started and warm (two pages
    scanned before: tabs open, axe-core loaded)."""
    session = BrowserSession(options)
    await session.start()
    try:
        await scan_async(urls[:2], options, browser=session)
        browser = session._browser  # the one engine that records Chromium traces
        if not isinstance(browser, PlaywrightBrowser):
            raise SystemExit("bench.chrome_tasks needs the Playwright engine")
        await browser.start_tracing(["toplevel"])
        await scan_async(urls, options, browser=session)
        data: dict[str, Any] = json.loads(await browser.stop_tracing())
        return data
    finally:
        await session.close()


def by_task(trace: dict[str, Any]) -> tuple[Counter[tuple[str, str]], Counter[tuple[str, ...]]]:
    """Thread CPU in µs by (process, thread) and by (process, thread, posted from)."""
    events = trace["traceEvents"]
    processes = {e["pid"]: e["args"]["name"] for e in events
                 if e.get("ph") == "M" and e["name"] == "process_name"}
    threads = {(e["pid"], e["tid"]): e["args"]["name"] for e in events
               if e.get("ph") == "M" and e["name"] == "thread_name"}
    per_thread: Counter[tuple[str, str]] = Counter()
    per_task: Counter[tuple[str, ...]] = Counter()
    for event in events:
        if event.get("ph") != "X" or "tdur" not in event or event["name"] not in _TASKS:
            continue
        where = (processes.get(event["pid"], "?"), threads.get((event["pid"], event["tid"]), "?"))
        posted = (event.get("args") or {}).get("src_func") or event["name"]
        per_thread[where] += event["tdur"]
        per_task[(*where, posted)] += event["tdur"]
    return per_thread, per_task


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--pages", type=int, default=20)
    parser.add_argument("--top", type=int, default=40)
    parser.add_argument("--arg", action="append", default=[],
                        help="an extra Chromium flag (repeat for more)")
    args = parser.parse_args()
    options = ScanOptions(concurrency=2, checks=(), browser_args=tuple(args.arg))
    with serve_portals(1, args.pages) as (_, bases):
        urls = [f"{bases[0]}page/{n}.html" for n in range(args.pages)]
        per_thread, per_task = by_task(asyncio.run(trace_scan(urls, options)))
    print("| process / thread | ms a page |\n|---|---|")
    for (process, thread), us in per_thread.most_common(12):
        print(f"| {process} / {thread} | {us / 1000 / args.pages:.1f} |")
    print("\n| process / thread / task posted from | ms a page |\n|---|---|")
    for key, us in per_task.most_common(args.top):
        print(f"| {' / '.join(key)} | {us / 1000 / args.pages:.1f} |")


if __name__ == "__main__":
    main()
