"""A second process for the store's concurrency tests: ``python -m tests.store.writer_process``.

    open  URL GO_FILE                      open a (fresh) store and begin a scan
    write URL GO_FILE SCAN_ID PREFIX COUNT save COUNT pages, queueing and claiming as a crawl does
    crawl URL GO_FILE SCAN_ID DELAY        claim and save until the queue is empty (to be killed)

Each prints "ready", waits for GO_FILE to exist (so the processes really overlap), then works.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

from audit.model import Viewport
from audit.store import open_store
from tests.store.samples import findings_page, sample_run


def _wait_for(go_file: Path) -> None:
    print("ready", flush=True)
    deadline = time.monotonic() + 60
    while not go_file.exists():
        if time.monotonic() > deadline:
            raise SystemExit("no go signal within 60 s")
        time.sleep(0.005)


def _open(url: str) -> None:
    with open_store(url) as store:
        print(store.begin_scan(sample_run()), flush=True)


def _write(url: str, scan_id: int, prefix: str, count: int) -> None:
    with open_store(url) as store:
        for i in range(count):
            page_url = f"{prefix}{i}"
            store.enqueue(scan_id, [(page_url, "desktop", 1, prefix), (prefix, "desktop", 0, None)])
            store.claim(scan_id, 1)
            store.save_page(scan_id, findings_page(page_url, Viewport.DESKTOP))
            store.add_document(scan_id, f"{prefix}{i % 5}.pdf", page_url)


def _crawl(url: str, scan_id: int, delay: float) -> None:
    with open_store(url) as store:
        while items := store.claim(scan_id, 2):
            for item in items:
                store.save_page(scan_id, findings_page(item.url, item.viewport))
                print("saved", item.url, flush=True)
                time.sleep(delay)


def main(argv: list[str]) -> None:
    mode, url, go_file, *rest = argv
    _wait_for(Path(go_file))
    if mode == "open":
        _open(url)
    elif mode == "write":
        _write(url, int(rest[0]), rest[1], int(rest[2]))
    elif mode == "crawl":
        _crawl(url, int(rest[0]), float(rest[1]))
    else:
        raise SystemExit(f"unknown mode {mode}")


if __name__ == "__main__":
    main(sys.argv[1:])
