"""`python -m bench.report_print`: the two browser costs of the compliance report, each A/B in
one process, alternating, so that the ratios hold on a loaded machine.

- ``pdf``: printing the report in zh-CN and en, each in a Chromium of its own (``render_pdf``)
  against both in one ``PdfPrinter``: wall seconds and CPU seconds of the whole process tree
  (``bench.cpu``).
- ``axe``: axe-core on the report (the tests' three reports, desktop and phone), every wcag22aa
  rule against color-contrast alone: wall seconds and CPU seconds of the page's main thread
  (Chromium's ``ThreadTime``), with the text elements and their line boxes that
  color-contrast examines one by one.
"""

from __future__ import annotations

import argparse
import os
import tempfile
import time
from pathlib import Path
from typing import Any

from audit.report.assemble import build_report
from audit.report.html import render_html
from audit.report.report_pdf import report_pdf, report_printer
from audit.standards import axe_tags
from audit.store import open_store
from audit.webscan.axe import default_axe_path
from audit.webscan.browser import find_browser, launch_flags
from bench.cpu import TreeCPU
from tests.report.report_factory import fixed_dataset, import_households, options

VIEWPORTS = {"desktop": (1280, 800), "phone": (390, 844)}
_RUN = """async ([rules, tags]) => {
  const started = performance.now();
  const only = rules ? {type: 'rule', values: rules} : {type: 'tag', values: tags};
  await axe.run(document, {runOnly: only, resultTypes: ['violations']});
  return (performance.now() - started) / 1000;
}"""
_TEXT = """() => {
  const own = (e) => [...e.childNodes].filter((n) => n.nodeType === 3 && n.nodeValue.trim());
  const elements = [...document.body.querySelectorAll('*')].filter((e) => own(e).length);
  let lines = 0;
  for (const e of elements) for (const n of own(e)) {
    const range = document.createRange(); range.selectNodeContents(n);
    lines += range.getClientRects().length;
  }
  return [elements.length, elements.filter((e) => e.closest('td, th')).length, lines];
}"""


def reports(folder: Path) -> dict[str, str]:
    """The reports the tests scan (test_report_browser.py): zh-CN, en and the households'."""
    with fixed_dataset(folder / "audit.db") as store:
        made = {lang: render_html(build_report(store, options(lang))) for lang in ("zh-CN", "en")}
    with open_store(folder / "homes.db") as store:
        import_households(store)
        made["homes-en"] = render_html(build_report(store, options("en")))
    return made


def bench_pdf(made: dict[str, str], rounds: int) -> None:
    pair = {lang: made[lang] for lang in ("zh-CN", "en")}
    for n in range(rounds):
        for way in (("own", "shared") if n % 2 == 0 else ("shared", "own")):
            load, started = os.getloadavg()[0], time.perf_counter()
            with TreeCPU() as cpu:
                if way == "own":
                    pages = [report_pdf(html, lang) for lang, html in pair.items()]
                else:
                    with report_printer() as printer:
                        pages = [report_pdf(html, lang, printer=printer)
                                 for lang, html in pair.items()]
            print(f"pdf {way:6} round {n}: wall {time.perf_counter() - started:5.1f} s, "
                  f"CPU {cpu.seconds:5.1f} s, {sum(map(len, pages)) // 1024} KiB, "
                  f"load {load:.1f}", flush=True)


def bench_axe(made: dict[str, str], rounds: int) -> None:
    from playwright.sync_api import sync_playwright

    axe = default_axe_path().read_text(encoding="utf-8")
    folder = Path(tempfile.mkdtemp(prefix="bench-report-"))
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(find_browser().path),
                                             args=launch_flags())
        try:
            for n in range(rounds):
                for name, html in made.items():
                    (folder / f"{name}.html").write_text(html, encoding="utf-8")
                    for viewport, (width, height) in VIEWPORTS.items():
                        page = browser.new_page(viewport={"width": width, "height": height})
                        page.goto((folder / f"{name}.html").as_uri())
                        elements, in_cells, lines = page.evaluate(_TEXT)
                        page.close()
                        timed = {rules: _axe(browser, folder / f"{name}.html", axe, rules,
                                             (width, height))
                                 for rules in (None, "color-contrast")}
                        print(f"axe round {n} {name:8} {viewport:7}: text elements {elements} "
                              f"({in_cells} in table cells), line boxes {lines}; "
                              + "; ".join(f"{rules or 'wcag22aa'} wall {wall:5.2f} s "
                                          f"CPU {cpu:5.2f} s" for rules, (wall, cpu)
                                          in timed.items())
                              + f"; load {os.getloadavg()[0]:.1f}", flush=True)
        finally:
            browser.close()


def _axe(browser: Any, path: Path, axe: str, rule: str | None,
         viewport: tuple[int, int]) -> tuple[float, float]:
    """(wall, main-thread CPU) seconds of one ``axe.run`` in a fresh page."""
    page = browser.new_page(viewport={"width": viewport[0], "height": viewport[1]})
    try:
        page.goto(path.as_uri())
        page.evaluate(axe)
        cdp = page.context.new_cdp_session(page)
        cdp.send("Performance.enable")
        before = _thread_time(cdp)
        wall = page.evaluate(_RUN, [[rule] if rule else None, axe_tags("wcag22aa", False)])
        return wall, _thread_time(cdp) - before
    finally:
        page.close()


def _thread_time(cdp: Any) -> float:
    metrics = cdp.send("Performance.getMetrics")["metrics"]
    return next(m["value"] for m in metrics if m["name"] == "ThreadTime")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("what", nargs="*", choices=("pdf", "axe"), default=["pdf", "axe"])
    parser.add_argument("--rounds", type=int, default=2)
    args = parser.parse_args()
    made = reports(Path(tempfile.mkdtemp(prefix="bench-report-")))
    if "pdf" in args.what:
        bench_pdf(made, args.rounds)
    if "axe" in args.what:
        bench_axe(made, args.rounds)


if __name__ == "__main__":
    main()
