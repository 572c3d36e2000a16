"""robots.txt: fetched once per origin, parsed with protego, asked before any page is opened.

What an answer for ``/robots.txt`` means (RFC 9309 and Google's documented practice):

- 2xx: the file's rules apply (the first 500 KiB are read, as Google does; a UTF-8
  byte-order mark, as Windows Notepad writes, is ignored as Google ignores it);
- 4xx other than 429, including 401 and 403: no usable file, everything is allowed
  (RFC 9309 section 2.3.1.3; Google reads 401/403 the same way);
- 429 and 5xx: the server is in trouble, everything is disallowed for this crawl (RFC 9309
  section 2.3.1.4); the note says so, and ``ignore_robots`` is the way out for a site you own;
- no answer at all (DNS, refused, timeout): everything is allowed — the pages themselves will
  fail with a clear error if the host really is down.

With ``ignore_robots`` every URL is allowed and no crawl delay is taken from the file, but the
file is still read for its ``Sitemap:`` lines.
"""

from __future__ import annotations

import asyncio
from collections.abc import Iterable
from dataclasses import dataclass
from urllib.parse import urlsplit

from protego import Protego

from audit.webscan.crawl.fetch import ROBOTS_TOKEN, USER_AGENT, fetch
from audit.webscan.crawl.politeness import HostLimiter

MAX_ROBOTS_BYTES = 500 * 1024


@dataclass(frozen=True)
class RobotsRules:
    """The robots.txt of one origin."""

    origin: str
    parser: Protego | None = None  # None: no rules (everything allowed, or see disallow_all)
    disallow_all: bool = False
    note: str | None = None        # why the file was not used as it is, for the user

    @classmethod
    def parse(cls, origin: str, text: str) -> RobotsRules:
        return cls(origin, Protego.parse(text))

    def allowed(self, url: str, user_agent: str = ROBOTS_TOKEN) -> bool:
        if self.disallow_all:
            return False
        return self.parser is None or bool(self.parser.can_fetch(url, user_agent))

    def sitemaps(self) -> list[str]:
        return list(self.parser.sitemaps) if self.parser else []

    def crawl_delay(self, user_agent: str = ROBOTS_TOKEN) -> float | None:
        delay = self.parser.crawl_delay(user_agent) if self.parser else None
        return float(delay) if delay is not None else None


def origin_of(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme.lower()}://{parts.netloc.rsplit('@', 1)[-1].lower()}"


def rules_from_answer(origin: str, status: int | None, body: bytes,
                      error: str | None = None) -> RobotsRules:
    """How an answer for ``origin``/robots.txt is read (see the module docstring)."""
    where = f"{origin}/robots.txt"
    if status is None:
        return RobotsRules(origin, note=f"{where} could not be fetched ({error}); "
                                        "everything allowed")
    if 200 <= status < 300:
        return RobotsRules.parse(origin, body[:MAX_ROBOTS_BYTES].decode("utf-8-sig", "replace"))
    if status == 429 or status >= 500:
        return RobotsRules(origin, disallow_all=True,
                           note=f"{where} answered HTTP {status}: everything disallowed "
                                "(RFC 9309); use --ignore-robots for a site you own")
    return RobotsRules(origin)  # 3xx left over after redirects, 4xx: no rules


class RobotsCache:
    """robots.txt per origin for one crawl: ``await load(url)`` before ``allowed(url)``."""

    def __init__(self, *, ignore_robots: bool = False, user_agent: str = ROBOTS_TOKEN,
                 timeout_s: float = 10.0, limiter: HostLimiter | None = None) -> None:
        self.ignore_robots = ignore_robots
        self.user_agent = user_agent
        self.timeout_s = timeout_s
        self.limiter = limiter
        self._rules: dict[str, RobotsRules] = {}
        self._loading: dict[str, asyncio.Task[RobotsRules]] = {}

    async def load(self, url: str) -> RobotsRules:
        """The rules of ``url``'s origin, fetched on first use (concurrent calls share it)."""
        origin = origin_of(url)
        if origin in self._rules:
            return self._rules[origin]
        if origin not in self._loading:
            self._loading[origin] = asyncio.ensure_future(self._fetch(origin))
        rules = await self._loading[origin]
        self._rules[origin] = rules
        self._loading.pop(origin, None)
        if self.limiter is not None and not self.ignore_robots:
            self.limiter.set_crawl_delay(url, rules.crawl_delay(self.user_agent))
        return rules

    async def load_all(self, urls: Iterable[str]) -> list[RobotsRules]:
        origins = dict.fromkeys(origin_of(url) for url in urls)
        return list(await asyncio.gather(*(self.load(origin) for origin in origins)))

    async def check(self, url: str) -> bool:
        """Load if need be, then ``allowed``."""
        await self.load(url)
        return self.allowed(url)

    def allowed(self, url: str) -> bool:
        """Whether robots.txt lets us open ``url``; LookupError if its origin is not loaded."""
        if self.ignore_robots:
            return True
        return self.rules(url).allowed(url, self.user_agent)

    def rules(self, url: str) -> RobotsRules:
        origin = origin_of(url)
        if origin not in self._rules:
            raise LookupError(f"robots.txt of {origin} was not loaded; await load() first")
        return self._rules[origin]

    def sitemaps(self) -> list[str]:
        """``Sitemap:`` lines of every robots.txt loaded so far, in order, once each."""
        return list(dict.fromkeys(s for rules in self._rules.values() for s in rules.sitemaps()))

    def notes(self) -> list[str]:
        return [rules.note for rules in self._rules.values() if rules.note]

    async def _fetch(self, origin: str) -> RobotsRules:
        answer = await fetch(f"{origin}/robots.txt", timeout_s=self.timeout_s,
                             max_bytes=MAX_ROBOTS_BYTES, user_agent=USER_AGENT,
                             limiter=self.limiter)
        return rules_from_answer(origin, answer.status, answer.body, answer.error)
