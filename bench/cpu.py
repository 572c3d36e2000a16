"""CPU seconds of this process and every process below it (the Playwright driver, the browser
and its renderers), sampled from /proc while a measurement runs: on a shared machine wall
times say little, CPU time is what an idle machine would need, and it is much less moved by
other processes' load."""

from __future__ import annotations

import os
import re
import threading
import time
from collections import defaultdict
from pathlib import Path

_SAMPLE_S = 0.2
_TYPE = re.compile(r"--type=(\S+)")


class TreeCPU:
    """CPU seconds of this process and its descendants while the ``with`` block runs, in all
    and by kind of process (``python``, ``node``, ``browser``, ``renderer``, ``gpu-process``,
    ``utility``, ``zygote`` ...: Chromium's ``--type``). A process that started in the block
    counts whole; one that ends counts up to its last sample (at most 0.2 s lost). The
    sampling thread's own CPU is left out of ``python``."""

    def __init__(self) -> None:
        self._seen: dict[int, float] = {}
        self._kinds: dict[int, str] = {}
        self._before: dict[int, float] = {}
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._sample, daemon=True)
        self._own = 0.0  # the sampling thread's CPU

    def __enter__(self) -> TreeCPU:
        self._before = {pid: seconds for pid, (_, seconds) in self._tree().items()}
        self._kinds = {pid: kind for pid, (kind, _) in self._tree().items()}
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()

    @property
    def seconds(self) -> float:
        return sum(self.by_kind().values())

    def by_kind(self) -> dict[str, float]:
        kinds: dict[str, float] = defaultdict(float)
        for pid, seconds in self._seen.items():
            kinds[self._kinds[pid]] += seconds - self._before.get(pid, 0.0)
        kinds["python"] -= self._own
        return dict(kinds)

    def _sample(self) -> None:
        started = time.thread_time()
        while not self._stop.wait(_SAMPLE_S):
            self._take()
        self._take()
        self._own = time.thread_time() - started

    def _take(self) -> None:
        for pid, (kind, seconds) in self._tree().items():
            if kind != "other" or pid not in self._kinds:  # a process ending shows none
                self._kinds[pid] = kind  # the latest: a forked child shows its parent's first
            self._seen[pid] = max(self._seen.get(pid, 0.0), seconds)

    def _tree(self) -> dict[int, tuple[str, float]]:
        """This process and its descendants: pid -> (kind, CPU seconds so far)."""
        tick = os.sysconf("SC_CLK_TCK")
        processes = _processes()
        return {pid: (kind_of(pid), processes[pid][1] / tick) for pid in tree_pids(processes)}


def tree_pids(processes: dict[int, tuple[int, int]] | None = None) -> list[int]:
    """This process and its descendants, found by parent links (not by pid order: pids wrap
    around on a busy machine)."""
    processes = _processes() if processes is None else processes
    children: dict[int, list[int]] = defaultdict(list)
    for pid, (parent, _) in processes.items():
        children[parent].append(pid)
    found, pending = [], [os.getpid()]
    while pending:
        pid = pending.pop()
        if pid in processes:
            found.append(pid)
            pending += children[pid]
    return found


def _processes() -> dict[int, tuple[int, int]]:
    """pid -> (parent pid, user + system jiffies) of every process."""
    found = {}
    for entry in (p for p in Path("/proc").iterdir() if p.name.isdigit()):
        try:
            fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        found[int(entry.name)] = (int(fields[1]), int(fields[11]) + int(fields[12]))
    return found


def kind_of(pid: int) -> str:
    """``python`` (this process), ``node``, ``browser`` or Chromium's ``--type``."""
    if pid == os.getpid():
        return "python"
    try:
        line = Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode(
            errors="replace")
    except OSError:
        return "other"
    typed = _TYPE.search(line)  # Chromium's children rewrite theirs as one string
    name = os.path.basename(line.split(" ", 1)[0])
    if typed:
        return typed.group(1)
    if name == "node":
        return "node"
    return "browser" if "chrom" in name else name or "other"
