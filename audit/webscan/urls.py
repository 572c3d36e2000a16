"""Which URLs a11y-audit will open."""

from __future__ import annotations

from urllib.parse import urlsplit

from audit.errors import InvalidURLError


def check_url(url: str) -> str:
    """The URL itself when it is an absolute http(s) URL; InvalidURLError otherwise."""
    try:
        parts = urlsplit(url.strip())
    except ValueError as err:  # "http://[::1" and the like
        raise InvalidURLError(f"{url[:200]!r} is not a valid URL: {err}") from None
    if parts.scheme not in ("http", "https"):
        raise InvalidURLError(
            f"{url!r} is not an http(s) URL; a11y-audit scans web pages only "
            "(write the full address, e.g. https://www.example.gov.cn/)"
        )
    if not parts.hostname:
        raise InvalidURLError(f"{url!r} has no host name")
    return url.strip()


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
