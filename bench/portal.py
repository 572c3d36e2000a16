"""Template-aware crawling on a generated government-portal corpus (issue 20).

Each site is built like a real district portal: a banner (logo, search, ten section links with
the current section marked), a 200-link "mega menu", a footer, and the page's own content, so
that 30–60 % of each page's elements are template. A few pages carry a notice in the banner
(another region). The template has barriers of its own (unlabelled search field, image
without alt, faint footer text), the content has others.

Every site is crawled twice, with ``--no-templates`` and then with templates on, site after
site in one run; the figures are pages per minute of each and whether every page got
identical findings, passed and inapplicable rules, and the coordinator's own CPU per page (the
crawl's thread: findings, fingerprints, the store, links; the pages are served by other threads).

    python -m bench.portal [--sites 5] [--pages 100] [--concurrency N]
"""

from __future__ import annotations

import argparse
import dataclasses
import os
import platform
import random
import tempfile
import time
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from datetime import UTC, datetime
from pathlib import Path

from audit.store import open_store
from audit.webscan.scanner import ScanOptions, default_concurrency
from audit.webscan.site_crawl import CrawlSettings, crawl
from bench.serve import serve_folder

SECTIONS = ("首页", "政务公开", "政务服务", "互动交流", "数据开放", "机构职能", "政策文件",
            "通知公告", "民生服务", "专题专栏")
_WORDS = ("示范区", "人民政府", "办事指南", "政策解读", "便民", "热线", "社区", "街道", "卫生健康",
          "教育", "交通", "住房", "就业", "社会保障", "残疾人", "公共服务", "城市管理", "无障碍")
_STYLE = """<style>
body{margin:0;font:16px/1.6 sans-serif;color:#222;background:#fff}
.banner{background:#b5151b;color:#fff;padding:8px 24px}.banner a{color:#fff;margin:0 8px}
.banner li{display:inline-block}.banner li.on a{font-weight:bold;text-decoration:underline}
.mega{columns:5;padding:8px 24px;background:#f7f7f7}.mega a{color:#777;font-size:13px}
main{max-width:1100px;margin:auto;padding:16px}.faint{color:#aaa}
.foot{background:#eee;color:#999;padding:16px;font-size:13px}
</style>"""
_LOGO = "data:image/gif;base64,R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7"


def _banner(section: int, notice: str | None) -> str:
    items = "".join(f'<li{" class=on" if n == section else ""}><a href="/page/{n}.html"'
                    f'{" aria-current=page" if n == section else ""}>{name}</a></li>'
                    for n, name in enumerate(SECTIONS))
    extra = f'<p class="notice">{notice}</p>' if notice else ""
    return (f'<div class="banner"><img src="{_LOGO}" width="180" height="40">'
            '<form action="/search"><input type="text" name="q"><button>搜索</button></form>'
            f'<ul>{items}</ul>{extra}</div>')


def _mega(pages: int) -> str:
    links = "".join(f'<li><a href="/page/{n % pages}.html">{_WORDS[n % len(_WORDS)]}{n}</a></li>'
                    for n in range(200))
    return f'<div class="mega"><ul>{links}</ul></div>'


_FOOTER = ('<div class="foot"><p>主办：示范区人民政府办公室</p><p>地址：示范路 1 号 邮编 100000</p>'
           '<ul>' + "".join(f'<li><a href="/page/{n}.html">{word}</a></li>'
                            for n, word in enumerate(_WORDS[:12])) +
           '</ul><p class="faint">网站标识码 1100000001 京ICP备00000000号</p></div>')


def _content(index: int, pages: int, rng: random.Random) -> str:
    parts = [f'<main><h1>第{index}页</h1>']
    for card in range(rng.randint(15, 45)):
        word = rng.choice(_WORDS)
        parts.append(f'<section><h2>{word}{card}</h2><p>{word * rng.randint(5, 20)}</p>'
                     f'<a href="/page/{rng.randrange(pages)}.html">{word}详情</a>'
                     + (f'<img src="{_LOGO}">' if rng.random() < 0.1 else "") + '</section>')
    return "".join(parts) + "</main>"


def write_site(root: Path, pages: int, seed: int) -> None:
    rng = random.Random(seed)
    (root / "page").mkdir(parents=True)
    mega = _mega(pages)
    for index in range(pages):
        notice = "重要通知：系统维护" if rng.random() < 0.05 else None
        html = (f'<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><title>第{index}页'
                f'</title>{_STYLE}</head><body>{_banner(index % len(SECTIONS), notice)}{mega}'
                f'{_content(index, pages, rng)}{_FOOTER}</body></html>')
        (root / "page" / f"{index}.html").write_text(html, encoding="utf-8")
    (root / "index.html").write_text(
        '<!doctype html><html lang="zh-CN"><head><title>首页</title></head><body><main>' +
        "".join(f'<a href="/page/{n}.html">{n}</a>' for n in range(pages)) +
        "</main></body></html>", encoding="utf-8")


def _crawl_site(base: str, pages: int, templates: bool, options: ScanOptions,
                db: Path) -> tuple[float, float, dict[str, tuple]]:
    """One site crawled: the wall time, the coordinator's CPU time, and per page its findings
    (without the template they lie in), passed and inapplicable rules."""
    settings = CrawlSettings(start_urls=(base + "index.html",), max_pages=pages + 1,
                             depth=2, sitemaps=False, templates=templates)
    started, cpu = time.perf_counter(), time.thread_time()
    with open_store(db) as store:
        scan_id = crawl(store, settings, options)
        wall, cpu = time.perf_counter() - started, time.thread_time() - cpu
        found = {page.url: (sorted((dataclasses.replace(f, template=None) for f in page.findings),
                                   key=lambda f: (f.rule, f.selector, f.outcome)),
                            sorted(page.passed_rules), sorted(page.inapplicable_rules))
                 for page in store.load_run(scan_id).pages}
    return wall, cpu, found


@contextmanager
def serve_portals(sites: int, pages: int) -> Iterator[tuple[Path, list[str]]]:
    """``sites`` generated portals of ``pages`` pages served on 127.0.0.1: the folder that
    holds them (``site0``, ``site1`` ...) and their base URLs."""
    with tempfile.TemporaryDirectory() as tmp, ExitStack() as servers:
        root = Path(tmp)
        bases = []
        for site in range(sites):
            write_site(root / f"site{site}", pages, seed=site)
            bases.append(servers.enter_context(serve_folder(root / f"site{site}")))
        yield root, bases


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sites", type=int, default=5)
    parser.add_argument("--pages", type=int, default=100)
    parser.add_argument("--concurrency", type=int, default=default_concurrency())
    args = parser.parse_args()
    options = ScanOptions(concurrency=args.concurrency, checks=())
    walls = {False: 0.0, True: 0.0}
    cpus = {False: 0.0, True: 0.0}
    found: dict[bool, dict[str, tuple]] = {False: {}, True: {}}
    load = [os.getloadavg()[0]]
    with serve_portals(args.sites, args.pages) as (root, bases):
        for site, base in enumerate(bases):  # off and on site by site: load drifts less
            for templates in (False, True):
                wall, cpu, pages = _crawl_site(base, args.pages, templates, options,
                                               root / f"{site}-{templates}.db")
                walls[templates] += wall
                cpus[templates] += cpu
                found[templates].update(pages)
                load.append(os.getloadavg()[0])
    off, on = found[False], found[True]
    differing = sum(1 for url in off if on.get(url) != off[url])
    findings = sum(len(page[0]) for page in off.values())
    print(f"## Templates — {datetime.now(UTC):%Y-%m-%d}, {platform.machine()}, "
          f"{args.concurrency} workers, {args.sites} sites × {args.pages} pages, "
          f"load average {min(load):.1f}–{max(load):.1f}\n")
    print("| figure | value |\n|---|---|")
    print(f"| `crawl --no-templates`: wall, pages per minute | {walls[False]:.1f} s, "
          f"{len(off) / walls[False] * 60:.0f} |")
    print(f"| `crawl` (templates on): wall, pages per minute | {walls[True]:.1f} s, "
          f"{len(on) / walls[True] * 60:.0f} |")
    print(f"| coordinator CPU per page, off / on | {cpus[False] / len(off) * 1000:.0f} ms / "
          f"{cpus[True] / len(on) * 1000:.0f} ms |")
    print(f"| speed-up (pages per minute, on ÷ off) | {walls[False] / walls[True]:.2f} |")
    print(f"| findings (templates off) / pages whose findings, passed or inapplicable rules "
          f"differ | {findings} / {differing} |")


if __name__ == "__main__":
    main()
