"""Not loading third-party trackers while scanning: what to refuse, decided per request.

Analytics and tracking scripts (百度统计, CNZZ ...) cannot change what a user meets on a page,
but they cost every page network time and CPU. A request is refused when its host is on the
deny list (``trackers.yaml``, or the user's own list) or under one of its hosts, it is a
script or a beacon, and it is not the scanned site's own: documents, stylesheets, fonts,
images and media always load, so the page looks and reads as it does for a user. Both
engines refuse them (and count them in the page record) through the same gate, which keeps the
browser's cache on (``request_gate``); a Selenium Grid session, whose browser's DevTools
are out of reach on another machine, loads everything.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import cache
from importlib import resources
from urllib.parse import urlsplit

from audit.yamlfile import load_data

BLOCKED_TYPES = frozenset({"script", "xhr", "fetch", "ping", "eventsource", "websocket"})


@cache
def default_blocked_hosts() -> tuple[str, ...]:
    text = (resources.files("audit.webscan") / "trackers.yaml").read_text(encoding="utf-8")
    return tuple(str(host).lower() for host in load_data(text)["hosts"])


def url_patterns(hosts: tuple[str, ...]) -> list[str]:
    """The URLs on these hosts or their subdomains, any port, as the browser's own wildcard
    patterns (CDP ``Fetch.RequestPattern``): only such requests wait for ``refused``, the rest
    go on untouched. A pattern may match more (a query naming the host): ``refused`` decides."""
    patterns = []
    for host in hosts:
        name = _escape(host.lower().strip("."))
        patterns += [f"*://{name}/*", f"*://{name}:*", f"*://*.{name}/*", f"*://*.{name}:*"]
    return patterns


def _escape(name: str) -> str:
    return re.sub(r"([*?\\])", r"\\\1", name)


def refused(url: str, resource_type: str, page_url: str, hosts: tuple[str, ...]) -> bool:
    """Whether a request is refused: a script or beacon to a deny-listed host, unless the
    scanned page is on that host too (the site's own)."""
    if resource_type not in BLOCKED_TYPES:
        return False
    host, site = _host(url), _host(page_url)
    return any(_under(host, entry) and not _under(site, entry) for entry in hosts)


class Refusals:
    """A tab's decisions: ``refused`` against its deny list and the page it shows now
    (``page_url()``), and how many requests it refused since ``reset``."""

    def __init__(self, hosts: tuple[str, ...], page_url: Callable[[], str]) -> None:
        self.hosts = hosts
        self._page_url = page_url
        self.count = 0

    def __call__(self, url: str, resource_type: str) -> bool:
        if refused(url, resource_type, self._page_url(), self.hosts):
            self.count += 1
            return True
        return False

    def reset(self) -> None:
        self.count = 0


def _under(host: str, entry: str) -> bool:
    entry = entry.lower().strip(".")
    return host == entry or host.endswith("." + entry)


def _host(url: str) -> str:
    try:
        return (urlsplit(url).hostname or "").lower()
    except ValueError:
        return ""
