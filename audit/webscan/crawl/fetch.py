"""A small HTTP GET for robots.txt and sitemaps: standard library, in a thread, bounded.

Never raises for HTTP or network trouble: the answer carries the status (None when there
was no answer) and a sentence saying what went wrong. Only http(s) URLs are fetched (urllib
would open ``file:`` too); redirects are followed to http(s) only (urllib's limit of 10),
proxies from the environment are honoured, bodies are cut at ``max_bytes``.
"""

from __future__ import annotations

import asyncio
import http.client
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from email.message import Message
from typing import Any
from urllib.parse import urlsplit

from audit import __version__
from audit.webscan.crawl.politeness import HostLimiter

USER_AGENT = f"a11y-audit/{__version__} (accessibility audit)"
ROBOTS_TOKEN = "a11y-audit"  # the product token matched against robots.txt groups


@dataclass(frozen=True)
class Fetched:
    url: str
    final_url: str
    status: int | None
    body: bytes = b""
    headers: dict[str, str] = field(default_factory=dict)
    error: str | None = None  # for the user, when there was no usable answer
    truncated: bool = False

    @property
    def ok(self) -> bool:
        return self.status is not None and 200 <= self.status < 300


async def fetch(url: str, *, timeout_s: float = 10.0, max_bytes: int = 10 * 1024 * 1024,
                user_agent: str = USER_AGENT, limiter: HostLimiter | None = None) -> Fetched:
    """GET ``url``; through ``limiter`` (and reporting the status to it) when given."""
    if limiter is None:
        return await asyncio.to_thread(_get, url, timeout_s, max_bytes, user_agent)
    async with limiter.slot(url):
        answer = await asyncio.to_thread(_get, url, timeout_s, max_bytes, user_agent)
    limiter.report(url, answer.status, answer.headers.get("retry-after"))
    return answer


class _WebRedirects(urllib.request.HTTPRedirectHandler):
    """Follow redirects to http(s) only (urllib would also follow one to ftp:)."""

    def redirect_request(self, req: urllib.request.Request, fp: Any, code: int, msg: str,
                         headers: Message, newurl: str) -> urllib.request.Request | None:
        if urlsplit(newurl).scheme.lower() not in ("http", "https"):
            raise urllib.error.HTTPError(newurl, code, f"redirect to {newurl!r} refused",
                                         headers, fp)
        return super().redirect_request(req, fp, code, msg, headers, newurl)


_OPENER = urllib.request.build_opener(_WebRedirects)


def _get(url: str, timeout_s: float, max_bytes: int, user_agent: str) -> Fetched:
    if urlsplit(url).scheme.lower() not in ("http", "https"):
        return Fetched(url, url, None, error=f"not an http(s) URL: {url!r}")
    request = urllib.request.Request(url, headers={"User-Agent": user_agent,
                                                   "Accept-Encoding": "identity"})
    try:
        with _OPENER.open(request, timeout=timeout_s) as response:
            body = response.read(max_bytes + 1)
            return Fetched(url, response.geturl(), response.status, body[:max_bytes],
                           _headers(response.headers), truncated=len(body) > max_bytes)
    except urllib.error.HTTPError as err:
        body = _read_quietly(err, max_bytes)
        return Fetched(url, err.geturl() or url, err.code, body, _headers(err.headers),
                       error=f"the server answered HTTP {err.code}")
    except (urllib.error.URLError, http.client.HTTPException, OSError, ValueError) as err:
        reason = getattr(err, "reason", err)
        return Fetched(url, url, None, error=f"could not fetch {url}: {reason}")


def _headers(headers: Message | None) -> dict[str, str]:
    return {key.lower(): value for key, value in (headers or {}).items()}


def _read_quietly(err: urllib.error.HTTPError, max_bytes: int) -> bytes:
    try:
        return err.read(max_bytes)
    except OSError:
        return b""
