"""The per-host limits in Redis hold for several limiters (workers) together."""

from __future__ import annotations

import asyncio
import secrets

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
    """The holder moves its lease on (every ``lease_s / 3``) for as long as it holds the slot:
    seen on the Redis server, where the lease is decided. (Another worker polling meanwhile
    got in whenever a busy machine held the renewal back for more than the 0.3 s lease;
    that others are kept out of a held slot is test_slots_are_shared_by_all_workers.)"""
    holder = RedisHostLimiter(client, per_host=1, lease_s=0.3)
    slots = _keys(url)[0]
    expiries: list[float] = []

    async def hold() -> None:
        async with holder.slot(url):
            [(token, expiry)] = client.zrange(slots, 0, -1, withscores=True)
            expiries.append(expiry)
            while len(expiries) < 3:  # renewed twice: past its first lease
                await asyncio.sleep(0.02)
                if (expiry := client.zscore(slots, token)) != expiries[-1]:
                    expiries.append(expiry)

    asyncio.run(asyncio.wait_for(hold(), 30))
    assert expiries == sorted(expiries) and len(set(expiries)) == 3
    assert client.zcard(slots) == 0  # and released at the end


def test_back_off_reported_by_one_worker_holds_for_the_others(client, url):
    """Timed by the Redis server's clock, as the limiters are (the test's own clock runs on
    while a busy machine holds it back between two calls)."""
    one, other = RedisHostLimiter(client, base_backoff_s=0.3), RedisHostLimiter(client)
    state = _keys(url)[1]
    assert one.report(url, 429) == pytest.approx(0.3)
    before = _server_time(client)
    assert one.report(url, 503) == pytest.approx(0.6)  # doubled on the next in a row
    until = float(client.hget(state, "backoff_until"))
    assert until >= before + 0.6 - 1e-6
    # the other worker reads the same back-off: what is left of it between these two times
    before = _server_time(client)
    left = other.backing_off(url)
    after = _server_time(client)
    assert max(0.0, until - after) - 1e-6 <= left <= max(0.0, until - before) + 1e-6
    before = _server_time(client)
    assert one.report(url, 503, "1") == pytest.approx(1.0)  # Retry-After wins
    until = float(client.hget(state, "backoff_until"))
    assert until >= before + 1.0 - 1e-6

    async def enter() -> float:
        async with other.slot(url):
            return _server_time(client)

    assert asyncio.run(enter()) >= until - 1e-6
    other.report(url, 200)
    assert one.report(url, 429) == pytest.approx(0.3)  # the run of failures was reset


def test_a_slot_held_by_a_dead_worker_expires(client, url):
    dead = RedisHostLimiter(client, per_host=1, lease_s=0.5)
    # What ``slot`` does first; the release never comes: the worker "died".
    assert dead._acquire(keys=list(_keys(url)), args=["dead", 1, 0.5, 0]) == b"0"
    expires = client.zscore(_keys(url)[0], "dead")

    async def enter() -> float:
        async with RedisHostLimiter(client, per_host=1).slot(url):
            return _server_time(client)

    # in once the lease has run out (by the server's clock), not before; 30 s bounds a hang
    assert asyncio.run(asyncio.wait_for(enter(), 30)) >= expires - 1e-6


def _server_time(client: redis.Redis) -> float:
    seconds, microseconds = client.time()
    return seconds + microseconds / 1e6
