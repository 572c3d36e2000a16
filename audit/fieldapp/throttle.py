"""Failed logins, counted per user name and client address, and per address alone: after too
many within a window, further attempts are refused until the oldest failure leaves the window,
so passwords cannot be guessed at speed, one name at a time or many names at once.

Kept in memory: one server process (``a11y-audit serve``) sees every attempt made to it.
"""

from __future__ import annotations

import threading
import time
from collections import deque
from collections.abc import Callable

MAX_FAILURES = 5  # per user name and address
MAX_ADDRESS_FAILURES = 50  # per address, whatever the names
WINDOW_S = 15 * 60
_PRUNE_ABOVE = 10_000  # keys kept before expired ones are swept

Key = tuple[str, str]  # (user name folded, or "" for the address alone; client address)


class LoginThrottle:
    def __init__(self, clock: Callable[[], float] = time.monotonic) -> None:
        self.clock = clock
        self._failures: dict[Key, deque[float]] = {}
        self._lock = threading.Lock()

    def wait_s(self, name: str, address: str | None) -> float:
        """Seconds until ``name`` may try again from ``address``; 0 when it may now."""
        with self._lock:
            waits = [self._wait(key, limit) for key, limit in self._keys(name, address)]
        return max(waits)

    def failed(self, name: str, address: str | None) -> None:
        with self._lock:
            now = self.clock()
            for key, _ in self._keys(name, address):
                self._failures.setdefault(key, self._recent(key)).append(now)
            if len(self._failures) > _PRUNE_ABOVE:
                for key in list(self._failures):
                    self._recent(key)

    def succeeded(self, name: str, address: str | None) -> None:
        with self._lock:
            self._failures.pop(self._keys(name, address)[0][0], None)

    @staticmethod
    def _keys(name: str, address: str | None) -> list[tuple[Key, int]]:
        where = address or "?"
        return [((name.strip().casefold(), where), MAX_FAILURES),
                (("", where), MAX_ADDRESS_FAILURES)]

    def _wait(self, key: Key, limit: int) -> float:
        failures = self._recent(key)
        return 0.0 if len(failures) < limit else failures[0] + WINDOW_S - self.clock()

    def _recent(self, key: Key) -> deque[float]:
        """The failures of ``key`` still inside the window; the key is forgotten when none."""
        failures = self._failures.get(key, deque())
        while failures and failures[0] <= self.clock() - WINDOW_S:
            failures.popleft()
        if not failures:
            self._failures.pop(key, None)
        return failures
