"""How far template replay could go on the portal corpus (``bench.portal``), at best: axe-core
run over each whole page against axe-core run over the same page without its template (its
``<main>`` alone in the body: as if banner, menu and footer cost nothing), in the same warm
tab, page after page, each in a fresh document as a crawl runs them.

A replay that cost nothing still leaves the content to check in full, so the ratio of the two
sums is a ceiling on what templates can save of axe-core's run. The cost every page pays
outside axe-core (navigation, layout, the browser's and our own processes) is left out; with
it, the ceiling of pages per minute is lower still. The template share of the pages
(``bench.portal.template_share``) is printed beside it.

    python -m bench.ceiling [--sites 2] [--pages 40] [--skip 5]
"""

from __future__ import annotations

import argparse
import asyncio
import os
import platform
import statistics
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


def write_bare(site: Path, pages: int) -> None:
    """``site/bare/N.html``: page N of the site without its template."""
    (site / "bare").mkdir()
    for n in range(pages):
        html = (site / "page" / f"{n}.html").read_text(encoding="utf-8")
        bare = html[:html.index("<body>") + 6] + html[html.index("<main>"):
                                                      html.index("</main>") + 7] + "</body></html>"
        (site / "bare" / f"{n}.html").write_text(bare, encoding="utf-8")


async def _measure(base: str, pages: int, skip: int) -> list[tuple[float, float]]:
    """Per page after the first ``skip`` (a cold tab): ms of axe-core's run over the page,
    over the page without its template."""
    options = axe_options(axe_tags("wcag22aa"), 0.5)
    async with async_playwright() as playwright:
        browser = await playwright.chromium.launch(executable_path=str(find_browser().path),
                                                   args=launch_flags())
        page = await browser.new_page()
        await page.add_init_script(load_axe().core)
        times = []
        for n in range(pages):
            runs = []
            for folder in ("page", "bare"):
                await page.goto(f"{base}{folder}/{n}.html")
                runs.append(await page.evaluate(_RUN, options))
            times.append((runs[0], runs[1]))
        await browser.close()
    return times[skip:]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sites", type=int, default=2)
    parser.add_argument("--pages", type=int, default=40)
    parser.add_argument("--skip", type=int, default=5, help="pages of a cold tab not counted")
    args = parser.parse_args()
    load = [os.getloadavg()[0]]
    times, shares = [], []
    with serve_portals(args.sites, args.pages) as (root, bases):
        for site, base in enumerate(bases):
            write_bare(root / f"site{site}", args.pages)
            times += asyncio.run(_measure(base, args.pages, args.skip))
            shares += [template_share((root / f"site{site}" / "page" / f"{n}.html")
                                      .read_text(encoding="utf-8"))
                       for n in range(args.skip, args.pages)]
            load.append(os.getloadavg()[0])
    whole = sum(t[0] for t in times)
    content = sum(t[1] for t in times)
    print(f"## Ceiling of template replay — {datetime.now(UTC):%Y-%m-%d %H:%M}, "
          f"{platform.machine()}, {os.cpu_count()} cores, {len(times)} pages, load average "
          f"{min(load):.1f}–{max(load):.1f}\n")
    print("| figure | value |\n|---|---|")
    print(f"| template share of a page's elements, min / median / max | {min(shares):.0%} / "
          f"{statistics.median(shares):.0%} / {max(shares):.0%} |")
    for index, name in enumerate(("the whole page", "the page without its template")):
        print(f"| axe-core over {name}, median ms | "
              f"{statistics.median(t[index] for t in times):.0f} |")
    print(f"| **ceiling: whole ÷ without, all pages** | **{whole / content:.2f}** |")


if __name__ == "__main__":
    main()
