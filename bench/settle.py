"""Same page, same findings? `python -m bench.settle`: the benchmark corpus scanned twice
without waiting for pages to settle and twice with it (axe-core only); how many pages differ
between the two runs of each, and what the wait costs.

A third of the corpus's pages get a script that builds a menu after the ``load`` event, in
steps (as many portals do); the rest are static and already quiet when they load, so their
wait is the cost on a page that needs none.
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from pathlib import Path

from audit.model import ScanRun
from audit.webscan.scanner import ScanOptions, default_concurrency, scan
from bench.corpus import write_corpus
from bench.serve import serve_folder

LATE_MENU = """<script>window.addEventListener('load', () => {
  const menu = document.createElement('div'); document.querySelector('header').append(menu);
  const add = (i) => {
    if (i === 8) { const ul = document.createElement('ul'); ul.append(...menu.children);
      menu.append(ul); return; }
    const li = document.createElement('li');
    li.innerHTML = '<a href="/m' + i + '">栏目' + i + '</a>'; menu.append(li);
    setTimeout(() => add(i + 1), 50);
  };
  setTimeout(() => add(0), 50);
});</script></body>"""


def late_pages(root: Path, paths: list[str]) -> set[str]:
    """Give every third page the late menu; the paths that have it."""
    late = set(paths[::3])
    for path in late:
        page = root / path
        page.write_text(page.read_text(encoding="utf-8").replace("</body>", LATE_MENU),
                        encoding="utf-8")
    return late


def signature(run: ScanRun) -> dict[str, list[tuple[str, str]]]:
    return {page.url: sorted((f.rule, f.selector) for f in page.findings) for page in run.pages}


def differing(first: ScanRun, second: ScanRun) -> int:
    a, b = signature(first), signature(second)
    return sum(1 for url in a if a[url] != b.get(url))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", type=int, default=60)
    parser.add_argument("--concurrency", type=int, default=default_concurrency())
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        paths = write_corpus(root, args.pages)
        late = late_pages(root, paths)
        with serve_folder(root) as base:
            urls = [base + path for path in paths]
            for label, settle_s in (("no wait", 0.0), ("settle", 5.0)):
                options = ScanOptions(concurrency=args.concurrency, checks=(), settle_s=settle_s)
                runs, walls = [], []
                for _ in range(2):
                    started = time.monotonic()
                    runs.append(scan(urls, options))
                    walls.append(time.monotonic() - started)
                print(f"{label}: {differing(*runs)} of {len(urls)} pages differ between two runs; "
                      f"wall {walls[0]:.1f} s / {walls[1]:.1f} s; "
                      f"{sum(len(p.findings) for p in runs[0].pages)} vs "
                      f"{sum(len(p.findings) for p in runs[1].pages)} findings")
                if settle_s:
                    report_waits(runs[0], {base + path for path in late})


def report_waits(run: ScanRun, late: set[str]) -> None:
    waits = {page.url: page.raw["settle"][0] for page in run.pages if page.raw}
    quiet = [w["waited_ms"] for url, w in waits.items() if url not in late]
    busy = [w["waited_ms"] for url, w in waits.items() if url in late]
    unsettled = sum(1 for w in waits.values() if not w["settled"])
    print(f"  wait on quiet pages: median {statistics.median(quiet):.0f} ms, "
          f"max {max(quiet)} ms; on late-menu pages: median {statistics.median(busy):.0f} ms, "
          f"max {max(busy)} ms; pages that never settled: {unsettled}")


if __name__ == "__main__":
    main()
