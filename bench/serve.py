"""Serve a generated corpus on 127.0.0.1 for the benchmarks."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from bench.corpus import write_corpus
from tests.support.site import PNG


class _Quiet(SimpleHTTPRequestHandler):
    def log_message(self, *args: object) -> None:
        pass


class _Handler(_Quiet):
    def do_GET(self) -> None:  # noqa: N802 - http.server's naming
        if self.path.startswith("/img/"):
            self.send_response(200)
            self.send_header("Content-Type", "image/png")
            self.send_header("Content-Length", str(len(PNG)))
            self.end_headers()
            self.wfile.write(PNG)
            return
        super().do_GET()


@contextmanager
def serve_folder(root: Path, any_image: bool = True) -> Iterator[str]:
    """Serve the files under ``root`` (and, with ``any_image``, a PNG for any /img/ path);
    yield the base URL."""
    handler = _Handler if any_image else _Quiet
    server = ThreadingHTTPServer(("127.0.0.1", 0), partial(handler, directory=str(root)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()


@contextmanager
def serve_corpus(root: Path, pages: int, small: bool = False) -> Iterator[list[str]]:
    """Write the corpus under ``root``, serve it, and yield the page URLs."""
    paths = write_corpus(root, pages, small=small)
    with serve_folder(root) as base:
        yield [base + path for path in paths]
