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

from audit.documents._budget import Budget, Unreadable
from audit.documents._office_facts import gather_office
from audit.documents._pdf_facts import gather_pdf, render_thumbnail
from audit.documents.sandbox import THUMBNAIL_TAG

SOFT_SHARE = 0.5  # of each time limit (CPU, wall): then stop examining, keep what was found


def run(path: str, kind: str, limits: dict[str, Any], connection: Connection) -> None:
    """The worker process's target: everything it has to say goes through ``connection``."""
    try:
        _limit(limits)
        budget = Budget(limits["cpu_s"] * SOFT_SHARE, limits["wall_s"] * SOFT_SHARE,
                        limits["max_pages"])
        facts = _gather(path, kind, budget)
        connection.send_bytes(json.dumps({"facts": facts}, ensure_ascii=True).encode())
        if kind == "pdf" and limits["thumbnail_px"]:
            connection.send_bytes(THUMBNAIL_TAG + render_thumbnail(path, limits["thumbnail_px"]))
    except Unreadable as err:
        _send(connection, {"error": str(err)})
    except MemoryError:
        _send(connection, {"error": f"reading it needs more than {limits['memory_mb']} MB of "
                                    "memory (the limit for one document)"})
    except RecursionError:
        _send(connection, {"error": "its objects are nested too deeply to read"})
    except Exception as err:  # noqa: BLE001 - hostile input: any failure is a recorded reason
        detail = " ".join(str(err).split())[:200]
        _send(connection, {"error": f"the reader failed: {type(err).__name__}: {detail}"})
    finally:
        usage = resource.getrusage(resource.RUSAGE_SELF)
        _send(connection, {"done": {"peak_rss_kb": usage.ru_maxrss,
                                    "cpu_s": round(usage.ru_utime + usage.ru_stime, 3)}})
        connection.close()


def _gather(path: str, kind: str, budget: Budget) -> dict[str, Any]:
    if kind == "pdf":
        return gather_pdf(path, budget)
    return gather_office(path, kind, budget)


def _limit(limits: dict[str, Any]) -> None:
    allowance = int(limits["memory_mb"]) * 2**20
    space = _address_space() + allowance
    resource.setrlimit(resource.RLIMIT_AS, (space, space))
    cpu = math.ceil(limits["cpu_s"])
    resource.setrlimit(resource.RLIMIT_CPU, (cpu, cpu + 5))
    resource.setrlimit(resource.RLIMIT_CORE, (0, 0))
    resource.setrlimit(resource.RLIMIT_FSIZE, (0, 0))


def _address_space() -> int:
    """This process's virtual size now (what it inherited from the forkserver)."""
    with open("/proc/self/status", encoding="ascii") as status:
        for line in status:
            if line.startswith("VmSize:"):
                return int(line.split()[1]) * 1024
    return 0


def _send(connection: Connection, message: dict[str, Any]) -> None:
    try:
        connection.send_bytes(json.dumps(message, ensure_ascii=True).encode())
    except (OSError, ValueError):
        pass  # the parent has gone or given up on us: nothing to tell
