"""What a gatherer may spend on one document, and how it says it cannot read one."""

from __future__ import annotations

import time
from dataclasses import dataclass, field


class Unreadable(Exception):
    """The document cannot be read at all; ``str()`` says why, for the user."""


@dataclass
class Budget:
    """Soft time limits (the gatherer stops examining more and keeps what it has, before a
    hard limit kills it) and the most pages to examine.

    CPU time and wall time are each held to their own limit, as the hard limits are: on a
    busy machine the wall clock runs on while the gatherer waits for a core, so a wall-clock
    budget alone would examine less of the same document the busier the machine is."""

    cpu_seconds: float
    wall_seconds: float
    max_pages: int
    cpu_started: float = field(default_factory=time.process_time)
    wall_started: float = field(default_factory=time.monotonic)

    def spent(self) -> bool:
        return (time.process_time() - self.cpu_started >= self.cpu_seconds
                or time.monotonic() - self.wall_started >= self.wall_seconds)


def reason(err: BaseException, path: str) -> str:
    """The reader's message, short and without the worker's file path (a temporary name, of
    no use to anyone and not to be kept in records)."""
    text = " ".join(str(err).replace(f"{path}: ", "").replace(path, "the file").split())
    return text[:200] or type(err).__name__
