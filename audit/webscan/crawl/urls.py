"""One canonical form per page: URL normalisation, and which URLs belong to the site.

``normalise`` turns any link as written in a page into the form the crawler keys pages by:

- relative links are resolved against ``base``; only http and https are kept (``mailto:``,
  ``tel:``, ``javascript:``, ``data:`` ... give ``None``);
- scheme and host are lower-cased, an internationalised host becomes its IDNA (``xn--``)
  form, a trailing dot on the host goes (``。`` and ``．`` are dots, as browsers read them),
  and so does the default port (80, 443);
- user name and password are dropped (they must never reach a report);
- percent-encoding is made canonical: non-ASCII (e.g. Chinese paths) is encoded as UTF-8,
  escapes are upper-case, escaped unreserved characters (``%7E``, ``%2E``) are decoded;
- then ``.`` and ``..`` path segments are removed (``%2e%2e`` too: it is ``..``), an empty
  path becomes ``/``, a backslash before the query is a slash (as browsers read it);
- session parameters in the path (``;jsessionid=...``) and tracking or session parameters in
  the query (``TRACKING_PARAMS``) are dropped; the rest are sorted by name (stable, so repeated
  names keep their order); the fragment is dropped (so are ``#/`` routes of single-page apps:
  such a site shows as one page).

``same_site`` says whether a URL is on one of the sites of the start URLs: the same host and
port, where ``www.example.gov.cn`` and ``example.gov.cn`` are one site, and http and https
are one site. Other sub-domains are other sites (add them as start URLs to crawl them).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from fnmatch import fnmatchcase
from functools import lru_cache
from urllib.parse import SplitResult, unquote, urljoin, urlsplit, urlunsplit

# Query parameters that never change what a page shows, only who is tracked; dropped so one
# page has one URL. Matched case-insensitively, fnmatch-style (``utm_*``).
TRACKING_PARAMS: tuple[str, ...] = (
    # campaign and click trackers (Google, Microsoft, Facebook, Yandex, HubSpot, Mailchimp ...)
    "utm_*", "gclid", "gclsrc", "dclid", "gbraid", "wbraid", "fbclid", "msclkid", "yclid",
    "igshid", "twclid", "ttclid", "li_fat_id", "mc_cid", "mc_eid", "_hsenc", "_hsmi",
    "_ga", "_gl",
    # common on Chinese sites: Alibaba's spm/scm, WeChat and Weibo share markers, Bilibili
    "spm", "scm", "from", "isappinstalled", "share_source", "share_medium", "vd_source",
    "wfr", "sharer_shareid", "sharer_sharetime",
    # session ids carried in the query
    "jsessionid", "phpsessid", "aspsessionid*", "sessionid", "cfid", "cftoken",
)

# Session ids carried as path parameters: ``/page.jsp;jsessionid=0A1B?x=1``.
SESSION_PATH_PARAMS: tuple[str, ...] = ("jsessionid", "phpsessid", "sid", "sessionid")

_DEFAULT_PORTS = {"http": 80, "https": 443}
_UNRESERVED = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~")
_SUB_DELIMS = "!$&'()*+,;="
_PATH_SAFE = frozenset(_UNRESERVED | set(_SUB_DELIMS) | set(":@/"))
_QUERY_PART_SAFE = frozenset(_PATH_SAFE | set("?"))  # "+" stays: it means a space
_ESCAPE = re.compile(r"%([0-9A-Fa-f]{2})")
_STRIPPED = str.maketrans("", "", "\t\n\r")
# Recent answers of ``normalise``: a crawl asks about the same links many times (every page
# of a portal has the same menu, and each link is normalised again when it is judged);
# bounded, so memory stays flat however big the site.
_REMEMBERED = 8192


@lru_cache(maxsize=_REMEMBERED)
def normalise(url: str, base: str | None = None) -> str | None:
    """The canonical form of ``url`` (resolved against ``base``), or None if it is not a
    web link (not http or https, no host, a bad port or host name)."""
    url = _slashes(url.translate(_STRIPPED).strip(" \x00\x0b\x0c"))
    try:
        if base is not None:
            url = urljoin(base, url)
        parts = urlsplit(url)
        port = parts.port
    except ValueError:
        return None
    scheme = parts.scheme.lower()
    if scheme not in _DEFAULT_PORTS or not parts.hostname:
        return None
    host = _host(parts)
    if host is None:
        return None
    netloc = host if port in (None, _DEFAULT_PORTS[scheme]) else f"{host}:{port}"
    return urlunsplit((scheme, netloc, _path(parts.path), _query(parts.query), ""))


def site_key(url: str) -> str | None:
    """What ``same_site`` compares: host (without ``www.``) and a non-default port."""
    canonical = normalise(url)
    if canonical is None:
        return None
    netloc = urlsplit(canonical).netloc
    return netloc.removeprefix("www.")


def same_site(url: str, start_urls: Iterable[str]) -> bool:
    """Whether ``url`` is on the site of one of ``start_urls`` (see the module docstring)."""
    key = site_key(url)
    return key is not None and key in {site_key(start) for start in start_urls}


def is_tracking_param(name: str) -> bool:
    name = unquote(name).lower()
    return any(fnmatchcase(name, pattern) for pattern in TRACKING_PARAMS)


def _slashes(url: str) -> str:
    """A backslash before the query is a slash, as browsers read http(s) URLs."""
    cut = min((i for i in (url.find("?"), url.find("#")) if i >= 0), default=len(url))
    return url[:cut].replace("\\", "/") + url[cut:]


def _host(parts: SplitResult) -> str | None:
    host = (parts.hostname or "").rstrip(".")
    if ":" in host:  # IPv6 literal
        return f"[{host}]"
    try:  # IDNA maps 。 and ． to dots: a trailing one goes after it too
        host = unquote(host).encode("idna").decode("ascii").lower().rstrip(".")
    except UnicodeError:
        return None
    return host or None


def _path(path: str) -> str:
    """Escapes made canonical first, so ``%2e%2e`` is the ``..`` it stands for before dot
    segments go (RFC 3986 section 6.2.2): normalising twice changes nothing."""
    segments = [_drop_session_param(segment) for segment in path.split("/")]
    path = _canonical_escapes("/".join(segments), _PATH_SAFE)
    return _remove_dot_segments(path) or "/"


def _drop_session_param(segment: str) -> str:
    head, *params = segment.split(";")
    kept = [p for p in params
            if p.split("=", 1)[0].lower() not in SESSION_PATH_PARAMS]
    return ";".join([head, *kept])


def _remove_dot_segments(path: str) -> str:
    """RFC 3986 section 5.2.4, for absolute paths."""
    output: list[str] = []
    segments = path.split("/")
    for index, segment in enumerate(segments):
        last = index == len(segments) - 1
        if segment == ".":
            if last:
                output.append("")
        elif segment == "..":
            if len(output) > 1:
                output.pop()
            if last:
                output.append("")
        else:
            output.append(segment)
    result = "/".join(output)
    return result if result.startswith("/") else "/" + result


def _query(query: str) -> str:
    pairs = []
    for piece in query.split("&"):
        if not piece:
            continue
        name, sep, value = piece.partition("=")
        if is_tracking_param(name):
            continue
        pairs.append((_canonical_escapes(name, _QUERY_PART_SAFE), sep,
                      _canonical_escapes(value, _QUERY_PART_SAFE)))
    pairs.sort(key=lambda pair: pair[0])
    return "&".join(f"{name}{sep}{value}" for name, sep, value in pairs)


def _canonical_escapes(text: str, safe: frozenset[str]) -> str:
    """Percent-encode what must be, upper-case escapes, decode escaped unreserved bytes."""
    out: list[str] = []
    index = 0
    while index < len(text):
        char = text[index]
        match = _ESCAPE.match(text, index) if char == "%" else None
        if match:
            decoded = chr(int(match.group(1), 16))
            out.append(decoded if decoded in _UNRESERVED else match.group(0).upper())
            index += 3
            continue
        if char in safe:
            out.append(char)
        else:
            out.append("".join(f"%{byte:02X}" for byte in char.encode("utf-8", "surrogatepass")))
        index += 1
    return "".join(out)
