"""What a gatherer may spend on one document, and how it says it cannot read one."""

from __future__ import annotations

import time
from dataclasses import dataclass, field


class Unreadable(Exception):
    """The document cannot be read at all; ``str()`` says why, for the user."""


@dataclass
class Budget:
    """A soft time limit (the gatherer stops examining more and keeps what it has, before the
    hard limit kills it) and the most pages to examine."""

    seconds: float
    max_pages: int
    started: float = field(default_factory=time.monotonic)

    def spent(self) -> bool:
        return time.monotonic() - self.started >= self.seconds
