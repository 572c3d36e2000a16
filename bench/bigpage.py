"""What one very big page needs: `python -m bench.bigpage [--nodes 50000]`.

Generates a government-style page of about N elements (navigation, a long table of notices,
forms, images, some with barriers), serves it on 127.0.0.1 and scans it with every own check,
with time limits so generous that nothing times out, then prints each phase's time: loading,
axe-core, each own check. These figures set the default time limits of
``audit.webscan.scanner.ScanOptions``.
"""

from __future__ import annotations

import argparse
import os
import tempfile
import time
from pathlib import Path

from audit.webscan.scanner import ScanOptions, scan
from bench.cpu import TreeCPU
from bench.serve import serve_folder


def big_page(nodes: int) -> str:
    """About ``nodes`` elements: each table row holds 8 (tr, 4 td, a, span, img)."""
    rows = []
    for n in range(nodes // 8):
        alt = "" if n % 50 == 0 else f' alt="附件 {n}"'
        rows.append(f'<tr><td>{n}</td><td><a href="/notice/{n}">关于第 {n} 号通知的公告</a></td>'
                    f'<td><span class="date">2026-01-{n % 28 + 1:02d}</span></td>'
                    f'<td><img src="/img/{n % 7}.png"{alt}></td></tr>')
    return ('<!doctype html><html lang="zh"><head><meta charset="utf-8"><title>通知公告</title>'
            "<style>td{padding:2px 4px}.date{color:#767676}</style></head><body>"
            '<header><nav><a href="/">首页</a> <a href="/zwgk/">政务公开</a></nav></header>'
            '<main><h1>通知公告</h1><form><label>搜索 <input name="q"></label>'
            "<button>搜索</button></form><table><thead><tr><th>序号</th><th>标题</th>"
            f"<th>日期</th><th>附件</th></tr></thead><tbody>{''.join(rows)}</tbody></table>"
            "</main></body></html>")


def measure(nodes: int, runs: int) -> None:
    with tempfile.TemporaryDirectory() as folder, serve_folder(Path(folder)) as base:
        (Path(folder) / "big.html").write_text(big_page(nodes), encoding="utf-8")
        url = base + "big.html"
        generous = ScanOptions(concurrency=1, timeout_s=300, axe_timeout_s=600,
                               check_timeout_s=600)
        for run in range(1, runs + 1):
            started = time.monotonic()
            with TreeCPU() as cpu:
                page = scan([url], generous).pages[0]
            wall = time.monotonic() - started
            checks = (page.raw or {}).get("checks_ms", {})
            print(f"run {run}: {nodes} nodes, error {page.error!r}, wall {wall:.1f} s, "
                  f"CPU {cpu.seconds:.1f} s (browser included), "
                  f"load average {os.getloadavg()[0]:.1f}")
            print("  " + ", ".join(f"{k} {v / 1000:.1f} s" for k, v in page.timings_ms.items()))
            print("  checks: " + ", ".join(f"{k} {v / 1000:.1f} s" for k, v in checks.items()))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--nodes", type=int, default=50_000)
    parser.add_argument("--runs", type=int, default=2)
    args = parser.parse_args()
    measure(args.nodes, args.runs)


if __name__ == "__main__":
    main()
