"""`make bench` (documents): how fast documents are checked, what one worker costs, and what
share of a crawl's wall time documents add.

A generated corpus of 210 documents: text PDFs of 1-300 pages (untagged), tagged PDFs printed by
Chromium, scanned PDFs (page images made with Pillow), mixed PDFs (text and scanned pages),
Word and Excel files. Each is checked as a crawl checks it (a sandboxed worker per document);
the crawl comparison serves a site where a third of the links are documents and crawls it with
and without checking them.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import random
import resource
import statistics
import tempfile
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pikepdf
from PIL import Image, ImageDraw

from audit.documents import Limits, check_file
from audit.store import open_store
from audit.webscan.scanner import ScanOptions
from audit.webscan.site_crawl import CrawlSettings, crawl
from bench.corpus import page_html
from tests.documents import factory as make

KINDS = (("text", 60), ("tagged", 40), ("scanned", 40), ("mixed", 30), ("docx", 20),
         ("xlsx", 20))


def write_documents(root: Path, seed: int = 2026) -> list[Path]:
    """The corpus under ``root``: 210 documents, sizes drawn from ``seed``."""
    rng = random.Random(seed)
    root.mkdir(parents=True, exist_ok=True)
    tagged: dict[Path, tuple[str, bool]] = {}
    paths = []
    for kind, count in KINDS:
        for index in range(count):
            path = root / f"{kind}-{index:03d}.{kind if kind in ('docx', 'xlsx') else 'pdf'}"
            if kind == "tagged":
                body = "".join(f"<h2>第 {n} 节</h2><p>{make.PARAGRAPH * 6}</p>"
                               for n in range(rng.randint(1, 60)))
                tagged[path] = (make.html(f"<h1>{make.TITLE}</h1>{body}"), True)
            else:
                _write(kind, path, rng)
            paths.append(path)
    make.print_pdfs(tagged)
    return paths


def _write(kind: str, path: Path, rng: random.Random) -> None:
    if kind == "text":
        _text_pdf(path, rng.choice([1, 2, 5, 10, 30, 80, 150, 300]))
    elif kind == "scanned":
        _scanned_pdf(path, rng.choice([1, 2, 4, 8, 20, 60]), rng)
    elif kind == "mixed":
        _text_pdf(path, rng.choice([2, 10, 40, 100]))
        scan = path.with_suffix(".scan.pdf")
        _scanned_pdf(scan, rng.choice([1, 3, 10]), rng)
        with pikepdf.open(path, allow_overwriting_input=True) as pdf, pikepdf.open(scan) as more:
            pdf.pages.extend(more.pages)
            pdf.save(path)
        scan.unlink()
    elif kind == "docx":
        make.word(path, paragraphs=rng.choice([3, 30, 300]), title=rng.choice([None, make.TITLE]))
    else:
        make.workbook(path, title=rng.choice([None, make.TITLE]))


def _text_pdf(path: Path, pages: int) -> None:
    make.many_pages(path, pages, lines=45)


def _scanned_pdf(path: Path, pages: int, rng: random.Random) -> None:
    """Grey page images with lines of "text" (JPEG in the PDF, as scanners write them)."""
    images = []
    for _ in range(pages):
        image = Image.new("L", (850, 1100), 250)
        draw = ImageDraw.Draw(image)
        for line in range(40):
            width = rng.randint(300, 700)
            draw.rectangle((80, 80 + 24 * line, 80 + width, 92 + 24 * line), fill=40)
        images.append(image)
    images[0].save(path, save_all=True, append_images=images[1:], resolution=100,
                   title=make.TITLE)


def check_corpus(paths: list[Path], workers: int) -> dict:
    """Check every document, ``workers`` at a time; throughput and what a worker cost."""
    started = time.monotonic()
    with ThreadPoolExecutor(workers) as pool:
        results = list(pool.map(lambda p: check_file(p, p.name, limits=Limits()), paths))
    wall = time.monotonic() - started
    peaks = [r.raw["worker"]["peak_rss_kb"] / 1024 for r in results
             if r.raw and r.raw.get("worker", {}).get("peak_rss_kb")]
    cpu = sorted(r.raw["worker"]["cpu_s"] for r in results if r.raw and r.raw.get("worker"))
    pages = sum((r.document.pages_examined or r.document.pages or 0) for r in results)
    return {"workers": workers, "documents": len(results), "wall_s": round(wall, 1),
            "documents_per_minute": round(len(results) / wall * 60, 1),
            "pages_per_minute": round(pages / wall * 60),
            "worker_cpu_s_total": round(sum(cpu), 1),
            "worker_cpu_s_median": round(statistics.median(cpu), 3),
            "worker_cpu_s_max": round(max(cpu), 2),
            "documents_per_cpu_minute": round(len(cpu) / sum(cpu) * 60, 1),
            "peak_rss_mb_median": round(statistics.median(peaks), 1),
            "peak_rss_mb_max": round(max(peaks), 1),
            "not_checked": sum(1 for r in results if r.error)}


def crawl_share(root: Path, documents: list[Path], pages: int = 40) -> dict:
    """Crawl a site of ``pages`` pages that link ``pages // 2`` documents (a third of the
    links), with and without checking them; the share of wall time documents add."""
    site = root / "site"
    (site / "page").mkdir(parents=True, exist_ok=True)
    (site / "files").mkdir(exist_ok=True)
    rng = random.Random(7)
    chosen = rng.sample(documents, pages // 2)
    for document in chosen:
        (site / "files" / document.name).write_bytes(document.read_bytes())
    links = [f'<a href="/page/{n}.html">页面 {n}</a>' for n in range(pages)]
    links += [f'<a href="/files/{d.name}">{d.name}</a>' for d in chosen]
    (site / "index.html").write_text(make.html("".join(links)), encoding="utf-8")
    for n in range(pages):
        (site / "page" / f"{n}.html").write_text(page_html(n, pages, rng), encoding="utf-8")
    server = ThreadingHTTPServer(("127.0.0.1", 0),
                                 partial(_Quiet, directory=str(site)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    start = f"http://127.0.0.1:{server.server_address[1]}/index.html"
    try:
        times, cpu = {}, {}
        for label, documents_on in (("without", False), ("with", True)):
            with open_store(root / f"crawl-{label}.db") as store:
                settings = CrawlSettings(start_urls=(start,), max_pages=pages + 1, depth=1,
                                         sitemaps=False, documents=documents_on)
                began, used = time.monotonic(), _cpu_used()
                scan_id = crawl(store, settings, ScanOptions(checks=(), concurrency=2))
                times[label] = time.monotonic() - began
                cpu[label] = _cpu_used() - used + _worker_cpu(store, scan_id)
    finally:
        server.shutdown()
        server.server_close()
    return {"pages": pages + 1, "documents": len(chosen),
            "wall_s_without_documents": round(times["without"], 1),
            "wall_s_with_documents": round(times["with"], 1),
            "share_added_by_documents": round((times["with"] - times["without"]) / times["with"],
                                              3),
            "cpu_s_without_documents": round(cpu["without"], 1),
            "cpu_s_with_documents": round(cpu["with"], 1),
            "cpu_share_added_by_documents": round((cpu["with"] - cpu["without"]) / cpu["with"], 3)}


def _cpu_used() -> float:
    """CPU seconds of this process and its waited-for children (the browser, once closed)."""
    own = resource.getrusage(resource.RUSAGE_SELF)
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def _worker_cpu(store, scan_id: int) -> float:
    """CPU seconds of the sandboxed document workers (forkserver children: not ours to wait)."""
    total = 0.0
    for page in store.iter_pages(scan_id):
        if page.document is not None:
            raw = store.raw_artifact(scan_id, page.url, page.viewport) or {}
            total += (raw.get("worker") or {}).get("cpu_s") or 0.0
    return total


class _Quiet(SimpleHTTPRequestHandler):
    def log_message(self, *args: object) -> None:
        pass


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--out", type=Path, default=Path("bench/results-documents.json"))
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="a11y-bench-documents-") as folder:
        root = Path(folder)
        began = time.monotonic()
        paths = write_documents(root / "corpus")
        sizes = [p.stat().st_size for p in paths]
        result = {
            "date": datetime.now(UTC).isoformat(timespec="seconds"),
            "load_average_at_start": os.getloadavg()[0],
            "machine": f"{platform.machine()}, {platform.processor() or '?'}, "
                       f"{_cores()} cores, Python {platform.python_version()}",
            "corpus": {"documents": len(paths), "kinds": dict(KINDS),
                       "megabytes": round(sum(sizes) / 2**20, 1),
                       "made_in_s": round(time.monotonic() - began, 1)},
            "one_at_a_time": check_corpus(paths, 1),
            "two_at_a_time": check_corpus(paths, 2),
            "crawl": crawl_share(root, paths),
            "load_average_at_end": os.getloadavg()[0],
        }
    args.out.write_text(json.dumps(result, indent=2, ensure_ascii=False) + "\n", "utf-8")
    print(json.dumps(result, indent=2, ensure_ascii=False))


def _cores() -> int:
    return os.cpu_count() or 1


if __name__ == "__main__":
    main()
