"""From what a page links to, what the crawl does next: pure functions between the scanner
and the store (which keeps the frontier, so a killed crawl resumes).

    found = links.extract(raw, page.final_url, scope, robots)
    step = plan_links(found, page.url, depth, scope, seen=store_urls, room=scope.room(known))
    store.add_frontier(step.frontier); store.add_documents(step.documents)

``seen`` should hold the URLs already in the frontier (scanned or queued), including the
final URLs of redirects, so a page reached twice is scanned once.
"""

from __future__ import annotations

from collections.abc import Container, Iterable
from dataclasses import dataclass

from audit.webscan.crawl.links import LinkSet, RobotsPolicy
from audit.webscan.crawl.scope import Action, Scope
from audit.webscan.crawl.urls import normalise


@dataclass(frozen=True)
class FrontierItem:
    url: str                # canonical
    depth: int
    found_on: str | None    # the page (or sitemap) that linked to it; None for start URLs


@dataclass(frozen=True)
class DocumentLink:
    url: str
    found_on: str | None


@dataclass(frozen=True)
class Plan:
    frontier: tuple[FrontierItem, ...] = ()
    documents: tuple[DocumentLink, ...] = ()
    blocked: tuple[str, ...] = ()  # the site's pages robots.txt disallows (for the report)
    dropped: int = 0               # pages left out because the page budget ran out


def plan_links(links: LinkSet, found_on: str, depth: int, scope: Scope,
               seen: Container[str] = frozenset(), room: int | None = None) -> Plan:
    """The new frontier items (at ``depth + 1``) and documents of the page ``found_on``."""
    documents = tuple(DocumentLink(url, found_on) for url in links.documents)
    candidates = [url for url in links.pages
                  if url not in seen and scope.decide(url, depth + 1).action is Action.SCAN]
    return _budgeted(candidates, depth + 1, found_on, room, documents, links.blocked)


def plan_seeds(start_urls: Iterable[str], scope: Scope, robots: RobotsPolicy | None = None,
               sitemap_pages: Iterable[tuple[str, str]] = (),
               seen: Container[str] = frozenset(), room: int | None = None) -> Plan:
    """Depth-0 items: the start URLs, then the sitemaps' pages (``(url, sitemap)`` pairs),
    as the scope and robots.txt allow (a start URL escapes ``include``, not robots.txt)."""
    items: dict[str, str | None] = {}
    documents: dict[str, str | None] = {}
    blocked: dict[str, None] = {}
    listed = [(url, None) for url in start_urls] + list(sitemap_pages)
    for raw, source in listed:
        url = normalise(raw)
        if url is None or url in seen or url in items:
            continue
        action = scope.decide(url, 0).action
        if action is Action.DOCUMENT:
            documents.setdefault(url, source)
        elif action is Action.SCAN:
            if robots is None or robots.allowed(url):
                items[url] = source
            else:
                blocked[url] = None
    docs = tuple(DocumentLink(url, source) for url, source in documents.items())
    return _budgeted(list(items), 0, None, room, docs, tuple(blocked), sources=items)


def _budgeted(urls: list[str], depth: int, found_on: str | None, room: int | None,
              documents: tuple[DocumentLink, ...], blocked: tuple[str, ...],
              sources: dict[str, str | None] | None = None) -> Plan:
    kept = urls if room is None else urls[:room]
    frontier = tuple(FrontierItem(url, depth, sources[url] if sources else found_on)
                     for url in kept)
    return Plan(frontier, documents, blocked, len(urls) - len(kept))
