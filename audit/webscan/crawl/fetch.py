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
from collections.abc import Mapping
from dataclasses import dataclass, field
from email.message import Message
from http.client import HTTPMessage
from pathlib import Path
from typing import Any
from urllib.parse import quote, urlsplit

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
                user_agent: str = USER_AGENT, limiter: HostLimiter | None = None,
                headers: Mapping[str, str] | None = None) -> Fetched:
    """GET ``url``; through ``limiter`` (and reporting the status to it) when given;
    ``headers`` are sent besides ours (e.g. ``If-None-Match``)."""
    extra = dict(headers or {})
    if limiter is None:
        return await asyncio.to_thread(_get, url, timeout_s, max_bytes, user_agent, extra)
    async with limiter.slot(url):
        answer = await asyncio.to_thread(_get, url, timeout_s, max_bytes, user_agent, extra)
    limiter.report(url, answer.status, answer.headers.get("retry-after"))
    return answer


@dataclass(frozen=True)
class Downloaded:
    """A file fetched to disk: how much, what the server said it is, or why not."""

    url: str
    final_url: str
    status: int | None
    size: int = 0
    media_type: str | None = None
    error: str | None = None  # for the user, when there is no file to use
    too_big: bool = False  # over ``max_bytes``: not (or not completely) downloaded


async def download(url: str, target: Path, *, max_bytes: int, timeout_s: float = 30.0,
                   limiter: HostLimiter | None = None,
                   user_agent: str = USER_AGENT) -> Downloaded:
    """GET ``url`` into the file ``target``, never more than ``max_bytes`` (a Content-Length
    over it is refused before the body is read); through ``limiter`` when given."""
    if limiter is None:
        return await asyncio.to_thread(_download, url, target, timeout_s, max_bytes, user_agent)
    async with limiter.slot(url):
        answer = await asyncio.to_thread(_download, url, target, timeout_s, max_bytes,
                                         user_agent)
    limiter.report(url, answer.status)
    return answer


def _download(url: str, target: Path, timeout_s: float, max_bytes: int,
              user_agent: str) -> Downloaded:
    if urlsplit(url).scheme.lower() not in ("http", "https"):
        return Downloaded(url, url, None, error=f"not an http(s) URL: {url!r}")
    try:
        with _OPENER.open(_request(url, user_agent), timeout=timeout_s) as response:
            final, status = response.geturl(), response.status
            media_type = response.headers.get_content_type()
            declared = response.headers.get("Content-Length", "")
            if declared.isdigit() and int(declared) > max_bytes:
                return Downloaded(url, final, status, int(declared), media_type, too_big=True)
            size = _copy(response, target, max_bytes)
    except urllib.error.HTTPError as err:
        return Downloaded(url, err.geturl() or url, err.code,
                          error=f"the server answered HTTP {err.code}")
    except (urllib.error.URLError, http.client.HTTPException, OSError, ValueError) as err:
        reason = getattr(err, "reason", err)
        return Downloaded(url, url, None, error=f"could not fetch {url}: {reason}")
    return Downloaded(url, final, status, size, media_type, too_big=size > max_bytes)


def _copy(response: Any, target: Path, max_bytes: int) -> int:
    """Write the body to ``target`` until it ends or passes ``max_bytes``; the bytes read."""
    size = 0
    with target.open("wb") as out:
        while size <= max_bytes:
            block = response.read(1 << 20)
            if not block:
                break
            out.write(block)
            size += len(block)
    return size


def _request(url: str, user_agent: str,
             headers: Mapping[str, str] | None = None) -> urllib.request.Request:
    """A GET of ``url`` with characters HTTP cannot carry (通知.pdf) percent-encoded."""
    wire = quote(url, safe=":/?#[]@!$&'()*+,;=%~")
    return urllib.request.Request(wire, headers={**(headers or {}), "User-Agent": user_agent,
                                                 "Accept-Encoding": "identity"})


class _WebRedirects(urllib.request.HTTPRedirectHandler):
    """Follow redirects to http(s) only (urllib would also follow one to ftp:)."""

    def redirect_request(self, req: urllib.request.Request, fp: Any, code: int, msg: str,
                         headers: HTTPMessage, newurl: str) -> urllib.request.Request | None:
        if urlsplit(newurl).scheme.lower() not in ("http", "https"):
            raise urllib.error.HTTPError(newurl, code, f"redirect to {newurl!r} refused",
                                         headers, fp)
        return super().redirect_request(req, fp, code, msg, headers, newurl)


_OPENER = urllib.request.build_opener(_WebRedirects)


def _get(url: str, timeout_s: float, max_bytes: int, user_agent: str,
         headers: Mapping[str, str] | None = None) -> Fetched:
    if urlsplit(url).scheme.lower() not in ("http", "https"):
        return Fetched(url, url, None, error=f"not an http(s) URL: {url!r}")
    try:
        with _OPENER.open(_request(url, user_agent, headers), timeout=timeout_s) as response:
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
