"""Precision and recall on the labelled corpus: `python -m bench.labelled`.

Serves ``bench/corpus_labelled`` from a local HTTP server, scans every labelled page twice —
axe-core alone (no own checks, as ``--no-checks``) and the whole scanner (axe-core and the
default own checks) — and prints precision and recall per label and overall for both, counting
violations and needs-review findings alike and violations only. The figures go into
bench/README.md between the markers of its "Labelled corpus" section (``--no-readme``: not).
How findings are matched to labels: bench/labels.py and bench/corpus_labelled/README.md.
"""

from __future__ import annotations

import argparse
import fnmatch
import os
import platform
import re
import statistics
import time
from datetime import date
from pathlib import Path

from audit.model import ScanRun
from audit.webscan.scanner import ScanOptions, default_concurrency, scan
from bench.labels import CORPUS, PAGES, Score, label_order, load_labels, score
from bench.serve import serve_folder

README = Path(__file__).parent / "README.md"
START, END = "<!-- labelled:start -->", "<!-- labelled:end -->"
CONFIGS = (("axe-core alone", ()), ("whole scanner", None))  # None: the default checks


def _percent(value: float | None) -> str:
    return "–" if value is None else f"{100 * value:.0f} %"


def _cells(result: Score, key: str | None) -> str:
    counts = result.counts(key)
    return (f"{counts[0]}/{counts[1]}/{counts[2]} | {_percent(result.precision(key))} | "
            f"{_percent(result.recall(key))}")


def table(scores: dict[str, Score]) -> list[str]:
    """A Markdown table: per label, TP/FP/FN, precision and recall for each configuration."""
    names = list(scores)
    head = " | ".join(f"{n}: TP/FP/FN | P | R" for n in names)
    lines = [f"| label | {head} |", "|---" * (1 + 3 * len(names)) + "|"]
    keys = sorted({key for result in scores.values() for key in result.labels()}, key=label_order)
    for key in keys:
        lines.append(f"| {key} | " + " | ".join(_cells(scores[n], key) for n in names) + " |")
    lines.append("| **overall** | " + " | ".join(_cells(scores[n], None) for n in names) + " |")
    return lines


def _scan(urls: list[str], checks: tuple[str, ...] | None, args: argparse.Namespace,
          ) -> tuple[ScanRun, float]:
    options = ScanOptions(concurrency=args.concurrency, settle_s=args.settle)
    if checks is not None:
        options = ScanOptions(concurrency=args.concurrency, settle_s=args.settle, checks=checks)
    started = time.monotonic()
    run = scan(urls, options)
    return run, time.monotonic() - started


def _findings(run: ScanRun, base: str) -> dict[str, list]:
    prefix = f"{base}{PAGES}/"
    return {page.url.removeprefix(prefix): page.findings for page in run.pages}


def _check_times(run: ScanRun, check: str) -> list[int]:
    return [page.raw["checks_ms"][check] for page in run.pages
            if page.raw and check in (page.raw.get("checks_ms") or {})]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", default="*", help="only the page files matching this glob")
    parser.add_argument("--concurrency", type=int, default=default_concurrency())
    parser.add_argument("--settle", type=float, default=5.0, help="settle limit, seconds")
    parser.add_argument("--no-readme", action="store_true", help="do not write bench/README.md")
    args = parser.parse_args()
    labels = {name: label for name, label in load_labels().items()
              if fnmatch.fnmatch(name, args.pages)}
    load_before = os.getloadavg()
    scores: dict[str, dict[str, Score]] = {"all": {}, "violations": {}}
    notes: list[str] = []
    with serve_folder(CORPUS, any_image=False) as base:
        urls = [f"{base}{PAGES}/{name}" for name in labels]
        for config, checks in CONFIGS:
            run, wall = _scan(urls, checks, args)
            found = _findings(run, base)
            errors = [f"{p.url}: {p.error}" for p in run.pages if p.error]
            for mode in scores:
                scores[mode][config] = score(labels, found, with_review=mode == "all")
            notes.append(f"{config}: wall {wall:.0f} s for {len(urls)} pages"
                         + (f"; {len(errors)} pages failed" if errors else ""))
            for error in errors:
                print("  error:", error)
            ocr = _check_times(run, "image-of-text")
            if ocr:
                notes.append(f"image-of-text check: median {statistics.median(ocr):.0f} ms, "
                             f"max {max(ocr)} ms per page ({len(ocr)} pages)")
            _print_details(config, scores["all"][config])
    load_after = os.getloadavg()
    expected = sum(len(label.expect) for label in labels.values())
    lines = [f"Date {date.today().isoformat()}; {os.cpu_count()} cores ({platform.machine()}); "
             f"Chromium {run.browser_version}, axe-core {run.axe_version}; "
             f"load average {load_before[0]:.1f} before, {load_after[0]:.1f} after; "
             f"{len(labels)} pages, {expected} labels.", "",
             "Violations and needs-review findings count:", "", *table(scores["all"]), "",
             "Violations only:", "", *table(scores["violations"]), "",
             *(f"- {note}" for note in notes)]
    print("\n".join(lines))
    if not args.no_readme and args.pages == "*":
        _write_readme(lines)


def _print_details(config: str, result: Score) -> None:
    print(f"\n{config}: misses")
    for page, label in result.misses:
        print(f"  {page}: {label}")
    print(f"{config}: false alarms")
    for page, key, rule in result.false_alarms:
        print(f"  {page}: {key} ({rule})")


def _write_readme(lines: list[str]) -> None:
    text = README.read_text(encoding="utf-8")
    block = "\n".join([START, *lines, END])
    pattern = re.compile(re.escape(START) + ".*?" + re.escape(END), re.S)
    if not pattern.search(text):
        raise SystemExit(f"{README} has no {START} ... {END} section to write into")
    README.write_text(pattern.sub(lambda _: block, text), encoding="utf-8")


if __name__ == "__main__":
    main()
