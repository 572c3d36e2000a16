"""Incremental rounds: a page unchanged since the last complete round of its target is not
rendered again; its findings are carried forward, marked with when they were last verified.

"Unchanged" is decided over HTTP, without the browser: the page's HTML response and every
stylesheet and script it loaded when it was last checked in full are asked for again, with
``If-None-Match`` / ``If-Modified-Since`` where the server gave an ``ETag`` / ``Last-Modified``.
A 304 answer, or a body with the same SHA-256 (servers that ignore conditional requests), means
unchanged; anything else (another body, an error, no answer) means the page is checked in
full. So a page built differently by its scripts from unchanged files (content fetched by
XHR) is carried forward too: the freshness rule sees only the HTML and its stylesheets and
scripts, and ``max_age_days`` bounds how long such a page can go without a full check.

Carry-over also needs the same deciding options: a fingerprint of the tool and axe-core
versions, engine, standard, best-practice flag, checks, viewports, blocked hosts and settling
is stored with every crawl; a round whose last complete round has another one checks every
page in full.

The pages that are checked in full start from what the base round learnt about its template
regions (``audit.webscan.templates``: kept under a digest of axe-core, its run options and
the template code), so they replay the regions confirmed there instead of learning them again.
"""

from __future__ import annotations

import asyncio
import hashlib
import json
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from audit import __version__
from audit.clock import utc_now
from audit.model import PageResult, PageVersion, Resource, Viewport
from audit.store import Store
from audit.store.records import FrontierItem
from audit.webscan.blocking import refused
from audit.webscan.crawl.fetch import Fetched, fetch
from audit.webscan.crawl.politeness import HostLimiter
from audit.webscan.scanner import ScanOptions
from audit.webscan.templates import TemplateRegistry

DEFAULT_MAX_AGE_DAYS = 90.0
MAX_SUBRESOURCES = 200
# Why an incremental round carries nothing forward (catalogue keys scan.incremental_<why>)
FIRST_ROUND = "first"  # no earlier complete round of the target from the same start URLs
OTHER_OPTIONS = "options"  # the last one was made with other deciding options
BEHIND_LOGIN = "login"  # the crawl logs in or sends headers, which freshness requests cannot

# The stylesheets and scripts a page loaded: those in the DOM and those the browser fetched
# for them (an @import, a script added by a script).
SUBRESOURCES_FUNCTION = """(limit) => {
  const found = new Set();
  const add = (value) => {
    if (!value || found.size >= limit) return;
    let url;
    try { url = new URL(value, document.baseURI); } catch (e) { return; }
    if (url.protocol !== 'http:' && url.protocol !== 'https:') return;
    url.hash = '';
    found.add(url.href);
  };
  for (const el of document.querySelectorAll('link[rel~="stylesheet" i][href]')) add(el.href);
  for (const el of document.querySelectorAll('script[src]')) add(el.src);
  for (const entry of performance.getEntriesByType('resource')) {
    if (['link', 'script', 'css'].includes(entry.initiatorType)) add(entry.name);
  }
  return Array.from(found).sort();
}"""


def options_fingerprint(options: ScanOptions, viewports: tuple[Viewport, ...],
                        axe_version: str) -> str:
    """SHA-256 of every option that can change a page's findings."""
    deciding = {"tool": __version__, "axe": axe_version, "engine": options.engine,
                "standard": options.standard, "best_practice": options.best_practice,
                "checks": sorted(options.checks), "viewports": [str(v) for v in viewports],
                "blocked_hosts": sorted(options.blocked_hosts), "settle_s": options.settle_s}
    text = json.dumps(deciding, sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


@dataclass(frozen=True)
class Baseline:
    """The round an incremental round builds on (None: there is none), why there is none,
    and the last complete round there was."""

    scan_id: int | None
    why_none: str | None = None
    previous: int | None = None

    def to_json(self) -> dict[str, Any]:
        return {"base": self.scan_id, "why_none": self.why_none, "previous": self.previous}


def choose_baseline(store: Store, target: str | None, start_urls: tuple[str, ...],
                    fingerprint: str) -> Baseline:
    """The last complete crawl of ``target`` from the same start URLs, if it was made with
    the same deciding options."""
    for summary in store.finished_scans_of(target):
        crawl = (summary.options or {}).get("crawl") or {}
        if tuple(crawl.get("start_urls") or ()) != start_urls:
            continue
        if summary.fingerprint != fingerprint:
            return Baseline(None, OTHER_OPTIONS, summary.id)
        return Baseline(summary.id, previous=summary.id)
    return Baseline(None, FIRST_ROUND)


def _sha256(answer: Fetched) -> str:
    if answer.ok:
        return hashlib.sha256(answer.body).hexdigest()
    return f"HTTP {answer.status}"  # a stylesheet that was missing and still is: unchanged


def _conditions(before: Resource | None) -> dict[str, str]:
    if before is None:
        return {}
    headers = {"If-None-Match": before.etag} if before.etag else {}
    if before.last_modified:
        headers["If-Modified-Since"] = before.last_modified
    return headers


class Freshness:
    """Asks the servers what a page is made of now. Each stylesheet or script is asked for
    once per round (pages share them); a page's HTML each time."""

    def __init__(self, limiter: HostLimiter | None, timeout_s: float,
                 blocked_hosts: tuple[str, ...]) -> None:
        self._limiter = limiter
        self._timeout_s = timeout_s
        self._blocked = blocked_hosts
        self._shared: dict[str, asyncio.Task[Resource | None]] = {}

    async def now(self, url: str, before: Resource | None = None) -> Resource | None:
        """``url`` as served now (None: no answer), asked conditionally after ``before``."""
        answer = await fetch(url, timeout_s=self._timeout_s, limiter=self._limiter,
                             headers=_conditions(before))
        if answer.status is None:
            return None
        if answer.status == 304 and before is not None:
            return before
        return Resource(url, _sha256(answer), answer.headers.get("etag"),
                        answer.headers.get("last-modified"))

    async def shared(self, url: str, before: Resource | None = None) -> Resource | None:
        if url not in self._shared:
            self._shared[url] = asyncio.ensure_future(self.now(url, before))
        return await asyncio.shield(self._shared[url])

    async def unchanged(self, version: PageVersion) -> bool:
        """The page's HTML, stylesheets and scripts are what they were."""
        html = await self.now(version.html.url, version.html)
        if html is None or html.sha256 != version.html.sha256:
            return False
        for before in version.subresources:
            current = await self.shared(before.url, before)
            if current is None or current.sha256 != before.sha256:
                return False
        return True

    async def record(self, html: Resource,
                     subresources: Sequence[object]) -> PageVersion | None:
        """What a page is made of: ``html`` as fetched before it was rendered (so a change
        while it was scanned shows next time) and its stylesheets and scripts as served
        now, blocked trackers left out (``subresources`` as the page reported them: anything).
        None when one of them gave no answer."""
        wanted = [url for url in subresources[:MAX_SUBRESOURCES]
                  if isinstance(url, str) and not refused(url, "script", html.url,
                                                           self._blocked)]
        parts = [await self.shared(url) for url in wanted]
        if any(part is None for part in parts):
            return None
        return PageVersion(html, tuple(part for part in parts if part is not None))


class IncrementalRound:
    """What an incremental crawl knows of its last complete round (``base``, None when it
    has none), and how it records what its pages are made of for the next one."""

    def __init__(self, store: Store, base: int | None, max_age_days: float,
                 freshness: Freshness) -> None:
        self._store = store
        self.base = base
        self._max_age = timedelta(days=max_age_days)
        self.freshness = freshness

    @classmethod
    def of_scan(cls, store: Store, scan_id: int, max_age_days: float, options: ScanOptions,
                limiter: HostLimiter | None) -> IncrementalRound:
        """The round of ``scan_id``, with the baseline recorded when it began."""
        recorded = (store.scan(scan_id).options or {}).get("incremental") or {}
        base = recorded.get("base")
        freshness = Freshness(limiter, options.timeout_s, options.blocked_hosts)
        return cls(store, None if base is None else int(base), max_age_days, freshness)

    def teach(self, registry: TemplateRegistry, digest: str) -> int:
        """Start ``registry`` from what the base round learnt about its template regions
        under ``digest``, the regions a page showed within the max age: how many."""
        learnt = self._store.template_learning(self.base, digest) \
            if self.base is not None else None
        if learnt is None:
            return 0
        since = datetime.fromisoformat(utc_now()) - self._max_age
        return registry.teach(learnt, since.isoformat(timespec="seconds"))

    async def carry(self, scan_id: int, item: FrontierItem,
                    needs_links: bool) -> PageResult | None:
        """Carry the page forward from the base round into ``scan_id`` when it is unchanged;
        None when it must be checked in full (new, failed, too old, changed, or its links
        were not kept when they are needed). The page carried has its links, no findings."""
        if self.base is None:
            return None
        before = self._store.last_check(self.base, item.url, item.viewport)
        if before is None or before.error or before.version is None:
            return None
        verified = datetime.fromisoformat(before.verified_at or "1970-01-01T00:00:00+00:00")
        if datetime.fromisoformat(utc_now()) - verified >= self._max_age:
            return None  # as old as the max age (kept to the second: 0 re-checks every page)
        if not await self.freshness.unchanged(before.version):
            return None
        page = self._store.carry_page(scan_id, self.base, item.url, item.viewport)
        if page is not None and needs_links and page.links is None:
            return None  # the copy is replaced when the page is scanned
        return page
