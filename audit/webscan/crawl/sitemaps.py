"""Sitemaps: ``<origin>/sitemap.xml``, robots.txt ``Sitemap:`` lines, and the indexes they
lead to, read into canonical page URLs.

Bounded everywhere: index nesting (``max_depth``), files fetched (``max_files``, whether
they could be read or not), URLs kept
(``max_urls``) and bytes per file (50 MiB after gunzip, the sitemaps.org limit). XML goes
through defusedxml with DTDs forbidden (a sitemap never needs one), which refuses
entity-expansion ("billion laughs") and external-entity attacks. A file that cannot be
fetched, is malformed or is refused is skipped with a warning; nothing here raises.

Formats: ``<urlset>``, ``<sitemapindex>`` (namespace not required), gzip (told by its magic
bytes, so ``.xml.gz`` works whatever the Content-Type) and plain-text sitemaps (one URL per
line). Child sitemaps and listed URLs may be on any http(s) host (robots.txt may point to
sitemaps elsewhere); the scope decides later which pages belong to the site.
"""

from __future__ import annotations

import zlib
from collections import deque
from collections.abc import Iterable
from dataclasses import dataclass, field
from enum import StrEnum
from xml.etree.ElementTree import Element, ParseError

import defusedxml.ElementTree as SafeET
from defusedxml import DefusedXmlException

from audit.webscan.crawl.fetch import fetch
from audit.webscan.crawl.politeness import HostLimiter
from audit.webscan.crawl.robots import RobotsCache, origin_of
from audit.webscan.crawl.urls import normalise

MAX_SITEMAP_BYTES = 50 * 1024 * 1024
_GZIP_MAGIC = b"\x1f\x8b"


class SitemapError(Exception):
    """A sitemap that cannot be read; the message says why."""


class SitemapKind(StrEnum):
    URLSET = "urlset"
    INDEX = "sitemapindex"


@dataclass(frozen=True)
class ParsedSitemap:
    kind: SitemapKind
    locs: tuple[str, ...]  # page URLs (urlset) or child sitemaps (index), canonical


@dataclass(frozen=True)
class SitemapPage:
    url: str       # canonical
    sitemap: str   # the file that listed it first


@dataclass
class SitemapResult:
    pages: list[SitemapPage] = field(default_factory=list)
    read: list[str] = field(default_factory=list)      # sitemap files read successfully
    warnings: list[str] = field(default_factory=list)

    @property
    def urls(self) -> list[str]:
        return [page.url for page in self.pages]


def parse_sitemap(data: bytes, source: str = "sitemap") -> ParsedSitemap:
    """Parse one sitemap file (gzipped or not); SitemapError when it cannot be read."""
    if data[:2] == _GZIP_MAGIC:
        data = _gunzip(data, source)
    text_start = data.lstrip(b"\xef\xbb\xbf \t\r\n")[:1]
    if text_start and text_start != b"<":
        return ParsedSitemap(SitemapKind.URLSET, _canonical(
            line.strip() for line in data.decode("utf-8-sig", "replace").splitlines()))
    root = _parse_xml(data, source)
    kind = _local(root.tag)
    if kind not in (SitemapKind.URLSET, SitemapKind.INDEX):
        raise SitemapError(f"{source} is not a sitemap (its root element is <{kind}>)")
    entry = "url" if kind == SitemapKind.URLSET else "sitemap"
    locs = (loc.text or "" for item in root if _local(item.tag) == entry
            for loc in item if _local(loc.tag) == "loc")
    return ParsedSitemap(SitemapKind(kind), _canonical(locs))


def default_sitemaps(start_urls: Iterable[str], robots: RobotsCache | None = None) -> list[str]:
    """``<origin>/sitemap.xml`` of each start URL, then the robots.txt ``Sitemap:`` lines
    (of the robots.txt files already loaded into ``robots``)."""
    found = [f"{origin_of(url)}/sitemap.xml" for url in start_urls]
    if robots is not None:
        found += robots.sitemaps()
    return list(dict.fromkeys(url for raw in found if (url := normalise(raw))))


async def read_sitemaps(sitemap_urls: Iterable[str], *, max_depth: int = 3,
                        max_files: int = 100, max_urls: int = 50_000,
                        timeout_s: float = 20.0, limiter: HostLimiter | None = None,
                        quiet_if_missing: Iterable[str] = ()) -> SitemapResult:
    """Read the sitemaps (and the indexes' children, breadth first) into page URLs.

    A 404 for a URL in ``quiet_if_missing`` (the guessed ``/sitemap.xml``) is no warning."""
    result = SitemapResult()
    quiet = set(quiet_if_missing)
    seen_pages: set[str] = set()
    queue = deque((url, 0) for url in dict.fromkeys(sitemap_urls))
    visited = {url for url, _ in queue}
    fetched = 0  # files asked for, read or not: a stale index of dead files is bounded too
    while queue and fetched < max_files and len(result.pages) < max_urls:
        url, depth = queue.popleft()
        fetched += 1
        parsed = await _read_one(url, timeout_s, limiter, result, url in quiet)
        if parsed is None:
            continue
        result.read.append(url)
        if parsed.kind is SitemapKind.INDEX:
            if depth >= max_depth:
                result.warnings.append(f"{url}: sitemap index nested deeper than {max_depth} "
                                       "levels; its children were not read")
                continue
            children = [child for child in parsed.locs if child not in visited]
            visited.update(children)
            queue.extend((child, depth + 1) for child in children)
            continue
        for loc in parsed.locs:
            if loc not in seen_pages and len(result.pages) < max_urls:
                seen_pages.add(loc)
                result.pages.append(SitemapPage(loc, url))
    if queue:
        result.warnings.append(f"stopped reading sitemaps at {max_files} files or {max_urls} "
                               f"URLs; {len(queue)} sitemap(s) not read")
    return result


async def _read_one(url: str, timeout_s: float, limiter: HostLimiter | None,
                    result: SitemapResult, quiet: bool) -> ParsedSitemap | None:
    answer = await fetch(url, timeout_s=timeout_s, max_bytes=MAX_SITEMAP_BYTES, limiter=limiter)
    if not answer.ok:
        if not (quiet and answer.status == 404):
            result.warnings.append(f"{url}: {answer.error or f'HTTP {answer.status}'}; skipped")
        return None
    if answer.truncated:
        result.warnings.append(f"{url}: larger than {MAX_SITEMAP_BYTES} bytes; skipped")
        return None
    try:
        return parse_sitemap(answer.body, url)
    except SitemapError as err:
        result.warnings.append(f"{err}; skipped")
        return None


def _parse_xml(data: bytes, source: str) -> Element:
    try:
        return SafeET.fromstring(data, forbid_dtd=True)
    except DefusedXmlException as err:
        raise SitemapError(f"{source} was refused: it declares a DTD or entities, which a "
                           f"sitemap never needs (possible entity-expansion attack: {err})"
                           ) from err
    except ParseError as err:
        raise SitemapError(f"{source} is not well-formed XML ({err})") from err


def _gunzip(data: bytes, source: str) -> bytes:
    inflater = zlib.decompressobj(zlib.MAX_WBITS | 16)
    try:
        out = inflater.decompress(data, MAX_SITEMAP_BYTES + 1)
    except zlib.error as err:
        raise SitemapError(f"{source} is not valid gzip ({err})") from err
    if len(out) > MAX_SITEMAP_BYTES:
        raise SitemapError(f"{source} unpacks to more than {MAX_SITEMAP_BYTES} bytes")
    return out


def _local(tag: object) -> str:
    return str(tag).rsplit("}", 1)[-1]


def _canonical(locs: Iterable[str]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(url for loc in locs if loc and (url := normalise(loc.strip()))))
