"""The keyboard walk's cost per page: this tree's walk against a commit's (default ``main``),
alternated in one process on the same pages, with the same browser.

    python -m bench.keyboard [--base COMMIT] [--rounds 5] [--engine playwright]

Pages: the check fixtures (``tests/webscan/checks/test_check_fixtures.py``'s) and five pages
of the field app as a logged-in inspector (English, desktop viewport, an inspection under
way, as ``tests/fieldapp/test_accessibility.py`` scans them). Each walk runs in a fresh tab, the
variants' order swapped every round. Per page: the medians of the walk's wall time and of the
CPU seconds of this process and the browser (robust to other processes' load), its round trips
into the page by kind (key presses, script calls, screenshots), and whether the two variants'
findings are the same, messages and values included.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import statistics
import subprocess
import tempfile
import time
import types
from collections import Counter, defaultdict
from collections.abc import Awaitable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from audit.model import Viewport
from audit.webscan.checks import keyboard, keyboard_rules
from audit.webscan.checks.base import CheckContext, Raw, script
from audit.webscan.driver import VIEWPORTS, Browser, Tab
from audit.webscan.engines import ENGINES, launch
from bench.cpu import TreeCPU
from bench.serve import serve_folder
from tests.webscan.checks.test_check_fixtures import EXPECTED

PAGES = Path(__file__).resolve().parent.parent / "tests/webscan/checks/pages"
FIXTURES = list(EXPECTED)  # the pages of test_check_fixtures.py, which every check scans
TIMEOUT_S = 30.0
_WALK_FILES = ("audit/webscan/checks/keyboard.py", "audit/webscan/checks/keyboard_rules.py")


@dataclass
class Variant:
    """One version of the walk: its gatherer and analyser, and what its walks cost."""

    name: str
    gather: Any
    analyse: Any
    ms: dict[str, list[float]] = field(default_factory=dict)
    cpu: dict[str, list[float]] = field(default_factory=dict)
    calls: dict[str, Counter[str]] = field(default_factory=dict)
    seconds: defaultdict[str, float] = field(default_factory=lambda: defaultdict(float))
    findings: dict[str, list[tuple[Any, ...]]] = field(default_factory=dict)
    raw: dict[str, Raw] = field(default_factory=dict)  # the last walk's


class CountingTab:
    """The tab, counting its round trips by kind: "press" (one per key), each script by name,
    "screenshot"."""

    def __init__(self, tab: Tab, scripts: dict[str, str]) -> None:
        self._tab = tab
        self._scripts = scripts
        self.calls: Counter[str] = Counter()
        self.seconds: defaultdict[str, float] = defaultdict(float)

    async def evaluate(self, function: str, arg: Any, timeout_s: float) -> Any:
        kind = next((name for name, source in self._scripts.items() if source in function),
                    "other script")
        return await self._timed(kind, 1, self._tab.evaluate(function, arg, timeout_s))

    async def press(self, key: str, times: int, timeout_s: float) -> None:
        await self._timed("press", times, self._tab.press(key, times, timeout_s))

    async def screenshot_region(self, x: float, y: float, width: float, height: float,
                                timeout_s: float) -> bytes:
        shot = self._tab.screenshot_region(x, y, width, height, timeout_s)
        return await self._timed("screenshot", 1, shot)

    async def _timed(self, kind: str, times: int, call: Awaitable[Any]) -> Any:
        started = time.perf_counter()
        try:
            return await call
        finally:
            self.calls[kind] += times
            self.seconds[kind] += time.perf_counter() - started


def current() -> Variant:
    return Variant("new", keyboard.gather, keyboard_rules.analyse)


def from_commit(commit: str) -> tuple[Variant, dict[str, str]]:
    """The walk as ``commit`` had it: its two modules and its scripts, loaded beside ours."""
    def show(path: str) -> str:
        return subprocess.run(["git", "show", f"{commit}:{path}"], check=True,
                              capture_output=True, text=True).stdout

    js = "audit/webscan/checks/js"
    helpers = show(f"{js}/helpers.js")
    names = [n for n in _ls(commit, js) if n.startswith("keyboard_") and n.endswith(".js")]
    scripts = {n[:-3]: f"async (arg) => {{\n{helpers}\n{show(f'{js}/{n}')}\n}}" for n in names}
    rules = _module("old_keyboard_rules", show(_WALK_FILES[1]))
    walk = _module("old_keyboard", show(_WALK_FILES[0]).replace(
        "from audit.webscan.checks.keyboard_rules import", "from bench_old_rules import"),
        bench_old_rules=rules)
    walk.script = scripts.__getitem__  # type: ignore[attr-defined]
    return Variant("old", walk.gather, rules.analyse), scripts


def _ls(commit: str, folder: str) -> list[str]:
    listing = subprocess.run(["git", "ls-tree", "--name-only", f"{commit}:{folder}"],
                             check=True, capture_output=True, text=True).stdout
    return listing.split()


def _module(name: str, source: str, **preset: types.ModuleType) -> types.ModuleType:
    import sys

    module = types.ModuleType(name)
    for alias, value in preset.items():
        sys.modules[alias] = value
    exec(compile(source, name, "exec"), module.__dict__)  # noqa: S102 - our own code at a commit
    return module


def current_scripts() -> dict[str, str]:
    names = [p.stem for p in (Path(keyboard.__file__).parent / "js").glob("keyboard_*.js")]
    return {name: script(name) for name in names}


@contextmanager
def field_app_pages() -> Iterator[tuple[list[tuple[str, str]], list[dict[str, Any]]]]:
    """Five pages of the field app as an inspector with an inspection under way: (label, URL)
    and the session cookie."""
    from audit.checklist import load_bundled
    from audit.fieldapp import add_user, create_app
    from audit.fieldapp.server import FieldServer
    from audit.store import open_store
    from tests.fieldapp.conftest import PASSWORD, logged_in, start_ramp_inspection

    with tempfile.TemporaryDirectory() as folder, \
            open_store(Path(folder) / "field.db", files_dir=Path(folder) / "files") as store:
        add_user(store, "alice", PASSWORD, "inspector")
        app = create_app(store, secret_key="bench", catalogue=load_bundled())
        with FieldServer(app) as server:
            alice = logged_in(server, lang="en")
            base = f"/inspections/{start_ramp_inspection(alice)}"
            paths = {"field app /": "/", "field app section 1": f"{base}/sections/1",
                     "field app section 2": f"{base}/sections/2",
                     "field app verdict": f"{base}/verdict",
                     "field app new facility": "/facilities/new"}
            cookie = {"name": "a11y_field_session", "value": alice.cookie("a11y_field_session"),
                      "url": server.url}
            yield [(label, server.url + path) for label, path in paths.items()], [cookie]


async def walk_once(browser: Browser, variant: Variant, scripts: dict[str, str], label: str,
                    url: str, cookies: list[dict[str, Any]]) -> None:
    spec = VIEWPORTS[Viewport.DESKTOP]
    tab = await browser.new_tab(spec)
    try:
        if cookies:
            await tab.add_cookies(cookies)
        await tab.goto(url, TIMEOUT_S)
        await tab.evaluate("() => 0", None, TIMEOUT_S)  # a tab's first script call sets it up
        counting = CountingTab(tab, scripts)
        with TreeCPU() as cpu:
            started = time.perf_counter()
            raw: Raw = await variant.gather(CheckContext(counting, spec, TIMEOUT_S))  # type: ignore[arg-type]
            elapsed = time.perf_counter() - started
    finally:
        await tab.close()
    variant.ms.setdefault(label, []).append(elapsed * 1000)
    variant.cpu.setdefault(label, []).append(cpu.seconds * 1000)
    variant.calls[label] = counting.calls
    for kind, seconds in counting.seconds.items():  # by kind of call, all walks
        variant.seconds[kind] += seconds
    variant.raw[label] = raw
    variant.findings[label] = sorted(
        (f.rule, f.selector, f.outcome.value, f.message, repr(f.facts), f.fingerprint)
        for f in variant.analyse(raw, url))


async def run(base: str, rounds: int, engine: str) -> tuple[Variant, Variant, list[str]]:
    old, old_scripts = from_commit(base)
    new, new_scripts = current(), current_scripts()
    browser = await launch(engine)
    try:
        with serve_folder(PAGES, any_image=False) as root, field_app_pages() as (app, cookies):
            pages: list[tuple[str, str, list[dict[str, Any]]]] = [
                (name, root + name, []) for name in FIXTURES]
            pages += [(label, url, cookies) for label, url in app]
            for number in range(rounds):
                pair = [(old, old_scripts), (new, new_scripts)]
                for variant, scripts in pair if number % 2 == 0 else pair[::-1]:
                    for label, url, page_cookies in pages:
                        await walk_once(browser, variant, scripts, label, url, page_cookies)
    finally:
        await browser.close()
    return old, new, [label for label, _, _ in pages]


def report(old: Variant, new: Variant, labels: list[str]) -> None:
    """A row for each walk fixture (``kb-*``) and field-app page, one for the other
    fixtures together, then the sums."""
    print("| page | round trips old → new (presses, scripts, screenshots) | "
          "wall old / new (ms) | CPU old / new (ms) | findings |")
    print("|---|---|---|---|---|")
    shown = [label for label in labels if not label.endswith(".html") or label.startswith("kb-")]
    rest = [label for label in labels if label not in shown]
    for label in shown:
        print(_row(old, new, [label], label))
    if rest:
        print(_row(old, new, rest, f"the other {len(rest)} check fixtures (summed)"))
    for variant in (old, new):
        print(f"{variant.name}: wall {_summed(variant.ms, labels):,.0f} ms, CPU "
              f"{_summed(variant.cpu, labels):,.0f} ms summed over the pages (medians); all "
              "walks' time by call: " + ", ".join(
                  f"{kind} {seconds:.1f} s" for kind, seconds in
                  sorted(variant.seconds.items(), key=lambda item: -item[1])))


def _row(old: Variant, new: Variant, labels: list[str], title: str) -> str:
    trips = " → ".join(_trips(sum((v.calls[label] for label in labels), Counter()))
                       for v in (old, new))
    wall = " / ".join(f"{_summed(v.ms, labels):,.0f}" for v in (old, new))
    cpu = " / ".join(f"{_summed(v.cpu, labels):,.0f}" for v in (old, new))
    findings = sum(len(new.findings[label]) for label in labels)
    same = all(old.findings[label] == new.findings[label] for label in labels)
    raw_same = all(old.raw[label] == new.raw[label] for label in labels)
    return (f"| {title} | {trips} | {wall} | {cpu} | {findings}, "
            f"{'same' if same else '**differ**'}, "
            f"{'raw same' if raw_same else '**raw differs**'} |")


def _summed(values: dict[str, list[float]], labels: list[str]) -> float:
    """The medians of ``labels``' measurements, summed."""
    return sum(statistics.median(values[label]) for label in labels)


def _trips(calls: Counter[str]) -> str:
    scripts = sum(n for kind, n in calls.items() if kind not in ("press", "screenshot"))
    return f"{calls['press']}, {scripts}, {calls['screenshot']}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--base", default="main", help="the commit to compare with")
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--engine", choices=ENGINES, default="playwright")
    args = parser.parse_args()
    print(f"load average {os.getloadavg()[0]:.1f}")
    old, new, labels = asyncio.run(run(args.base, args.rounds, args.engine))
    report(old, new, labels)
    print(f"load average {os.getloadavg()[0]:.1f}")


if __name__ == "__main__":
    main()
