"""Template-aware crawling on a generated government-portal corpus (issue 20).

Each site is built like a real district portal: a banner (logo, search, ten section links with
the current section marked), a 200-link "mega menu", a footer, and the page's own content, so
that the template holds 30–60 % of each page's DOM (the elements of its body, issue 20's corpus;
``template_share``), drawn page by page: the content is article sections and a list of news
links long enough for the page's share. A few pages carry a notice in the banner (another
region). The template has barriers of its own (unlabelled search field, image
without alt, faint footer text), the content has others.

Every site is crawled twice, with ``--no-templates`` and then with templates on, site after
site in one run; the figures are pages per minute of each and whether every page got
identical findings, passed and inapplicable rules. Beside the walls, what a page costs in
each mode: the CPU of every process of the crawl by kind (Python, Playwright's driver,
Chromium's browser, renderer, GPU ... processes: ``bench.cpu``, much less moved by other
processes' load than a wall), the coordinator's own CPU (the crawl's thread: findings,
fingerprints, the store, links; the pages are served by other threads) and the median of
each page phase (``timings_ms``, the settle wait); ``--profile`` adds the coordinator's
cProfile.

    python -m bench.portal [--sites 5] [--pages 100] [--concurrency N] [--profile]
"""

from __future__ import annotations

import argparse
import cProfile
import dataclasses
import os
import platform
import pstats
import random
import statistics
import tempfile
import time
from collections import Counter
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from datetime import UTC, datetime
from html.parser import HTMLParser
from pathlib import Path

from audit.store import open_store
from audit.webscan.scanner import ScanOptions, default_concurrency
from audit.webscan.site_crawl import CrawlSettings, crawl
from bench.cpu import TreeCPU
from bench.portal_assets import head, write_static, write_tracker
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
.foot{background:#eee;color:#999;padding:16px;font-size:13px}.news span{color:#666;margin-left:8px}
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


def _content(index: int, pages: int, rng: random.Random, elements: int) -> str:
    """The page's own content, of at least ``elements`` elements: a few article sections, then
    a list of news links with their dates (a portal's column page) to make up the count."""
    parts = [f'<main><h1>第{index}页</h1>']
    count = 2
    for card in range(rng.randint(5, 15)):
        word = rng.choice(_WORDS)
        image = rng.random() < 0.1
        parts.append(f'<section><h2>{word}{card}</h2><p>{word * rng.randint(5, 20)}</p>'
                     f'<a href="/page/{rng.randrange(pages)}.html">{word}详情</a>'
                     + (f'<img src="{_LOGO}">' if image else "") + '</section>')
        count += 5 if image else 4
    listed = count < elements
    if listed:
        parts.append('<ul class="news">')
        count += 1
    while count < elements:
        day = f"2026-{rng.randint(1, 12):02}-{rng.randint(1, 28):02}"
        parts.append(f'<li><a href="/page/{rng.randrange(pages)}.html">{rng.choice(_WORDS)}'
                     f'{rng.choice(_WORDS)}工作动态</a><span>{day}</span></li>')
        count += 3
    return "".join(parts) + ("</ul>" if listed else "") + "</main>"


class _Elements(HTMLParser):
    """Counts the start tags of the body, and those inside ``<main>`` (the page's own)."""

    def __init__(self) -> None:
        super().__init__()
        self.body = self.main = 0
        self._in_body = False
        self._main_depth = 0

    def handle_starttag(self, tag: str, attrs: object) -> None:
        if tag == "body":
            self._in_body = True
        elif self._in_body:
            self.body += 1
            if tag == "main" or self._main_depth:
                self.main += 1
                self._main_depth += tag not in _VOID

    def handle_endtag(self, tag: str) -> None:
        if self._main_depth and tag not in _VOID:
            self._main_depth -= 1


_VOID = frozenset({"img", "input", "br", "hr", "meta", "link", "source", "wbr"})


def template_share(html: str) -> float:
    """The share of a page's body elements outside its ``<main>``: its template."""
    counter = _Elements()
    counter.feed(html)
    return (counter.body - counter.main) / counter.body


def _count(fragment: str) -> int:
    """The elements of a fragment of a body."""
    counter = _Elements()
    counter.feed("<body>" + fragment)
    return counter.body


def write_site(root: Path, pages: int, seed: int, tracker: str) -> None:
    """The pages, their index and the subresources they share (``bench.portal_assets``);
    ``tracker`` is the base URL of the statistics host every page loads a script from."""
    write_static(root, seed)
    write_pages(root, pages, seed, tracker)


def write_pages(root: Path, pages: int, seed: int, tracker: str) -> None:
    """``root/page/N.html`` and ``root/index.html`` of ``write_site``."""
    rng = random.Random(seed)
    (root / "page").mkdir(parents=True)
    mega = _mega(pages)
    shared = _count(mega + _FOOTER)  # elements; the banner's vary with its notice
    for index in range(pages):
        notice = "重要通知：系统维护" if rng.random() < 0.05 else None
        banner = _banner(index % len(SECTIONS), notice)
        template = banner + mega
        share = rng.uniform(0.31, 0.60)  # the content may overshoot its count by a few
        own = _content(index, pages, rng, round((_count(banner) + shared) * (1 - share) / share))
        html = (f'<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><title>第{index}页'
                f'</title>{head(tracker)}{_STYLE}</head>'
                f'<body>{template}{own}{_FOOTER}</body></html>')
        (root / "page" / f"{index}.html").write_text(html, encoding="utf-8")
    (root / "index.html").write_text(
        '<!doctype html><html lang="zh-CN"><head><title>首页</title></head><body><main>' +
        "".join(f'<a href="/page/{n}.html">{n}</a>' for n in range(pages)) +
        "</main></body></html>", encoding="utf-8")


@dataclasses.dataclass
class Mode:
    """What one mode (templates off or on; ``bench.caching``: route or gate) cost over the
    sites crawled so far."""

    wall: float = 0.0
    coordinator: float = 0.0  # the crawl thread's CPU: findings, fingerprints, store, links
    processes: Counter[str] = dataclasses.field(default_factory=Counter)  # CPU s by kind
    phases: dict[str, list[float]] = dataclasses.field(default_factory=dict)  # ms a page
    found: dict[str, tuple] = dataclasses.field(default_factory=dict)
    blocked: int = 0  # tracker requests refused, all pages
    profile: pstats.Stats | None = None

    def add_phase(self, name: str, ms: float) -> None:
        self.phases.setdefault(name, []).append(ms)


def _crawl_site(base: str, pages: int, templates: bool, options: ScanOptions,
                db: Path, mode: Mode, profile: bool) -> None:
    """One site crawled, its costs added to ``mode``: the wall time, the coordinator's CPU
    time, the CPU of every process by kind, per page its phase timings and its findings
    (without the template they lie in), passed and inapplicable rules."""
    settings = CrawlSettings(start_urls=(base + "index.html",), max_pages=pages + 1,
                             depth=2, sitemaps=False, templates=templates)
    profiler = cProfile.Profile(time.thread_time) if profile else None  # CPU, not waits
    started, cpu = time.perf_counter(), time.thread_time()
    with open_store(db) as store:
        with TreeCPU() as tree:
            if profiler:
                profiler.enable()
            scan_id = crawl(store, settings, options)
            if profiler:
                profiler.disable()
        mode.wall += time.perf_counter() - started
        mode.coordinator += time.thread_time() - cpu
        mode.processes.update(tree.by_kind())
        for page in store.load_run(scan_id).pages:
            mode.blocked += page.blocked_requests
            mode.found[page.url] = (
                sorted((dataclasses.replace(f, template=None) for f in page.findings),
                       key=lambda f: (f.rule, f.selector, f.outcome)),
                sorted(page.passed_rules), sorted(page.inapplicable_rules))
            for name, ms in page.timings_ms.items():
                mode.add_phase(name, ms)
            raw = store.raw_artifact(scan_id, page.url, page.viewport) or {}
            for wait in raw.get("settle") or []:
                mode.add_phase("settle", wait["waited_ms"])
    if profiler and mode.profile is None:
        mode.profile = pstats.Stats(profiler)
    elif profiler and mode.profile is not None:
        mode.profile.add(profiler)


@contextmanager
def serve_portals(sites: int, pages: int, counts: Counter[str] | None = None,
                  ) -> Iterator[tuple[Path, list[str]]]:
    """``sites`` generated portals of ``pages`` pages served on 127.0.0.1 and the statistics
    host they share on localhost: the folder that holds them (``site0``, ``site1`` ...,
    ``tracker``) and the sites' base URLs. Each request's path is counted in ``counts``."""
    with tempfile.TemporaryDirectory() as tmp, ExitStack() as servers:
        root = Path(tmp)
        write_tracker(root / "tracker")
        tracker = servers.enter_context(
            serve_folder(root / "tracker", any_image=False, counts=counts, host="localhost"))
        bases = []
        for site in range(sites):
            write_site(root / f"site{site}", pages, seed=site, tracker=tracker)
            bases.append(servers.enter_context(serve_folder(root / f"site{site}", counts=counts)))
        yield root, bases


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sites", type=int, default=5)
    parser.add_argument("--pages", type=int, default=100)
    parser.add_argument("--concurrency", type=int, default=default_concurrency())
    parser.add_argument("--profile", action="store_true",
                        help="profile the coordinator (cProfile) and print its top functions")
    args = parser.parse_args()
    options = ScanOptions(concurrency=args.concurrency, checks=())
    modes = {False: Mode(), True: Mode()}
    load = [os.getloadavg()[0]]
    with serve_portals(args.sites, args.pages) as (root, bases):
        shares = [template_share(path.read_text(encoding="utf-8"))
                  for path in root.glob("site*/page/*.html")]
        for site, base in enumerate(bases):  # off and on site by site: load drifts less
            for templates in (False, True):
                _crawl_site(base, args.pages, templates, options,
                            root / f"{site}-{templates}.db", modes[templates], args.profile)
                load.append(os.getloadavg()[0])
    off, on = modes[False], modes[True]
    differing = sum(1 for url in off.found if on.found.get(url) != off.found[url])
    findings = sum(len(page[0]) for page in off.found.values())
    print(f"## Templates — {datetime.now(UTC):%Y-%m-%d %H:%M}, {platform.machine()}, "
          f"{os.cpu_count()} cores, {args.concurrency} workers, {args.sites} sites × "
          f"{args.pages} pages, load average {min(load):.1f}–{max(load):.1f}, template "
          f"{min(shares):.0%}–{max(shares):.0%} of a page's elements\n")
    print("| figure | off | on | gain (off ÷ on; pages/min on ÷ off) |\n|---|---|---|---|")
    cost_rows(off, on)
    print(f"\nfindings (templates off) / pages whose findings, passed or inapplicable rules "
          f"differ: {findings} / **{differing}**")
    for templates, mode in modes.items():
        if mode.profile is not None:
            print(f"\n### coordinator profile, templates {'on' if templates else 'off'}\n")
            mode.profile.sort_stats("tottime").print_stats(25)


def cost_rows(first: Mode, second: Mode) -> None:
    """The walls, pages per minute, CPU a page (all processes, by kind, the coordinator's)
    and the median of each page phase of two modes, as rows of a table."""
    _row("wall, s", first.wall, second.wall, "{:.1f}")
    _row("pages per minute", len(first.found) / first.wall * 60,
         len(second.found) / second.wall * 60, "{:.0f}", inverse=True)
    _row("CPU a page, all processes, ms", *(sum(m.processes.values()) / len(m.found) * 1000
                                            for m in (first, second)), "{:.0f}")
    for kind in sorted(first.processes.keys() | second.processes.keys(),
                       key=lambda k: -first.processes[k]):
        _row(f"CPU a page, {kind}, ms", *(m.processes[kind] / len(m.found) * 1000
                                         for m in (first, second)), "{:.0f}")
    _row("CPU a page, coordinator (crawl thread), ms",
         *(m.coordinator / len(m.found) * 1000 for m in (first, second)), "{:.0f}")
    for phase in sorted(first.phases.keys() | second.phases.keys()):
        _row(f"page `{phase}`, median ms", *(statistics.median(m.phases.get(phase) or [0])
                                             for m in (first, second)), "{:.0f}")


def _row(name: str, off: float, on: float, form: str, inverse: bool = False) -> None:
    """A figure of both modes and how many times better templates on is (off ÷ on for costs,
    on ÷ off for a rate ``inverse``)."""
    above, below = (on, off) if inverse else (off, on)
    ratio = above / below if below else 0.0
    print(f"| {name} | {form.format(off)} | {form.format(on)} | {ratio:.2f} |")


if __name__ == "__main__":
    main()
