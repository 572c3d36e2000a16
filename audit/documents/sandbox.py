"""Reading an untrusted document in a separate process with limits on time and memory.

Each document is read by a fresh process forked from a forkserver that has the readers
imported already (so a document costs a fork, not a Python start). The worker limits its own
address space and CPU time before it opens the file (``audit.documents._worker``); the parent
waits at most ``wall_s`` and kills it after that. Whatever happens — the reader raises, runs
out of memory, crashes on a signal, hangs — the answer is a ``Gathered`` with the facts or the
reason, never an exception, so a crawl records the document and goes on.

Messages from the worker are JSON and a PNG, bounded in size; the parent unpickles nothing.
"""

from __future__ import annotations

import importlib
import json
import multiprocessing
import signal
import time
from dataclasses import asdict, dataclass
from functools import cache
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Any

MAX_MESSAGE = 64 * 1024 * 1024  # bytes of facts (a 5,000-page PDF needs about 1 MB)
MAX_THUMBNAIL = 2 * 1024 * 1024
_POLL_S = 0.5
_PNG = b"\x89PNG\r\n\x1a\n"
THUMBNAIL_TAG = b"PNG:"  # a message of the worker that is the thumbnail, not JSON
# The readers (pikepdf, openpyxl, python-docx, python-pptx, ...): imported by the forkserver,
# which every worker is forked from, and not by the process that only waits for them (every
# command line start imports this module).
_WORKER = "audit.documents._worker"


@dataclass(frozen=True)
class Limits:
    """What one document may cost. The time limits hold for each document on its own; pages
    beyond ``max_pages`` are not examined (the result says how many were)."""

    memory_mb: int = 1024
    cpu_s: float = 120.0
    wall_s: float = 180.0
    max_pages: int = 2000
    thumbnail_px: int = 180  # width of the first-page thumbnail (PDF); 0 for none


@dataclass
class Gathered:
    """The facts of a document, or why there are none; and what reading it cost."""

    facts: dict[str, Any] | None = None
    error: str | None = None
    thumbnail: bytes | None = None
    peak_rss_kb: int | None = None
    cpu_s: float | None = None
    wall_s: float = 0.0


def gather(path: Path, kind: str, limits: Limits) -> Gathered:
    """Read the document at ``path`` (a ``kind`` that formats.CHECKED_FORMATS names, an
    encrypted package's, or formats.LEGACY_OFFICE's: then whether it is password-protected)
    in a sandboxed worker. Blocking: from async code, run it in a thread."""
    started = time.monotonic()
    context = _context()
    receiver, sender = context.Pipe(duplex=False)
    worker = context.Process(target=_run, args=(str(path), kind, asdict(limits), sender),
                             name="a11y-audit-document", daemon=True)
    worker.start()
    sender.close()
    result = Gathered()
    timed_out = False
    try:
        timed_out = not _collect(receiver, worker, result, started + limits.wall_s)
    finally:
        if worker.is_alive():
            worker.kill()
        worker.join(10)
        receiver.close()
    result.wall_s = round(time.monotonic() - started, 3)
    if result.facts is None and result.error is None:
        result.error = _why_it_stopped(worker.exitcode, timed_out, limits)
    return result


def _run(*args: Any) -> None:
    """The worker process's target (in the forkserver's child, the readers imported already)."""
    importlib.import_module(_WORKER).run(*args)


@cache
def _context() -> Any:
    context = multiprocessing.get_context("forkserver")
    context.set_forkserver_preload([_WORKER])
    return context


def _collect(receiver: Connection, worker: Any, result: Gathered, deadline: float) -> bool:
    """Take the worker's messages until it is done or gone; False when time ran out."""
    while True:
        left = deadline - time.monotonic()
        if left <= 0:
            return False
        if not receiver.poll(min(left, _POLL_S)):
            if not worker.is_alive() and not receiver.poll(0):
                return True
            continue
        try:
            data = receiver.recv_bytes(MAX_MESSAGE)
        except (EOFError, OSError):
            return True  # the worker closed its end (done, or died)
        if _take(data, result):
            return True


def _take(data: bytes, result: Gathered) -> bool:
    """Record one message; True when it was the last."""
    if data.startswith(THUMBNAIL_TAG):
        image = data[len(THUMBNAIL_TAG):]
        if image.startswith(_PNG) and len(image) <= MAX_THUMBNAIL:
            result.thumbnail = image
        return False
    try:
        message = json.loads(data)
    except ValueError:
        result.error = result.error or "the reader sent something that is not a result"
        return False
    if not isinstance(message, dict):
        return False
    if isinstance(message.get("facts"), dict):
        result.facts = message["facts"]
    elif isinstance(message.get("error"), str):
        result.error = message["error"][:500]
    done = message.get("done")
    if isinstance(done, dict):
        result.peak_rss_kb = _number(done.get("peak_rss_kb"))
        result.cpu_s = _number(done.get("cpu_s"))
        return True
    return False


def _why_it_stopped(exitcode: int | None, timed_out: bool, limits: Limits) -> str:
    if timed_out:
        return f"reading it took longer than {limits.wall_s:g} s (the limit for one document)"
    if exitcode is not None and exitcode < 0:
        number = -exitcode
        if number == signal.SIGXCPU:
            return (f"reading it used more than {limits.cpu_s:g} s of CPU time (the limit for "
                    "one document)")
        if number == signal.SIGKILL:
            return (f"the reader was killed (most likely out of memory beyond "
                    f"{limits.memory_mb} MB)")
        return f"the reader crashed ({signal.Signals(number).name})" if number in set(
            signal.Signals) else f"the reader crashed (signal {number})"
    return f"the reader stopped without a result (exit code {exitcode})"


def _number(value: Any) -> Any:
    return value if isinstance(value, int | float) and not isinstance(value, bool) else None
