"""How far template replay could go on the portal corpus (``bench.portal``), at best: axe-core
run over each whole page against axe-core run over the same page without its template (its
``<main>`` alone in the body: as if banner, menu and footer cost nothing), in the same warm
tab, page after page, each in a fresh document as a crawl runs them.

A replay that cost nothing still leaves the content to check in full, so the ratio of the two
sums is a ceiling on what templates can save of axe-core's run. A page with templates on still
loads in full (its template is parsed and laid out), so the second ceiling adds the whole
page's loading (``goto`` until its load event) to both: an upper bound of pages per minute,
which leaves out what both modes pay besides (the browser's other processes, the driver, our
coordinator) and so lies above what any crawl can reach. The template share of the pages
(``bench.portal.template_share``) is printed beside it.

    python -m bench.ceiling [--sites 2] [--pages 40] [--skip 5]
"""

from __future__ import annotations

import argparse
import asyncio
import os
import platform
import statistics
import time
from datetime import UTC, datetime
from pathlib import Path

from playwright.async_api import async_playwright

from audit.standards.scopes import axe_tags
from audit.webscan.axe import axe_options, load_axe
from audit.webscan.browser import find_browser, launch_flags
from bench.portal import serve_portals, template_share

_RUN = """async (options) => {
  const started = performance.now();
  await axe.run(document, options);
  return performance.now() - started;
}"""


def write_bare(site: Path, pages: int) -> list[float]:
    """``site/bare/N.html``: page N of the site without its template; the template's share
    of each page."""
    (site / "bare").mkdir()
    shares = []
    for n in range(pages):
        html = (site / "page" / f"{n}.html").read_text(encoding="utf-8")
        bare = html[:html.index("<body>") + 6] + html[html.index("<main>"):
                                                      html.index("</main>") + 7] + "</body></html>"
        (site / "bare" / f"{n}.html").write_text(bare, encoding="utf-8")
        shares.append(template_share(html))
    return shares


async def _measure(base: str, pages: int, skip: int) -> list[tuple[float, float, float]]:
    """Per page after the first ``skip`` (a cold tab): ms of axe-core's run over the page,
    over the page without its template, and of loading the whole page."""
    options = axe_options(axe_tags("wcag22aa"), 0.5)
    async with async_playwright() as playwright:
        browser = await playwright.chromium.launch(executable_path=str(find_browser().path),
                                                   args=launch_flags())
        page = await browser.new_page()
        await page.add_init_script(load_axe().core)
        times = []
        for n in range(pages):
            started = time.perf_counter()
            await page.goto(f"{base}page/{n}.html")
            loading = (time.perf_counter() - started) * 1000
            whole = await page.evaluate(_RUN, options)
            await page.goto(f"{base}bare/{n}.html")
            times.append((whole, await page.evaluate(_RUN, options), loading))
        await browser.close()
    return times[skip:]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sites", type=int, default=2)
    parser.add_argument("--pages", type=int, default=40)
    parser.add_argument("--skip", type=int, default=5, help="pages of a cold tab not counted")
    args = parser.parse_args()
    load = [os.getloadavg()[0]]
    times: list[tuple[float, float, float]] = []
    shares: list[float] = []
    with serve_portals(args.sites, args.pages) as (root, bases):
        for site, base in enumerate(bases):
            shares += write_bare(root / f"site{site}", args.pages)[args.skip:]
            times += asyncio.run(_measure(base, args.pages, args.skip))
            load.append(os.getloadavg()[0])
    whole, content, loading = (sum(t[index] for t in times) for index in range(3))
    print(f"## Ceiling of template replay — {datetime.now(UTC):%Y-%m-%d %H:%M}, "
          f"{platform.machine()}, {os.cpu_count()} cores, {len(times)} pages, load average "
          f"{min(load):.1f}–{max(load):.1f}\n")
    print("| figure | value |\n|---|---|")
    print(f"| template share of a page's elements, min / median / max | {min(shares):.0%} / "
          f"{statistics.median(shares):.0%} / {max(shares):.0%} |")
    for index, name in enumerate(("axe-core over the whole page", "axe-core over the page "
                                  "without its template", "loading the whole page")):
        print(f"| {name}, median ms | {statistics.median(t[index] for t in times):.0f} |")
    print(f"| **ceiling of axe-core's run: whole ÷ without, all pages** | "
          f"**{whole / content:.2f}** |")
    print(f"| **ceiling of pages per minute: (loading + whole) ÷ (loading + without)** | "
          f"**{(loading + whole) / (loading + content):.2f}** |")


if __name__ == "__main__":
    main()
