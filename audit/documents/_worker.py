"""The sandboxed worker's side: limit itself, gather the facts of one document, send them.

Runs in a process forked from the forkserver (which imported this module, and with it pikepdf,
PDFium and the Office libraries, once). It sets its own resource limits before it opens the
file: address space (its size at fork plus the memory allowance), CPU seconds, no core dumps,
no files written. It sends JSON (never pickles: the parent must not trust a worker that hostile
input may have subverted), then a PNG thumbnail, then its resource usage.
"""

from __future__ import annotations

import json
import math
import resource
from multiprocessing.connection import Connection
from typing import Any

from audit.documents._budget import Budget, Unreadable, reason
from audit.documents._encryption import legacy_encrypted
from audit.documents._office_facts import gather_office
from audit.documents._pdf_facts import gather_pdf, render_thumbnail
from audit.documents.formats import LEGACY_OFFICE
from audit.documents.sandbox import THUMBNAIL_TAG

SOFT_SHARE = 0.5  # of each time limit (CPU, wall): then stop examining, keep what was found
# A reader that failed while its address space came this close to the limit ran out of memory,
# whatever it says: libxml2 then reports "unknown error", openpyxl "invalid XML".
MEMORY_MARGIN = 16 * 2**20


def run(path: str, kind: str, limits: dict[str, Any], connection: Connection) -> None:
    """The worker process's target: everything it has to say goes through ``connection``."""
    space = None
    try:
        space = _limit(limits)
        budget = Budget(limits["cpu_s"] * SOFT_SHARE, limits["wall_s"] * SOFT_SHARE,
                        limits["max_pages"])
        facts = _gather(path, kind, budget)
        connection.send_bytes(json.dumps({"facts": facts}, ensure_ascii=True).encode())
        if kind == "pdf" and limits["thumbnail_px"]:
            connection.send_bytes(THUMBNAIL_TAG + render_thumbnail(path, limits["thumbnail_px"]))
    except Exception as err:  # noqa: BLE001 - hostile input: any failure is a recorded reason
        _send(connection, {"error": _why(err, path, limits, space)})
    finally:
        usage = resource.getrusage(resource.RUSAGE_SELF)
        _send(connection, {"done": {"peak_rss_kb": usage.ru_maxrss,
                                    "cpu_s": round(usage.ru_utime + usage.ru_stime, 3)}})
        connection.close()


def _why(err: Exception, path: str, limits: dict[str, Any], space: int | None) -> str:
    """What to tell the user about the failure ``err`` reading ``path``."""
    if isinstance(err, MemoryError) or (space and _status_kb("VmPeak:") * 1024 >= space -
                                        MEMORY_MARGIN):
        return (f"reading it needs more than {limits['memory_mb']} MB of memory (the limit for "
                "one document)")
    if isinstance(err, Unreadable):
        return str(err)
    if isinstance(err, RecursionError):
        return "its objects are nested too deeply to read"
    return f"the reader failed: {type(err).__name__}: {reason(err, path)}"


def _gather(path: str, kind: str, budget: Budget) -> dict[str, Any]:
    if kind == "pdf":
        return gather_pdf(path, budget)
    if kind in LEGACY_OFFICE:
        return {"format": kind, "encrypted": legacy_encrypted(path)}
    return gather_office(path, kind, budget)


def _limit(limits: dict[str, Any]) -> int:
    """Set the worker's limits; the address space it may have, in bytes."""
    allowance = int(limits["memory_mb"]) * 2**20
    space = _status_kb("VmSize:") * 1024 + allowance
    resource.setrlimit(resource.RLIMIT_AS, (space, space))
    cpu = math.ceil(limits["cpu_s"])
    resource.setrlimit(resource.RLIMIT_CPU, (cpu, cpu + 5))
    resource.setrlimit(resource.RLIMIT_CORE, (0, 0))
    resource.setrlimit(resource.RLIMIT_FSIZE, (0, 0))
    return space


def _status_kb(key: str) -> int:
    """A size this process's status gives (``VmSize:`` now, as inherited from the forkserver;
    ``VmPeak:`` the most it had), in KiB; 0 when the system does not say."""
    with open("/proc/self/status", encoding="ascii") as status:
        for line in status:
            if line.startswith(key):
                return int(line.split()[1])
    return 0


def _send(connection: Connection, message: dict[str, Any]) -> None:
    try:
        connection.send_bytes(json.dumps(message, ensure_ascii=True).encode())
    except (OSError, ValueError):
        pass  # the parent has gone or given up on us: nothing to tell
