"""Links of a rendered page: a script the scanner runs in the tab after axe-core, and the
browser-free sorting of what it returns into pages to crawl and documents to record.

    raw = await tab.evaluate(LINKS_FUNCTION, MAX_LINKS, timeout_s)
    await robots.load_all(origins(raw, page.final_url, scope))
    found = extract(raw, page.final_url, scope, robots)

The script reads the DOM as scripts left it: ``a[href]`` and ``area[href]`` (also inside open
shadow roots) and the ``src`` of this document's ``iframe``/``frame`` elements, resolved
against ``document.baseURI`` (so ``<base href>`` counts), http(s) only, fragments dropped,
each once, at most ``limit`` of them.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Protocol
from urllib.parse import urljoin, urlsplit, urlunsplit

from audit.webscan.crawl.robots import origin_of
from audit.webscan.crawl.scope import Action, Scope
from audit.webscan.crawl.urls import normalise

MAX_LINKS = 5000

LINKS_FUNCTION = """(limit) => {
  limit = limit || 5000;
  const found = new Set();
  const add = (value) => {
    if (value === null || found.size >= limit) return;
    let url;
    try { url = new URL(value, document.baseURI); } catch (e) { return; }
    if (url.protocol !== 'http:' && url.protocol !== 'https:') return;
    url.hash = '';
    found.add(url.href);
  };
  const collect = (root) => {
    for (const el of root.querySelectorAll('a[href], area[href]')) add(el.getAttribute('href'));
    for (const el of root.querySelectorAll('iframe[src], frame[src]')) {
      add(el.getAttribute('src'));
    }
    for (const el of root.querySelectorAll('*')) {
      if (el.shadowRoot && found.size < limit) collect(el.shadowRoot);
    }
  };
  collect(document);
  return Array.from(found);
}"""


class RobotsPolicy(Protocol):
    def allowed(self, url: str) -> bool: ...


@dataclass(frozen=True)
class LinkSet:
    pages: tuple[str, ...] = ()      # canonical, in scope (depth not yet applied), allowed
    documents: tuple[str, ...] = ()  # canonical documents of the site
    blocked: tuple[str, ...] = ()    # pages of the site that robots.txt disallows


def extract(raw: Iterable[object], page_url: str, scope: Scope,
            robots: RobotsPolicy | None = None) -> LinkSet:
    """Sort the script's links (resolved against ``page_url`` if relative) into pages,
    documents and robots-blocked pages; the rest (other sites, excluded, not web pages, the
    page itself) is dropped. Documents are recorded whatever robots.txt says: recording a
    link opens nothing. robots.txt is asked about the link as the page wrote it and about
    its canonical form (which sorts the query and drops trackers): a page either disallows
    is blocked, so reordering a query never opens what the site's rules keep closed."""
    pages: dict[str, None] = {}
    documents: dict[str, None] = {}
    blocked: dict[str, None] = {}
    self_url = normalise(page_url)
    for url, written in _canonical_written(raw, page_url):
        if url == self_url:
            continue
        action = scope.decide(url).action
        if action is Action.DOCUMENT:
            documents[url] = None
        elif action is Action.SCAN and url not in blocked:
            if robots is None or (robots.allowed(url) and robots.allowed(written)):
                pages[url] = None
            else:
                pages.pop(url, None)
                blocked[url] = None
    return LinkSet(tuple(pages), tuple(documents), tuple(blocked))


def origins(raw: Iterable[object], page_url: str, scope: Scope) -> set[str]:
    """The origins of the site's links in ``raw``: whose robots.txt ``extract`` needs."""
    return {origin_of(url) for url, _ in _canonical_written(raw, page_url)
            if scope.in_site(url)}


def _canonical_written(raw: Iterable[object], page_url: str) -> Iterable[tuple[str, str]]:
    """Each web link of ``raw``: its canonical form, and its path and query as written on
    the canonical origin (whose robots.txt is the one loaded)."""
    for value in raw:
        if isinstance(value, str) and (url := normalise(value, page_url)):
            yield url, _as_written(url, value, page_url)


def _as_written(url: str, value: str, page_url: str) -> str:
    """``value``'s path and query on the origin of its canonical form ``url``; ``url`` itself
    when only a browser's reading makes sense of ``value`` (``https://a.cn\\[x]/``, a lone
    surrogate from a script)."""
    try:
        written = urlsplit(urljoin(page_url, value.strip()))
        value.encode("utf-8")
    except ValueError:  # UnicodeEncodeError too
        return url
    origin = urlsplit(url)
    return urlunsplit((origin.scheme, origin.netloc, written.path or "/", written.query, ""))
