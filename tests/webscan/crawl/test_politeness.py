from __future__ import annotations

import asyncio
import time
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime

import pytest

from audit.webscan.crawl.politeness import HostLimiter, host_key


async def _requests(limiter: HostLimiter, urls: list[str], hold_s: float) -> dict:
    """Run one fake request per URL; the peak concurrency per host and the start times."""
    active: dict[str, int] = {}
    peak: dict[str, int] = {}
    starts: list[tuple[str, float]] = []

    async def one(url: str) -> None:
        async with limiter.slot(url):
            host = host_key(url)
            starts.append((host, time.monotonic()))
            active[host] = active.get(host, 0) + 1
            peak[host] = max(peak.get(host, 0), active[host])
            await asyncio.sleep(hold_s)
            active[host] -= 1

    await asyncio.gather(*(one(url) for url in urls))
    return {"peak": peak, "starts": starts}


def test_at_most_n_requests_per_host_at_once():
    limiter = HostLimiter(per_host=2)
    urls = [f"http://a.cn/{n}" for n in range(6)] + [f"http://b.cn:8080/{n}" for n in range(3)]
    result = asyncio.run(_requests(limiter, urls, hold_s=0.05))
    assert result["peak"] == {"a.cn": 2, "b.cn:8080": 2}


def test_one_per_host_serialises():
    started = time.monotonic()
    result = asyncio.run(_requests(HostLimiter(per_host=1), ["http://a.cn/1", "http://a.cn/2",
                                                             "http://a.cn/3"], hold_s=0.05))
    assert result["peak"] == {"a.cn": 1}
    assert time.monotonic() - started >= 0.15


def test_delay_spaces_the_starts_of_requests_to_one_host():
    limiter = HostLimiter(per_host=4, delay_s=0.1)
    result = asyncio.run(_requests(limiter, [f"http://a.cn/{n}" for n in range(4)], 0))
    times = [at for _, at in result["starts"]]
    gaps = [later - earlier for earlier, later in zip(times, times[1:], strict=False)]
    assert all(gap >= 0.095 for gap in gaps), gaps


def test_robots_crawl_delay_wins_when_larger_and_is_capped():
    limiter = HostLimiter(delay_s=0.5, max_delay_s=30)
    limiter.set_crawl_delay("http://a.cn/", 2)
    limiter.set_crawl_delay("http://b.cn/", 0.1)
    limiter.set_crawl_delay("http://c.cn/", 3600)
    assert limiter.delay_for("http://a.cn/x") == 2
    assert limiter.delay_for("http://b.cn/x") == 0.5
    assert limiter.delay_for("http://c.cn/x") == 30
    assert limiter.delay_for("http://d.cn/x") == 0.5


def test_429_backs_off_exponentially_and_success_resets():
    limiter = HostLimiter(base_backoff_s=1, max_backoff_s=5)
    url = "http://a.cn/p"
    assert [limiter.report(url, 429) for _ in range(4)] == [1, 2, 4, 5]
    assert limiter.report(url, 200) == 0
    assert limiter.report(url, 503) == 1
    assert limiter.report("http://b.cn/", 500) == 0  # only 429 and 503 ask us to slow down


@pytest.mark.parametrize(("header", "expected"), [("7", 7), ("120", 60), ("soon", 1)])
def test_retry_after_seconds_are_respected_and_capped(header, expected):
    limiter = HostLimiter(base_backoff_s=1, max_backoff_s=60)
    assert limiter.report("http://a.cn/", 429, header) == expected


def test_retry_after_as_an_http_date():
    limiter = HostLimiter(max_backoff_s=60)
    when = format_datetime(datetime.now(UTC) + timedelta(seconds=30), usegmt=True)
    assert 28 <= limiter.report("http://a.cn/", 503, when) <= 30


def test_a_host_backing_off_waits_others_do_not():
    """Timed by the limiter's own clock (a fake one: a busy machine stretches real time): the
    other host's request goes in while the one backing off sleeps, which sleeps its back-off."""
    now = [1000.0]
    slept: list[float] = []
    entered: list[tuple[str, float]] = []

    async def sleep(seconds: float) -> None:
        slept.append(seconds)
        await asyncio.sleep(0)  # the other requests run meanwhile, at this same moment
        now[0] += seconds

    limiter = HostLimiter(per_host=2, base_backoff_s=0.3, clock=lambda: now[0], sleep=sleep)

    async def scenario() -> None:
        limiter.report("http://slow.cn/", 429)

        async def one(url: str) -> None:
            async with limiter.slot(url):
                entered.append((url, now[0] - 1000.0))

        await asyncio.gather(one("http://slow.cn/a"), one("http://fast.cn/a"))

    asyncio.run(scenario())
    assert entered == [("http://fast.cn/a", 0.0), ("http://slow.cn/a", pytest.approx(0.3))]
    assert slept == [pytest.approx(0.3)]
    assert limiter.backing_off("http://slow.cn/") == 0


def test_fake_clock_and_sleep_make_long_back_offs_testable():
    now = [1000.0]
    slept: list[float] = []

    async def sleep(seconds: float) -> None:
        slept.append(seconds)
        now[0] += seconds

    limiter = HostLimiter(clock=lambda: now[0], sleep=sleep, max_backoff_s=60)

    async def scenario() -> None:
        limiter.report("http://a.cn/", 429, "45")
        async with limiter.slot("http://a.cn/1"):
            pass

    asyncio.run(scenario())
    assert slept == [45.0]


def test_per_host_must_be_positive():
    with pytest.raises(ValueError):
        HostLimiter(per_host=0)
