"""A real HTTP server for crawl tests: serves a folder with proper Content-Types, and answers
set per test (status, headers, body) for chosen paths.

- ``__ORIGIN__`` in a served text file becomes ``http://127.0.0.1:PORT``, ``__CROSS__``
  ``http://localhost:PORT`` (another site);
- ``X.gz`` where only ``X`` exists is served as the gzip of ``X`` (``application/gzip``);
- ``site.answer(path, status, body, headers)`` overrides a path; a list of answers is used
  one per request, the last one repeating;
- ``site.hold(path, wait)``: each request of ``path`` is answered once ``wait(headers)``
  returns (a test forces an order of events between two visitors).
"""

from __future__ import annotations

import gzip
import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from email.message import Message
from http.server import BaseHTTPRequestHandler
from pathlib import Path
from urllib.parse import urlsplit

from audit.demo.server import QuietServer

TYPES = {".html": "text/html; charset=utf-8", ".js": "text/javascript", ".xml": "application/xml",
         ".txt": "text/plain; charset=utf-8", ".gz": "application/gzip",
         ".pdf": "application/pdf"}


@dataclass
class Answer:
    status: int = 200
    body: bytes = b""
    headers: dict[str, str] = field(default_factory=dict)


class CrawlSite:
    def __init__(self, root: Path | None = None) -> None:
        self.root = root
        self.requests: list[str] = []  # path?query of each request, in order
        self.user_agents: list[str] = []
        self._answers: dict[str, list[Answer]] = {}
        self._holds: dict[str, Callable[[Message], object]] = {}
        self._lock = threading.Lock()
        self._server = QuietServer(("127.0.0.1", 0), _handler(self))
        self.port = self._server.server_address[1]
        self.origin = f"http://127.0.0.1:{self.port}"
        self._thread = threading.Thread(target=self._server.serve_forever, args=(0.05,),
                                        daemon=True)

    def url(self, path: str) -> str:
        return f"{self.origin}/{path.lstrip('/')}"

    def answer(self, path: str, status: int = 200, body: bytes = b"",
               headers: dict[str, str] | None = None) -> None:
        self.answers(path, [Answer(status, body, headers or {})])

    def answers(self, path: str, answers: Sequence[Answer]) -> None:
        with self._lock:
            self._answers[path] = list(answers)

    def hold(self, path: str, wait: Callable[[Message], object]) -> None:
        with self._lock:
            self._holds[path] = wait

    def hits(self, path: str) -> int:
        return sum(1 for request in self.requests if urlsplit(request).path == path)

    def next_answer(self, path: str) -> Answer | None:
        with self._lock:
            queue = self._answers.get(path)
            if not queue:
                return None
            return queue.pop(0) if len(queue) > 1 else queue[0]

    def __enter__(self) -> CrawlSite:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._server.shutdown()
        self._server.server_close()


def _handler(site: CrawlSite) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def log_message(self, *args: object) -> None:
            pass

        def do_GET(self) -> None:  # noqa: N802 - http.server's naming
            path = urlsplit(self.path).path
            with site._lock:
                site.requests.append(self.path)
                site.user_agents.append(self.headers.get("User-Agent", ""))
            with site._lock:
                wait = site._holds.get(path)
            if wait is not None:
                wait(self.headers)
            answer = site.next_answer(path) or self._static(path)
            self.send_response(answer.status)
            headers = {"Content-Type": "text/html; charset=utf-8", **answer.headers}
            for key, value in headers.items():
                self.send_header(key, value)
            self.send_header("Content-Length", str(len(answer.body)))
            self.end_headers()
            self.wfile.write(answer.body)

        def _static(self, path: str) -> Answer:
            if site.root is None:
                return Answer(404, b"<p>not found</p>")
            root = site.root.resolve()
            file = (root / path.lstrip("/")).resolve()
            if path.endswith("/"):
                file = file / "index.html"
            gzipped = not file.is_file() and file.suffix == ".gz"
            source = file.with_suffix("") if gzipped else file
            if not source.is_file() or root not in source.parents:
                return Answer(404, b"<p>not found</p>")
            body = source.read_bytes()
            if source.suffix in (".html", ".xml", ".txt"):
                body = body.replace(b"__ORIGIN__", site.origin.encode()).replace(
                    b"__CROSS__", f"http://localhost:{site.port}".encode())
            if gzipped:
                body = gzip.compress(body)
            kind = TYPES.get(file.suffix, "application/octet-stream")
            return Answer(200, body, {"Content-Type": kind})

    return Handler
