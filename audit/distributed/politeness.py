"""Per-host politeness shared by every worker: ``HostLimiter``'s rules, kept in Redis.

Each host (``host[:port]``) has two keys:

- ``a11y:host:<host>:slots``, a sorted set of the requests under way, scored by when their
  lease expires; a holder renews its lease every ``lease_s / 3`` while it works, so a worker
  that dies holding a slot frees it within ``lease_s``, however long pages take;
- ``a11y:host:<host>:state``, a hash with ``next_start`` (the delay between two starts),
  ``backoff_until`` (after a 429 or 503) and ``failures`` (answers of that kind in a row).

Taking a slot is one Lua script, atomic on the server and timed by the server's clock, so the
limits hold for all workers together whatever their clocks say. A worker that finds the host
busy polls again after a short sleep; one that must wait for a delay or back-off sleeps that long.
"""

from __future__ import annotations

import asyncio
import secrets
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from redis import Redis

from audit.webscan.crawl.politeness import BACK_OFF_STATUSES, HostLimiter, host_key, retry_after_s

_PREFIX = "a11y:host:"
_POLL_S = 0.05

_NOW = "local t = redis.call('TIME') local now = tonumber(t[1]) + tonumber(t[2]) / 1e6 "

# KEYS: slots, state. ARGV: token, per_host, slot_ttl_s, delay_s.
# Returns "0" when the slot was taken, "-1" when all slots are busy, else seconds to wait.
_ACQUIRE = _NOW + """
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now)
local state = redis.call('HMGET', KEYS[2], 'next_start', 'backoff_until')
local wait = math.max(tonumber(state[1] or '0'), tonumber(state[2] or '0')) - now
if wait > 0 then return tostring(wait) end
if redis.call('ZCARD', KEYS[1]) >= tonumber(ARGV[2]) then return '-1' end
local ttl = tonumber(ARGV[3])
redis.call('ZADD', KEYS[1], now + ttl, ARGV[1])
redis.call('HSET', KEYS[2], 'next_start', now + tonumber(ARGV[4]))
redis.call('EXPIRE', KEYS[1], math.ceil(ttl) + 60)
redis.call('EXPIRE', KEYS[2], math.ceil(ttl) + 3600)
return '0'
"""

# KEYS: slots. ARGV: token, lease_s. Extends a held slot's lease (no-op once it expired).
_RENEW = _NOW + """
redis.call('ZADD', KEYS[1], 'XX', now + tonumber(ARGV[2]), ARGV[1])
return 0
"""

# KEYS: state. ARGV: base_backoff_s, max_backoff_s, retry_after_s (negative: none).
# Returns the back-off now in force, in seconds.
_BACK_OFF = _NOW + """
local failures = redis.call('HINCRBY', KEYS[1], 'failures', 1)
local wait = tonumber(ARGV[3])
if wait < 0 then wait = tonumber(ARGV[1]) * 2 ^ (failures - 1) end
wait = math.min(wait, tonumber(ARGV[2]))
local current = tonumber(redis.call('HGET', KEYS[1], 'backoff_until') or '0')
if now + wait > current then redis.call('HSET', KEYS[1], 'backoff_until', now + wait) end
redis.call('EXPIRE', KEYS[1], 3600 + math.ceil(wait))
return tostring(wait)
"""

# KEYS: state. Returns the seconds of back-off left.
_BACKING_OFF = _NOW + """
local until_ = tonumber(redis.call('HGET', KEYS[1], 'backoff_until') or '0')
return tostring(math.max(0, until_ - now))
"""


class RedisHostLimiter(HostLimiter):
    """``HostLimiter`` whose slots, delays and back-offs are shared through Redis."""

    def __init__(self, redis: Redis, per_host: int = 2, delay_s: float = 0.0, *,
                 lease_s: float = 15.0, base_backoff_s: float = 1.0,
                 max_backoff_s: float = 60.0, max_delay_s: float = 30.0) -> None:
        super().__init__(per_host, delay_s, base_backoff_s=base_backoff_s,
                         max_backoff_s=max_backoff_s, max_delay_s=max_delay_s)
        self.redis = redis
        self.lease_s = lease_s
        self._acquire = redis.register_script(_ACQUIRE)
        self._back_off = redis.register_script(_BACK_OFF)
        self._backing_off = redis.register_script(_BACKING_OFF)
        self._renew = redis.register_script(_RENEW)

    @asynccontextmanager
    async def slot(self, url: str) -> AsyncIterator[None]:
        slots, state = _keys(url)
        token = secrets.token_hex(8)
        while (wait := float(self._acquire(keys=[slots, state], args=[
                token, self.per_host, self.lease_s, self.delay_for(url)]))) != 0:
            await asyncio.sleep(_POLL_S if wait < 0 else wait)
        renewing = asyncio.ensure_future(self._keep(slots, token))
        try:
            yield
        finally:
            renewing.cancel()
            self.redis.zrem(slots, token)

    async def _keep(self, slots: str, token: str) -> None:
        while True:
            await asyncio.sleep(self.lease_s / 3)
            self._renew(keys=[slots], args=[token, self.lease_s])

    def report(self, url: str, status: int | None, retry_after: str | None = None) -> float:
        _, state = _keys(url)
        if status not in BACK_OFF_STATUSES:
            if self.redis.hget(state, "failures") not in (None, b"0"):
                self.redis.hset(state, "failures", 0)
            return 0.0
        given = retry_after_s(retry_after)
        return float(self._back_off(keys=[state], args=[
            self.base_backoff_s, self.max_backoff_s, -1 if given is None else given]))

    def backing_off(self, url: str) -> float:
        return float(self._backing_off(keys=[_keys(url)[1]]))


def _keys(url: str) -> tuple[str, str]:
    host = host_key(url)
    return f"{_PREFIX}{host}:slots", f"{_PREFIX}{host}:state"
