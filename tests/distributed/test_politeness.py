"""The per-host limits in Redis hold for several limiters (workers) together."""

from __future__ import annotations

import asyncio
import secrets
import time

import pytest
import redis

from audit.distributed.politeness import RedisHostLimiter, _keys


@pytest.fixture
def client(redis_url):
    with redis.Redis.from_url(redis_url) as opened:
        yield opened


@pytest.fixture
def url():
    return f"http://h{secrets.token_hex(4)}.test:8080/page.html"


def test_slots_are_shared_by_all_workers(client, url):
    workers = [RedisHostLimiter(client, per_host=2) for _ in range(3)]
    running, peak = 0, 0

    async def request(limiter: RedisHostLimiter) -> None:
        nonlocal running, peak
        async with limiter.slot(url):
            running += 1
            peak = max(peak, running)
            await asyncio.sleep(0.1)
            running -= 1

    async def main() -> None:
        await asyncio.gather(*(request(workers[n % 3]) for n in range(9)))

    asyncio.run(main())
    assert peak == 2


def test_delay_spaces_the_starts_across_workers(client, url):
    """The starts are read where the limiter decides them, on the Redis server's clock: a slot's
    score is its start plus its lease. Each request holds its slot until all four have started,
    so every score is still there to read (no client-side timing, nothing that load can skew)."""
    lease_s = 60.0
    workers = [RedisHostLimiter(client, per_host=5, delay_s=0.15, lease_s=lease_s)
               for _ in range(2)]
    started, all_started = 0, asyncio.Event()
    scores: list[float] = []

    async def request(limiter: RedisHostLimiter) -> None:
        nonlocal started
        async with limiter.slot(url):
            started += 1
            if started == 4:
                scores.extend(score for _, score in client.zrange(
                    _keys(url)[0], 0, -1, withscores=True))
                all_started.set()
            await all_started.wait()

    async def main() -> None:
        await asyncio.gather(*(request(workers[n % 2]) for n in range(4)))

    asyncio.run(main())
    starts = sorted(score - lease_s for score in scores)
    assert len(starts) == 4
    assert min(b - a for a, b in zip(starts, starts[1:], strict=False)) >= 0.15 - 1e-6


def test_a_slot_held_longer_than_its_lease_is_renewed(client, url):
    workers = [RedisHostLimiter(client, per_host=1, lease_s=0.3) for _ in range(2)]
    running, peak = 0, 0

    async def request(limiter: RedisHostLimiter) -> None:
        nonlocal running, peak
        async with limiter.slot(url):
            running += 1
            peak = max(peak, running)
            await asyncio.sleep(0.8)  # well past the lease
            running -= 1

    async def main() -> None:
        await asyncio.gather(*(request(limiter) for limiter in workers))

    asyncio.run(main())
    assert peak == 1


def test_back_off_reported_by_one_worker_holds_for_the_others(client, url):
    one, other = RedisHostLimiter(client, base_backoff_s=0.3), RedisHostLimiter(client)
    assert one.report(url, 429) == pytest.approx(0.3)
    assert one.report(url, 503) == pytest.approx(0.6)  # doubled on the next in a row
    assert 0.4 < other.backing_off(url) <= 0.6
    assert one.report(url, 503, "1") == pytest.approx(1.0)  # Retry-After wins

    async def wait() -> float:
        started = time.monotonic()
        async with other.slot(url):
            return time.monotonic() - started

    assert asyncio.run(wait()) >= 0.9
    other.report(url, 200)
    assert one.report(url, 429) == pytest.approx(0.3)  # the run of failures was reset


def test_a_slot_held_by_a_dead_worker_expires(client, url):
    dead = RedisHostLimiter(client, per_host=1, lease_s=0.5)
    # What ``slot`` does first; the release never comes: the worker "died".
    assert dead._acquire(keys=list(_keys(url)), args=["dead", 1, 0.5, 0]) == b"0"

    async def wait() -> float:
        started = time.monotonic()
        async with RedisHostLimiter(client, per_host=1).slot(url):
            return time.monotonic() - started

    waited = asyncio.run(wait())
    assert 0.3 <= waited < 2.0
