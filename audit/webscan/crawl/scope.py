"""Which URLs a crawl scans, records as documents, or leaves alone — and why.

Rules, in order (the first that applies decides):

1. not an http(s) link: skip;
2. another site (see ``urls.same_site``): skip;
3. a path + query matching an ``exclude`` glob: skip (exclude wins over everything below);
4. a document (``filetypes.DOCUMENT_EXTENSIONS``): record as a document, at any depth —
   documents are never opened, so depth and ``include`` do not limit them;
5. another non-page file (images, media, scripts ...): skip;
6. a start URL: scan — the user named it, so ``include`` and depth do not apply;
7. ``include`` globs given and none matches: skip;
8. deeper than ``max_depth``: skip (start and sitemap URLs are depth 0, a link found on a
   page of depth d has depth d + 1);
9. otherwise: scan.

Globs are fnmatch-style (``*`` also crosses ``/``), case-sensitive, and are matched against
the path plus ``?query`` of the canonical URL and of its percent-decoded form, so
``--include '/政务公开/*'`` works as typed. robots.txt is applied apart (``robots.py``);
``max_pages`` is a budget the store enforces with ``room``.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum
from fnmatch import fnmatchcase
from urllib.parse import unquote, urlsplit

from audit.errors import InvalidURLError, UsageError
from audit.webscan.crawl.filetypes import LinkKind, extension, link_kind
from audit.webscan.crawl.urls import normalise, site_key


class Action(StrEnum):
    SCAN = "scan"
    DOCUMENT = "document"
    SKIP = "skip"


@dataclass(frozen=True)
class Decision:
    action: Action
    reason: str


DEFAULT_MAX_DEPTH = 5


@dataclass(frozen=True)
class Scope:
    start_urls: tuple[str, ...]          # canonical (``urls.normalise``)
    include: tuple[str, ...] = ()
    exclude: tuple[str, ...] = ()
    max_depth: int = DEFAULT_MAX_DEPTH
    max_pages: int | None = None
    sites: frozenset[str] = frozenset()  # site keys of the start URLs; filled by ``build``

    @classmethod
    def build(cls, start_urls: Iterable[str], include: Iterable[str] = (),
              exclude: Iterable[str] = (), max_depth: int = DEFAULT_MAX_DEPTH,
              max_pages: int | None = None) -> Scope:
        """A scope from what the user typed; UsageError for impossible values."""
        starts = tuple(dict.fromkeys(_start(url) for url in start_urls))
        if not starts:
            raise UsageError("a crawl needs at least one start URL")
        if max_depth < 0:
            raise UsageError(f"--max-depth must be 0 or more, not {max_depth}")
        if max_pages is not None and max_pages < 1:
            raise UsageError(f"--max-pages must be 1 or more, not {max_pages}")
        sites = frozenset(key for url in starts if (key := site_key(url)))
        return cls(starts, tuple(include), tuple(exclude), max_depth, max_pages, sites)

    def in_site(self, url: str) -> bool:
        return site_key(url) in self.sites

    def decide(self, url: str, depth: int | None = None) -> Decision:
        """What to do with the canonical ``url`` found at ``depth`` (None: ignore depth)."""
        if normalise(url) is None:
            return Decision(Action.SKIP, "not a web link")
        if not self.in_site(url):
            return Decision(Action.SKIP, "outside the site")
        if glob := self._matching(self.exclude, url):
            return Decision(Action.SKIP, f"excluded by {glob!r}")
        kind = link_kind(url)
        if kind is LinkKind.DOCUMENT:
            return Decision(Action.DOCUMENT, f"a document ({extension(url)})")
        if kind is LinkKind.OTHER:
            return Decision(Action.SKIP, f"not a web page ({extension(url)})")
        if url in self.start_urls:
            return Decision(Action.SCAN, "a start URL")
        if self.include and not self._matching(self.include, url):
            return Decision(Action.SKIP, "matches no include pattern")
        if depth is not None and depth > self.max_depth:
            return Decision(Action.SKIP, f"deeper than the maximum depth {self.max_depth}")
        return Decision(Action.SCAN, "in scope")

    def room(self, known_pages: int) -> int | None:
        """How many more pages may be queued when ``known_pages`` are (None: no limit)."""
        return None if self.max_pages is None else max(0, self.max_pages - known_pages)

    @staticmethod
    def _matching(globs: tuple[str, ...], url: str) -> str | None:
        parts = urlsplit(url)
        target = parts.path + (f"?{parts.query}" if parts.query else "")
        candidates = (target, unquote(target))
        return next((glob for glob in globs
                     if any(fnmatchcase(text, glob) for text in candidates)), None)


def _start(url: str) -> str:
    canonical = normalise(url)
    if canonical is None:
        raise InvalidURLError(f"{url!r} is not an http(s) URL; a crawl starts from web pages")
    return canonical
