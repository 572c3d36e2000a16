"""Serve a generated corpus on 127.0.0.1 for the benchmarks."""

from __future__ import annotations

import sys
import threading
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from bench.corpus import write_corpus
from tests.support.site import PNG


class _Quiet(SimpleHTTPRequestHandler):
    def log_message(self, *args: object) -> None:
        pass


class _Handler(_Quiet):
    """Files, a PNG for any /img/ path, and what a portal's web server says of its shared
    subresources: anything under /static/ may be cached ten minutes (``Cache-Control``) and
    is revalidated by its ``ETag`` (304). Every request's path is counted in ``counts``."""

    def __init__(self, *args: Any, counts: Counter[str] | None = None, any_image: bool = True,
                 **kwargs: Any) -> None:
        self._counts = counts
        self._any_image = any_image
        super().__init__(*args, **kwargs)  # answers the request

    def do_GET(self) -> None:  # noqa: N802 - http.server's naming
        path = urlsplit(self.path).path
        self._count(path)
        if self._any_image and path.startswith("/img/"):
            self.send_response(200)
            self.send_header("Content-Type", "image/png")
            self.send_header("Content-Length", str(len(PNG)))
            self.end_headers()
            self.wfile.write(PNG)
        elif path.startswith("/static/") and self._etag() is not None \
                and self.headers.get("If-None-Match") == self._etag():
            self._count(NOT_MODIFIED)
            self.send_response(304)
            self.end_headers()
        else:
            super().do_GET()

    def _count(self, key: str) -> None:
        if self._counts is not None:
            with _COUNTING:
                self._counts[key] += 1

    def end_headers(self) -> None:
        etag = self._etag() if urlsplit(self.path).path.startswith("/static/") else None
        if etag is not None:
            self.send_header("Cache-Control", STATIC_CACHE)
            self.send_header("ETag", etag)
        super().end_headers()

    def _etag(self) -> str | None:
        file = Path(self.translate_path(self.path))
        if not file.is_file():
            return None
        stat = file.stat()
        return f'"{stat.st_size:x}-{stat.st_mtime_ns:x}"'


class _Server(ThreadingHTTPServer):
    def handle_error(self, request: Any, client_address: Any) -> None:
        """A client that hung up mid-answer (a browser dropping a beacon or a page it left)
        is not an error of the corpus: only other errors are printed."""
        if not isinstance(sys.exc_info()[1], ConnectionError):
            super().handle_error(request, client_address)


STATIC_CACHE = "public, max-age=600"
NOT_MODIFIED = "(304)"  # the key that counts revalidations answered 304
_COUNTING = threading.Lock()


@contextmanager
def serve_folder(root: Path, any_image: bool = True, counts: Counter[str] | None = None,
                 host: str = "127.0.0.1") -> Iterator[str]:
    """Serve the files under ``root`` (and, with ``any_image``, a PNG for any /img/ path) on
    ``host``, counting each request's path in ``counts``; yield the base URL."""
    handler = partial(_Handler, directory=str(root), counts=counts, any_image=any_image)
    server = _Server(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://{host}:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()


@contextmanager
def serve_corpus(root: Path, pages: int, small: bool = False) -> Iterator[list[str]]:
    """Write the corpus under ``root``, serve it, and yield the page URLs."""
    paths = write_corpus(root, pages, small=small)
    with serve_folder(root) as base:
        yield [base + path for path in paths]
