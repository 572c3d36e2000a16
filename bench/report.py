"""`python -m bench.report`: render time, peak memory and size of a big compliance report —
10,000 web findings over 200 pages and 500 facility photos (issue 7's benchmark)."""

from __future__ import annotations

import io
import random
import resource
import tempfile
import time
from pathlib import Path

from PIL import Image, ImageDraw

from audit.demo.facility import EXPECTED_FAILS, import_demo
from audit.evidence import keep_photo
from audit.model import Finding, Outcome, PageResult, ScanRun, Severity, Viewport
from audit.report.assemble import ReportOptions, build_report
from audit.report.html import render_html
from audit.store import Store, open_store

RULES = (("image-alt", ("1.1.1",), "A", Severity.CRITICAL),
         ("color-contrast", ("1.4.3",), "AA", Severity.SERIOUS),
         ("link-name", ("2.4.4", "4.1.2"), "A", Severity.SERIOUS),
         ("label", ("4.1.2",), "A", Severity.CRITICAL),
         ("keyboard-trap", ("2.1.2",), "A", Severity.CRITICAL),
         ("reflow-horizontal-scroll", ("1.4.10",), "AA", Severity.MODERATE))


def _run(pages: int, per_page: int) -> ScanRun:
    run = ScanRun(engine="playwright", standard="wcag22aa", tool_version="bench",
                  axe_version="4.12.1", browser_version="156",
                  started_at="2026-11-28T00:00:00+00:00", finished_at="2026-11-28T01:00:00+00:00")
    for p in range(pages):
        url = f"https://www.example.gov.cn/zwgk/{p}.html"
        findings = []
        for n in range(per_page):
            rule, wcag, level, impact = RULES[(p + n) % len(RULES)]
            findings.append(Finding(rule=rule, source="axe", outcome=Outcome.VIOLATION,
                                    impact=impact, wcag=wcag, level=level,
                                    selector=f"#main > div:nth-child({n}) > a",
                                    html=f'<a href="/x/{n}">链接{n}</a>', message=f"{rule} 说明",
                                    help_url="https://dequeuniversity.com/rules/axe/4.12/x",
                                    fingerprint=f"{p:08x}{n:012x}"))
        run.pages.append(PageResult(url=url, viewport=Viewport.DESKTOP, final_url=url,
                                    status=200, title=f"第{p}页", findings=findings,
                                    timings_ms={"load": 100, "axe": 200}))
    return run


def _photo(rng: random.Random, n: int) -> bytes:
    image = Image.new("RGB", (1600, 1200), (rng.randrange(256), 180, 160))
    draw = ImageDraw.Draw(image)
    for _ in range(300):
        x, y = rng.randrange(1600), rng.randrange(1200)
        draw.rectangle((x, y, x + 40, y + 30), fill=(rng.randrange(256), rng.randrange(256), 90))
    draw.text((40, 40), f"photo {n}", fill=(0, 0, 0))
    out = io.BytesIO()
    image.save(out, format="JPEG", quality=85)
    return out.getvalue()


def _photos(store: Store, count: int) -> None:
    inspections = import_demo(store)
    failing = [(inspection, item) for inspection, items in zip(inspections, EXPECTED_FAILS.values(),
                                                                strict=False) for item in items]
    rng = random.Random(7)
    for n in range(count):
        record = keep_photo(store, _photo(rng, n), name=f"p{n}.jpg")
        inspection, item = failing[n % len(failing)]
        store.attach_photo(inspection, item, record.sha256)


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp, open_store(Path(tmp) / "big.db") as store:
        store.save_run(_run(200, 50), target="bench")
        _photos(store, 500)
        started = time.perf_counter()
        report = build_report(store, ReportOptions())
        html = render_html(report)
        seconds = time.perf_counter() - started
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print("| report of 10,000 findings (200 pages) + 500 photos | value |\n|---|---|")
    print(f"| build + render HTML | {seconds:.1f} s |")
    print(f"| HTML size | {len(html.encode()) / 2**20:.1f} MB |")
    print(f"| peak RSS of the process | {peak:.0f} MB |")


if __name__ == "__main__":
    main()
