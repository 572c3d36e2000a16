"""Crawling a site: the frontier lives in the store, so every page is kept the moment it is
scanned and a crawl killed at any point resumes where it stopped.

Workers claim frontier entries from the store, scan the page (axe-core and our own checks),
collect its links in the same tab (once it has loaded and settled, before axe-core: a page on
which axe-core fails still leads on to the rest of the site), and enqueue the new ones. The
coordinator holds counters only, never the pages, so its memory does not grow with the size
of the site. Links are collected in the first viewport only; every page found is queued for
every viewport.

A page is stored once per viewport, however many addresses lead to it (``SiteVisit._landing``):
an address that redirected to a page stored already, off the site, or to a login wall is
counted, once whichever viewport decided, instead; whether the page was stored already and
storing it are one transaction (``Store.save_crawled``), so workers that reach one page at once
store it once.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable, Iterable
from dataclasses import asdict, dataclass, field, replace
from functools import partial
from typing import Any

from audit import __version__
from audit.clock import utc_now
from audit.errors import UsageError
from audit.model import Note, NoteCode, PageResult, Redirected, Resource, ScanRun, Viewport
from audit.store import Store
from audit.store.records import FrontierItem, FrontierState
from audit.webscan.axe import load_axe
from audit.webscan.crawl import (
    LINKS_FUNCTION,
    MAX_LINKS,
    HostLimiter,
    LinkSet,
    RobotsCache,
    Scope,
    default_sitemaps,
    extract,
    normalise,
    origins,
    plan_links,
    plan_seeds,
    read_sitemaps,
)
from audit.webscan.crawl.fetch import fetch
from audit.webscan.crawl.filetypes import SNIFF_BYTES, is_document_answer
from audit.webscan.crawl.login_wall import login_page
from audit.webscan.crawl_attempts import Isolation, visit_counted
from audit.webscan.documents import (
    DocumentCallback,
    DocumentChecker,
    DocumentOptions,
    checked_before,
)
from audit.webscan.driver import Tab
from audit.webscan.incremental import (
    BEHIND_LOGIN,
    DEFAULT_MAX_AGE_DAYS,
    MAX_SUBRESOURCES,
    SUBRESOURCES_FUNCTION,
    Baseline,
    IncrementalRound,
    choose_baseline,
    options_fingerprint,
)
from audit.webscan.scanner import BrowserSession, PageWorker, ScanOptions, run_options
from audit.webscan.sitepass import judge_stored_scan
from audit.webscan.steps import SessionState, Step, log_in
from audit.webscan.templates import TemplateRegistry, learning_digest

NOT_HTML = "not an HTML page"  # how the scanner's errors for downloads and non-HTML begin
START_DISALLOWED = ("robots.txt does not allow opening it; not scanned (use --ignore-robots "
                    "for a site you own)")


@dataclass(frozen=True)
class CrawlSettings:
    """What to crawl; stored with the scan so that ``--resume`` needs nothing else."""

    start_urls: tuple[str, ...]
    include: tuple[str, ...] = ()
    exclude: tuple[str, ...] = ()
    max_pages: int = 500
    depth: int = 5
    viewports: tuple[Viewport, ...] = (Viewport.DESKTOP,)
    respect_robots: bool = True
    sitemaps: bool = True
    delay_s: float = 0.0
    per_host: int = 2
    login: tuple[dict[str, Any], ...] = ()  # steps as written, ${SECRETS} unresolved
    headers: dict[str, str] = field(default_factory=dict)
    documents: bool = True  # check the PDF/Office documents found (--no-documents: record only)
    templates: bool = True  # scan shared template regions once (--no-templates: every page whole)
    max_document_mb: float = 50.0
    max_documents: int = 500
    incremental: bool = False  # carry unchanged pages forward from the last complete round
    max_age_days: float = DEFAULT_MAX_AGE_DAYS  # ... unless last checked in full before this

    def __post_init__(self) -> None:
        # each viewport once: the page cap counts frontier entries per viewport
        object.__setattr__(self, "viewports", tuple(dict.fromkeys(self.viewports)))

    def document_options(self) -> DocumentOptions:
        return DocumentOptions(max_mb=self.max_document_mb, max_documents=self.max_documents)

    def to_json(self) -> dict[str, Any]:
        return {**asdict(self), "viewports": [str(v) for v in self.viewports]}

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> CrawlSettings:
        values: dict[str, Any] = {key: tuple(value) if isinstance(value, list) else value
                                  for key, value in data.items()}
        values["viewports"] = tuple(Viewport(v) for v in values["viewports"])
        return cls(**values)


@dataclass
class CrawlProgress:
    """What a progress display needs; handed out after every page."""

    scan_id: int
    done: int = 0
    errors: int = 0
    queued: int = 0
    in_flight: int = 0
    documents: int = 0  # found
    documents_checked: int = 0  # checked (or recorded why not) by this process
    started: float = field(default_factory=time.monotonic)
    scanned_now: int = 0  # pages scanned by this process (not before a resume)
    carried: int = 0  # of those, carried forward unchanged (incremental rounds)

    @property
    def total(self) -> int:
        return self.done + self.queued + self.in_flight

    @property
    def pages_per_minute(self) -> float:
        minutes = (time.monotonic() - self.started) / 60
        return self.scanned_now / minutes if minutes > 0 else 0.0

    @property
    def eta_s(self) -> float | None:
        rate = self.pages_per_minute
        return (self.queued + self.in_flight) / rate * 60 if rate > 0 else None


ProgressCallback = Callable[[CrawlProgress, PageResult | None], None]
QueuedLink = tuple[str, int, str | None]  # url, depth, found_on
EnqueueFunction = Callable[[Iterable[QueuedLink], bool], None]  # links, count against the cap


async def crawl_async(store: Store, settings: CrawlSettings, options: ScanOptions, *,
                      target: str | None = None, resume: int | None = None,
                      on_progress: ProgressCallback | None = None,
                      browser: BrowserSession | None = None) -> int:
    """Crawl and scan a site into ``store``; the scan id. ``resume`` continues that scan.
    ``browser``: an already started session to crawl in, left open for the next crawl or scan
    (as for ``scan_async``); without it the crawl launches its own browser and closes it."""
    if resume is not None:
        settings = stored_settings(store, resume)
    scope = crawl_scope(settings)
    limiter = HostLimiter(per_host=settings.per_host, delay_s=settings.delay_s)
    robots = RobotsCache(ignore_robots=not settings.respect_robots, limiter=limiter)
    axe = load_axe(options.axe_script)
    digest = learning_digest(axe, run_options(options))  # what template samples rest on
    session = browser or BrowserSession(options)
    if browser is None:
        session.start_soon()  # pages carried forward and the crawl's seeds need no browser
    try:
        if settings.login or settings.headers:
            options = replace(options,
                              session=await log_in_session(session, settings, options))
        crawl = _Crawl(store, settings, options, scope, limiter, robots, on_progress)
        if resume is None:
            scan_id = await crawl.begin(axe.version, target)
        else:
            scan_id = await crawl.resume(resume)
        crawl.announce()
        templates = crawl.template_registry(digest)
        workers = [PageWorker(session, axe, options, templates)
                   for _ in range(options.concurrency)]
        await crawl.run(workers, _document_checkers(store, scan_id, settings, options, limiter,
                                                    robots, crawl.record_document))
    finally:
        if browser is None:
            await session.close()
    crawl.keep_learning(templates, digest)
    store.update_scan_versions(scan_id, browser_version=session.version)
    judge_stored_scan(store, scan_id)
    store.finish_scan(scan_id, finished_at=utc_now())
    return scan_id


def crawl(store: Store, settings: CrawlSettings, options: ScanOptions, **kwargs: Any) -> int:
    return asyncio.run(crawl_async(store, settings, options, **kwargs))


@dataclass
class SiteVisit:
    """What visiting one page of a crawl needs: shared by the local crawl and the
    distributed task, so both scan, collect links, queue and save a page the same way."""

    store: Store
    scan_id: int
    settings: CrawlSettings
    options: ScanOptions
    scope: Scope
    limiter: HostLimiter
    robots: RobotsCache
    enqueue: EnqueueFunction
    incremental: IncrementalRound | None = None  # None: every page is scanned

    async def visit(self, worker: PageWorker, item: FrontierItem) -> tuple[PageResult, int]:
        """Scan ``item`` (or, in an incremental round, carry it forward unchanged) and store
        it; the page and how many new documents it linked to.

        New links are queued before the page is saved (which marks its entry done), so a
        frontier with nothing queued and nothing in flight means the crawl is complete.
        """
        viewport = Viewport(item.viewport)
        first = viewport == self.settings.viewports[0]
        page = None
        if self.incremental is not None:
            page = await self.incremental.carry(self.scan_id, item, needs_links=first)
        if page is not None:
            raw_links = page.links if first else None
            landing = _Landing(page, settles=self._settles(page))
        else:
            html = (await self.incremental.freshness.now(item.url)
                    if self.incremental is not None else None)
            gather = self._gather if first or self.incremental is not None else None
            async with self.limiter.slot(item.url):
                page, gathered = await worker.scan(item.url, viewport, gather)
            self.limiter.report(item.url, page.status or 0)
            if page.error and page.error.startswith(NOT_HTML):
                new = await self._document(item)
                if new is not None:  # not saved as a page: checked with the documents
                    return (PageResult(url=item.url, viewport=viewport,
                                       notes=[Note(NoteCode.SERVES_DOCUMENT)]), new)
            raw_links = await self._remember(page, gathered, html)
            landing = self._landing(page)
            if landing.left_site is not None:  # no page of the site: counted once
                self.store.note_redirect(self.scan_id, item.url, viewport, landing.left_site)
                return PageResult(url=item.url, viewport=viewport), 0
        self._settle(landing, item)
        documents = 0
        if raw_links is not None:
            step = plan_links(await self._links(raw_links, page), item.url, item.depth,
                              self.scope)
            self.enqueue([(new.url, new.depth, new.found_on) for new in step.frontier], True)
            documents = add_documents(self.store, self.scan_id, step.documents)
        if page.carried_from is not None:  # copied already, done only now its links are queued
            self.store.mark_done(self.scan_id, item.url, viewport)
        elif not self.store.save_crawled(self.scan_id, item.url, landing.page,
                                         reached=landing.reached,
                                         skipped_as=landing.skipped_as,
                                         counted_as=landing.counted_as):
            return PageResult(url=item.url, viewport=viewport), documents
        return landing.page, documents

    async def _document(self, item: FrontierItem) -> int | None:
        """A URL the browser refused as a page (``download.jsp?id=7``) may serve a document:
        asked again, the answer's Content-Type or first bytes tell. If it is one, it is
        recorded as the scan's document (once, whatever the viewports) and its frontier entry
        is done without a page: how many new documents (0 or 1); None when it is no document."""
        answer = await fetch(item.url, max_bytes=SNIFF_BYTES, timeout_s=self.options.timeout_s,
                             limiter=self.limiter)
        if not answer.ok or not is_document_answer(answer.headers.get("content-type"),
                                                   answer.body):
            return None
        new = self.store.add_document(self.scan_id, item.url, item.found_on)
        self.store.mark_done(self.scan_id, item.url, item.viewport)
        return int(new)

    async def _gather(self, tab: Tab, page: PageResult) -> tuple[list[Any] | None,
                                                                  list[str] | None]:
        """In the page's tab once it has loaded and settled, before axe-core: its links
        (first viewport only) and, in an incremental round, the stylesheets and scripts it
        loaded."""
        timeout = self.options.timeout_s
        links = (await tab.evaluate(LINKS_FUNCTION, MAX_LINKS, timeout)
                 if page.viewport == self.settings.viewports[0] else None)
        parts = (await tab.evaluate(SUBRESOURCES_FUNCTION, MAX_SUBRESOURCES, timeout)
                 if self.incremental is not None else None)
        return links, parts

    async def _remember(self, page: PageResult, gathered: tuple[Any, Any] | None,
                        html: Resource | None) -> list[Any] | None:
        """The raw links gathered; in an incremental round the page also keeps them and what
        it is made of (``html`` as fetched before it was rendered), for the next round."""
        if gathered is None:
            return None
        links, parts = gathered
        if self.incremental is not None and html is not None and page.raw is not None:
            page.version = await self.incremental.freshness.record(html, parts or [])
            page.links = links
        return links

    async def _links(self, raw: list[Any], page: PageResult) -> LinkSet:
        base = page.final_url or page.url
        await self.robots.load_all(origins(raw, base, self.scope))
        return extract(raw, base, self.scope, self.robots)

    def _landing(self, page: PageResult) -> _Landing:
        """How the scanned ``page`` is kept: under its own address, unless it redirected
        out of the site (not kept), to a page this crawl stored already in its viewport (not
        kept again: its barriers are counted once), or to the site's login page, naming the
        address as where to go back (kept once, under the login page's own address)."""
        final = _redirect_target(page)
        if final is None:
            return _Landing(page, reached=(page.url, page.final_url or page.url))
        wall = login_page(page.url, page.final_url or final)
        if not self.scope.in_site(final):
            return _Landing(page, left_site=(Redirected.LOGIN_OFF_SITE if wall
                                            else Redirected.LEFT_SITE))
        if wall is not None:
            return _Landing(replace(page, url=wall), reached=(wall,), settles=wall,
                           counted_as=Redirected.LOGIN)
        return _Landing(page, reached=(final, page.final_url or final), settles=final,
                       skipped_as=Redirected.SCANNED)

    def _settles(self, page: PageResult) -> str | None:
        final = _redirect_target(page)
        return final if final is not None and self.scope.in_site(final) else None

    def _settle(self, landing: _Landing, item: FrontierItem) -> None:
        """The address a page reached through a redirect counts as scanned too."""
        if landing.settles is not None:
            self.enqueue([(landing.settles, item.depth, item.url)], False)
            self.store.mark_done(self.scan_id, landing.settles, landing.page.viewport)


@dataclass(frozen=True)
class _Landing:
    """Where a scanned page is kept (see ``SiteVisit._landing``): ``page`` (under its
    address or the login page's), not kept when the scan has a page under or ending at one
    of ``reached``; ``settles``: the address it reached, done with it; ``left_site``: not
    kept, counted as that; ``skipped_as``/``counted_as``: the address counted as that kind
    of redirect when the page is not kept again / in any case."""

    page: PageResult
    reached: tuple[str, ...] = ()
    settles: str | None = None
    left_site: Redirected | None = None
    skipped_as: Redirected | None = None
    counted_as: Redirected | None = None


def _redirect_target(page: PageResult) -> str | None:
    """Where ``page`` ended when a redirect took it to another address (normalised)."""
    final = normalise(page.final_url) if page.final_url and not page.error else None
    return final if final and final != page.url else None


def enqueue_capped(store: Store, scan_id: int, scope: Scope, viewports: tuple[Viewport, ...],
                   items: Iterable[QueuedLink], known: int, count_cap: bool = True) -> int:
    """Queue pages in every viewport, up to the page cap given ``known`` distinct URLs
    (duplicates cost nothing); how many new URLs were queued."""
    pending, added = list(items), 0
    while pending:
        room = scope.room(known + added) if count_cap else None
        if room == 0:
            break
        batch, pending = (pending, []) if room is None else (pending[:room], pending[room:])
        new = store.enqueue(scan_id, [(url, viewport, depth, found_on)
                                      for url, depth, found_on in batch
                                      for viewport in viewports])
        added += new // len(viewports)
    return added


def add_documents(store: Store, scan_id: int, documents: Iterable[Any]) -> int:
    """Record document links; how many were new to the scan."""
    return sum(store.add_document(scan_id, document.url, document.found_on)
               for document in documents)


def known_urls(store: Store, scan_id: int, viewports: int) -> int:
    """Distinct URLs in the frontier (what the page cap counts), from the store."""
    return sum(store.frontier_counts(scan_id).values()) // viewports


class _Crawl:
    def __init__(self, store: Store, settings: CrawlSettings, options: ScanOptions,
                 scope: Scope, limiter: HostLimiter, robots: RobotsCache,
                 on_progress: ProgressCallback | None) -> None:
        self._store = store
        self._settings = settings
        self._options = options
        self._scope = scope
        self._limiter = limiter
        self._robots = robots
        self._on_progress = on_progress
        self._active = 0
        self._known = 0  # distinct URLs in the frontier: the page cap counts these
        self._found = asyncio.Event()  # documents were queued (or the pages are done)
        # a page being scanned ended (its links queued): a worker that found nothing to claim
        # waits for it rather than claiming (a write transaction) every 0.2 s
        self._page_ended = asyncio.Event()
        self._isolation = Isolation()  # a page tried before is visited alone (crawl_attempts)
        self.scan_id = 0
        self.progress = CrawlProgress(scan_id=0)
        self._incremental: IncrementalRound | None = None

    def _start_round(self) -> None:
        self._incremental = incremental_round(self._store, self.scan_id, self._settings,
                                              self._options, self._limiter)

    def template_registry(self, digest: str) -> TemplateRegistry | None:
        """The crawl's template registry (None with templates off); in an incremental round
        it starts from what the base round learnt under ``digest``."""
        if not self._settings.templates:
            return None
        registry = TemplateRegistry()
        if self._incremental is not None:
            self._incremental.teach(registry, digest)
        return registry

    def keep_learning(self, registry: TemplateRegistry | None, digest: str) -> None:
        """Keep what the crawl learnt about its template regions under ``digest``, for the
        next round (it supersedes what its base round kept)."""
        if registry is not None:
            base = self._incremental.base if self._incremental is not None else None
            self._store.save_template_learning(self.scan_id, digest,
                                               registry.learnt(utc_now()), replaces=base)

    async def begin(self, axe_version: str, target: str | None) -> int:
        self.scan_id = await begin_crawl(self._store, self._settings, self._options,
                                         self._scope, self._limiter, self._robots,
                                         axe_version=axe_version, browser_version=None,
                                         target=target)
        self.progress.scan_id = self.scan_id
        self._start_round()
        self._known = known_urls(self._store, self.scan_id, len(self._settings.viewports))
        self.progress.documents = len(self._store.documents(self.scan_id))
        self._refresh()
        return self.scan_id

    async def resume(self, scan_id: int) -> int:
        self.scan_id = self.progress.scan_id = scan_id
        self._store.resume_scan(scan_id)
        self._start_round()
        await self._robots.load_all(self._scope.start_urls)
        self._refresh()
        self._known = self.progress.total // len(self._settings.viewports)
        self.progress.errors = self._store.scan(scan_id).pages_with_errors
        return scan_id

    async def run(self, workers: list[PageWorker], checkers: list[DocumentChecker]) -> None:
        """The page workers and, beside them, the document checkers (which go on until the
        pages are done and no document is left)."""
        pages_done = asyncio.Event()

        async def pages() -> None:
            try:
                await asyncio.gather(*(self.work(worker) for worker in workers))
            finally:
                pages_done.set()
                self._found.set()

        await asyncio.gather(pages(), *(checker.work(pages_done, self._found)
                                        for checker in checkers))

    def announce(self) -> None:
        """Hand out the scan's progress before any page is done: whoever shows it learns the
        scan id (a Ctrl-C during the first pages can mark that scan interrupted)."""
        if self._on_progress:
            self._on_progress(self.progress, None)

    def record_document(self, page: PageResult) -> None:
        self.progress.documents_checked += 1
        self.progress.errors += bool(page.error)
        if self._on_progress:
            self._on_progress(self.progress, page)

    async def work(self, worker: PageWorker) -> None:
        visit = SiteVisit(self._store, self.scan_id, self._settings, self._options,
                          self._scope, self._limiter, self._robots, self._enqueue,
                          self._incremental)
        try:
            while True:
                self._page_ended.clear()
                claimed = self._store.claim(self.scan_id, 1)
                if not claimed:
                    if self._active == 0:
                        return
                    await self._page_ended.wait()  # it may have queued links
                    continue
                self._active += 1
                try:
                    async with self._isolation.visit(alone=claimed[0].attempts > 0):
                        visited = await visit_counted(self._store, self.scan_id, claimed[0],
                                                      partial(visit.visit, worker, claimed[0]))
                finally:
                    self._active -= 1
                    self._page_ended.set()
                if visited is not None:
                    self._record(*visited)
        finally:
            await worker.close()

    def _record(self, page: PageResult, documents: int) -> None:
        self.progress.errors += bool(page.error)
        self.progress.carried += page.carried_from is not None
        self.progress.documents += documents
        if documents:
            self._found.set()
        self.progress.scanned_now += 1
        self._refresh()
        if self._on_progress:
            self._on_progress(self.progress, page)

    def _enqueue(self, items: Iterable[QueuedLink], count_cap: bool) -> None:
        self._known += enqueue_capped(self._store, self.scan_id, self._scope,
                                      self._settings.viewports, items, self._known, count_cap)

    def _refresh(self) -> None:
        counts = self._store.frontier_counts(self.scan_id)
        self.progress.done = counts[FrontierState.DONE]
        self.progress.queued = counts[FrontierState.QUEUED]
        self.progress.in_flight = counts[FrontierState.IN_FLIGHT]


async def begin_crawl(store: Store, settings: CrawlSettings, options: ScanOptions,
                      scope: Scope, limiter: HostLimiter, robots: RobotsCache, *,
                      axe_version: str, browser_version: str | None,
                      target: str | None) -> int:
    """Record a new crawl and seed its frontier (start URLs, sitemaps); the scan id. What
    went wrong reading robots.txt and the sitemaps, and the start URLs robots.txt disallows,
    are kept with the scan (``options["warnings"]``): they are pages not scanned, which the
    user must hear of."""
    await robots.load_all(scope.start_urls)
    sitemap_pages: list[tuple[str, str]] = []
    warnings = robots.notes()
    if settings.sitemaps:
        urls = default_sitemaps(scope.start_urls, robots)
        found = await read_sitemaps(urls, limiter=limiter, quiet_if_missing=urls)
        sitemap_pages = [(page.url, page.sitemap) for page in found.pages]
        warnings += found.warnings
    seeds = plan_seeds(scope.start_urls, scope, robots, sitemap_pages)
    warnings += [f"{url}: {START_DISALLOWED}" for url in seeds.blocked
                 if url in scope.start_urls]
    run = ScanRun(engine=options.engine, standard=options.standard, tool_version=__version__,
                  axe_version=axe_version, browser_version=browser_version,
                  started_at=utc_now())
    fingerprint = options_fingerprint(options, settings.viewports, axe_version)
    scan_options = {"crawl": settings.to_json(), "scan": _scan_options_json(options),
                    **({"warnings": warnings} if warnings else {})}
    if settings.incremental:
        scan_options["incremental"] = _baseline(store, settings, target, fingerprint).to_json()
    scan_id = store.begin_scan(run, target=target, options=scan_options,
                               fingerprint=fingerprint)
    enqueue_capped(store, scan_id, scope, settings.viewports,
                   [(item.url, item.depth, item.found_on) for item in seeds.frontier], 0)
    add_documents(store, scan_id, seeds.documents)
    return scan_id


def _baseline(store: Store, settings: CrawlSettings, target: str | None,
              fingerprint: str) -> Baseline:
    if settings.login or settings.headers:  # what we fetch is not what the browser saw
        return Baseline(None, BEHIND_LOGIN)
    return choose_baseline(store, target, settings.start_urls, fingerprint)


def incremental_round(store: Store, scan_id: int, settings: CrawlSettings,
                      options: ScanOptions, limiter: HostLimiter) -> IncrementalRound | None:
    """The incremental round of a crawl (None when the crawl is not incremental)."""
    if not settings.incremental:
        return None
    return IncrementalRound.of_scan(store, scan_id, settings.max_age_days, options, limiter)


def _document_checkers(store: Store, scan_id: int, settings: CrawlSettings,
                       options: ScanOptions, limiter: HostLimiter, robots: RobotsCache,
                       on_result: DocumentCallback) -> list[DocumentChecker]:
    """Half as many checkers as page workers (at least one); none with --no-documents."""
    if not settings.documents:
        return []
    counter = checked_before(store, scan_id)
    return [DocumentChecker(store, scan_id, settings.document_options(), limiter, robots,
                            counter, on_result)
            for _ in range(max(1, options.concurrency // 2))]


def crawl_scope(settings: CrawlSettings) -> Scope:
    return Scope.build(settings.start_urls, settings.include, settings.exclude,
                       max_depth=settings.depth, max_pages=settings.max_pages)


async def log_in_session(session: BrowserSession, settings: CrawlSettings,
                         options: ScanOptions) -> SessionState:
    """Run the login steps once; their cookies and the headers go to every tab."""
    tab, _ = await session.new_tab(settings.viewports[0])
    try:
        steps = tuple(Step.model_validate(step) for step in settings.login)
        return await log_in(tab, steps, settings.headers, settings.start_urls[0],
                            options.timeout_s)
    finally:
        await tab.close()


def stored_settings(store: Store, scan_id: int) -> CrawlSettings:
    """The settings a stored crawl was started with; UsageError for a scan of a URL list."""
    stored = (store.scan(scan_id).options or {}).get("crawl")
    if stored is None:
        raise UsageError(f"scan {scan_id} is not a crawl; only a crawl can be resumed")
    return CrawlSettings.from_json(stored)


def resumed_options(store: Store, scan_id: int, options: ScanOptions) -> ScanOptions:
    """``options`` with what the stored scan was started with (standard, engine, checks...)."""
    stored = (store.scan(scan_id).options or {}).get("scan", {})
    known = {key: stored[key] for key in ("standard", "best_practice", "engine", "timeout_s",
                                               "settle_s")
             if key in stored}
    for key in ("checks", "blocked_hosts"):
        if key in stored:
            known[key] = tuple(stored[key])
    return replace(options, **known)


def _scan_options_json(options: ScanOptions) -> dict[str, Any]:
    return {"standard": options.standard, "best_practice": options.best_practice,
            "engine": options.engine, "timeout_s": options.timeout_s,
            "settle_s": options.settle_s,
            "checks": list(options.checks), "concurrency": options.concurrency,
            "blocked_hosts": list(options.blocked_hosts)}

