"""`make bench`: our scan's wall time against the axe-core floor, measured in one run.

The floor is what a scan cannot go below: for each page, navigation (to `load`) plus one
`axe.run` with the same options, in one reused tab; summed, and divided by the concurrency.
Our figure is a full `scan()` of the same pages at that concurrency. Both run on the same
generated corpus served from 127.0.0.1, one after the other.
"""

from __future__ import annotations

import argparse
import asyncio
import platform
import resource
import tempfile
import threading
import time
from datetime import UTC, datetime
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from playwright.async_api import async_playwright

from audit.standards import axe_tags
from audit.webscan.axe import axe_options, load_axe
from audit.webscan.browser import find_browser, launch_flags
from audit.webscan.scanner import ScanOptions, default_concurrency, scan
from bench.corpus import write_corpus
from tests.support.site import PNG


class _Handler(SimpleHTTPRequestHandler):
    def log_message(self, *args: object) -> None:
        pass

    def do_GET(self) -> None:  # noqa: N802
        if self.path.startswith("/img/"):
            self.send_response(200)
            self.send_header("Content-Type", "image/png")
            self.send_header("Content-Length", str(len(PNG)))
            self.end_headers()
            self.wfile.write(PNG)
            return
        super().do_GET()


async def axe_floor_s(urls: list[str]) -> float:
    """Σ over pages of (navigation to load + one axe.run), in one reused tab."""
    axe = load_axe()
    options = axe_options(axe_tags("wcag22aa"), 10)
    async with async_playwright() as pw:
        browser = await pw.chromium.launch(executable_path=str(find_browser().path),
                                           args=launch_flags())
        page = await (await browser.new_context(viewport={"width": 1280, "height": 800},
                                                reduced_motion="reduce")).new_page()
        total = 0.0
        for url in urls:
            started = time.perf_counter()
            await page.goto(url, wait_until="load")
            navigation = time.perf_counter() - started
            await page.evaluate(axe.source)
            started = time.perf_counter()
            await page.evaluate("(o) => axe.run(document, o).then(() => null)", options)
            total += navigation + time.perf_counter() - started
        await browser.close()
    return total


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--pages", type=int, default=200)
    parser.add_argument("--concurrency", type=int, default=default_concurrency())
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        paths = write_corpus(root, args.pages)
        server = ThreadingHTTPServer(("127.0.0.1", 0), partial(_Handler, directory=str(root)))
        threading.Thread(target=server.serve_forever, daemon=True).start()
        base = f"http://127.0.0.1:{server.server_address[1]}/"
        urls = [base + path for path in paths]
        html_kb = sum((root / p).stat().st_size for p in paths) / len(paths) / 1024
        floor = asyncio.run(axe_floor_s(urls)) / args.concurrency
        started = time.perf_counter()
        run = scan(urls, ScanOptions(concurrency=args.concurrency))
        ours = time.perf_counter() - started
        server.shutdown()
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    errors = sum(1 for page in run.pages if page.error)
    findings = sum(len(page.findings) for page in run.pages)
    print(f"## {datetime.now(UTC):%Y-%m-%d} — {platform.machine()}, "
          f"{args.concurrency} workers, {len(urls)} pages (mean HTML {html_kb:.0f} KB)\n")
    print("| figure | value |\n|---|---|")
    print(f"| axe-core floor (Σ navigation + axe.run ÷ {args.concurrency}) | {floor:.1f} s |")
    print(f"| our scan, wall | {ours:.1f} s |")
    print(f"| ratio ours ÷ floor | {ours / floor:.2f} |")
    print(f"| pages per minute | {len(urls) / ours * 60:.0f} |")
    print(f"| coordinator peak RSS | {peak_mb:.0f} MB |")
    print(f"| pages with errors / findings | {errors} / {findings} |")


if __name__ == "__main__":
    main()
