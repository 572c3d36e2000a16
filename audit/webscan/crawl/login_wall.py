"""Login walls: a protected address that redirects to the site's login page, naming itself as
where to go back to after the login (``/login?next=/a``, ``?returnUrl=http%3A%2F%2F...``,
CAS's ``?service=``, ``?ReturnUrl=``, ``?redirect=``, ``?from=``, ``?goto=``, ``?url=`` ...).

The sign is the value, not the parameter's name: a query parameter of the address the redirect
ended at whose value, percent-decoded (once or twice: some portals encode it twice), is the
original address itself, absolute (``http://site/a?x=1``) or as a path with its query
(``/a?x=1``). Names vary too much between portals to be listed, and a name alone says nothing
(``/search?url=...`` is no login page). An ordinary redirect (``/old -> /news/1.html``) names
no address; one whose parameter names another address (``/b -> /login?next=/a``) is no login
wall of ``/b`` either: both are left alone (stored as the page they reached, or counted as
reaching a page scanned already).

The login page is one page however many addresses lead to it: its address is the one the
redirect ended at without the parameters that name the original address (other parameters,
e.g. ``?locale=zh``, stay), normalised as every crawled address is.
"""

from __future__ import annotations

from urllib.parse import parse_qsl, unquote, urlencode, urljoin, urlsplit, urlunsplit

from audit.webscan.crawl.urls import normalise

_DECODINGS = 2  # a value may be percent-encoded twice (a URL in a URL in a query)


def login_page(original: str, final: str) -> str | None:
    """The login page's address when ``original`` redirected to ``final`` (as the browser
    showed it) because it needs a login: ``final`` without the query parameters naming
    ``original``, normalised. None when no parameter names ``original`` (no login wall)."""
    target = normalise(original)
    parts = urlsplit(final)
    pairs = parse_qsl(parts.query, keep_blank_values=True)
    kept = [(name, value) for name, value in pairs if not _names(value, target, original)]
    if target is None or len(kept) == len(pairs):
        return None
    return normalise(urlunsplit(parts._replace(query=urlencode(kept), fragment="")))


def _names(value: str, target: str | None, original: str) -> bool:
    """Whether a parameter's (already once decoded) value is the address ``target``: an
    absolute http(s) URL or a path from the root (``/a?x=1``), maybe encoded once more."""
    for _ in range(_DECODINGS):
        if _address(value) and normalise(urljoin(original, value)) == target:
            return True
        value = unquote(value)
    return False


def _address(value: str) -> bool:
    """Whether ``value`` is written as an address: from the root, or absolute http(s)."""
    return value.startswith("/") or urlsplit(value).scheme in ("http", "https")
