"""Politeness towards each host: few requests at a time, spaced out, backing off when asked.

``HostLimiter`` keeps, per host (``host[:port]``):

- at most ``per_host`` requests at once (default 2);
- at least ``delay_s`` between the starts of two requests, or the host's robots.txt
  ``Crawl-delay`` when that is larger (capped at ``max_delay_s``: a site asking for an hour
  between pages would never be audited);
- after a 429 or 503 answer, no new request until the back-off has passed: the server's
  ``Retry-After`` (seconds or an HTTP date) when given, else ``base_backoff_s`` doubled on
  each answer in a row, capped at ``max_backoff_s`` either way. Any other answer resets it.

    async with limiter.slot(url):
        status = ...  # the request
    limiter.report(url, status, retry_after_header)
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from urllib.parse import urlsplit

BACK_OFF_STATUSES = frozenset({429, 503})


@dataclass
class _Host:
    slots: asyncio.Semaphore
    crawl_delay_s: float = 0.0
    next_start: float = 0.0
    backoff_until: float = 0.0
    failures: int = 0


class HostLimiter:
    def __init__(self, per_host: int = 2, delay_s: float = 0.0, *,
                 base_backoff_s: float = 1.0, max_backoff_s: float = 60.0,
                 max_delay_s: float = 30.0,
                 clock: Callable[[], float] = time.monotonic,
                 sleep: Callable[[float], Awaitable[None]] = asyncio.sleep) -> None:
        if per_host < 1:
            raise ValueError("per_host must be 1 or more")
        self.per_host = per_host
        self.delay_s = delay_s
        self.base_backoff_s = base_backoff_s
        self.max_backoff_s = max_backoff_s
        self.max_delay_s = max_delay_s
        self._clock = clock
        self._sleep = sleep
        self._hosts: dict[str, _Host] = {}

    def set_crawl_delay(self, url: str, seconds: float | None) -> None:
        """The robots.txt ``Crawl-delay`` of ``url``'s host (used when above ``delay_s``)."""
        self._host(url).crawl_delay_s = max(0.0, seconds or 0.0)

    def delay_for(self, url: str) -> float:
        return min(max(self.delay_s, self._host(url).crawl_delay_s), self.max_delay_s)

    @asynccontextmanager
    async def slot(self, url: str) -> AsyncIterator[None]:
        """Hold one of the host's request slots, once its delay and back-off have passed."""
        host = self._host(url)
        async with host.slots:
            while (wait := max(host.next_start, host.backoff_until) - self._clock()) > 0:
                await self._sleep(wait)
            host.next_start = self._clock() + self.delay_for(url)
            yield

    def report(self, url: str, status: int | None, retry_after: str | None = None) -> float:
        """Tell how the host answered; the back-off now in force for it, in seconds."""
        host = self._host(url)
        if status not in BACK_OFF_STATUSES:
            host.failures = 0
            return 0.0
        host.failures += 1
        wait = retry_after_s(retry_after)
        if wait is None:
            wait = self.base_backoff_s * 2 ** (host.failures - 1)
        wait = min(wait, self.max_backoff_s)
        host.backoff_until = max(host.backoff_until, self._clock() + wait)
        return wait

    def backing_off(self, url: str) -> float:
        """Seconds left of the host's back-off (0 when none)."""
        return max(0.0, self._host(url).backoff_until - self._clock())

    def _host(self, url: str) -> _Host:
        key = host_key(url)
        if key not in self._hosts:
            self._hosts[key] = _Host(asyncio.Semaphore(self.per_host))
        return self._hosts[key]


def host_key(url: str) -> str:
    """``host[:port]`` of ``url``, lower-case, without user info."""
    return urlsplit(url).netloc.rsplit("@", 1)[-1].lower()


def retry_after_s(value: str | None) -> float | None:
    """Seconds a ``Retry-After`` header asks for (seconds or an HTTP date); None if unreadable."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return max(0.0, (when - datetime.now(UTC)).total_seconds())
