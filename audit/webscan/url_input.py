"""Which URLs a11y-audit will open: the URLs people give (arguments, ``--urls FILE``, a
config's start URLs), checked one by one. The crawler's canonical form of the links it finds
is ``webscan.crawl.urls``."""

from __future__ import annotations

import re
from urllib.parse import urlsplit

from audit.errors import InvalidURLError

_CONTROL = re.compile(r"[\x00-\x1f\x7f]")


def check_url(url: str) -> str:
    """The URL itself when it is an absolute http(s) URL; InvalidURLError otherwise."""
    url = url.strip()
    shown = _shown(url)
    if _CONTROL.search(url):
        raise InvalidURLError(f"{shown} contains control characters; write one URL a line")
    try:
        parts = urlsplit(url)
    except ValueError as err:  # "http://[::1" and the like
        raise InvalidURLError(f"{shown} is not a valid URL: {err}") from None
    if parts.scheme not in ("http", "https"):
        raise InvalidURLError(
            f"{shown} is not an http(s) URL; a11y-audit scans web pages only "
            "(write the full address, e.g. https://www.example.gov.cn/)"
        )
    if not parts.hostname:
        raise InvalidURLError(f"{shown} has no host name")
    return url


def _shown(url: str) -> str:
    """The URL as a message quotes it: at most 200 characters."""
    return repr(url if len(url) <= 200 else url[:200] + "…")


def read_url_file(text: str, name: str) -> list[str]:
    """URLs from a file with one per line; blank lines and lines starting with # are skipped."""
    urls = []
    for number, line in enumerate(text.splitlines(), start=1):
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        try:
            urls.append(check_url(line))
        except InvalidURLError as err:
            raise InvalidURLError(f"{name}:{number}: {err}") from err
    return urls
