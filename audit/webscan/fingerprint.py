"""Fingerprints: the same barrier on the same element gets the same id in every run.

A fingerprint hashes the rule, the page (path and sorted query: many government CMSs tell
articles apart by ``?id=``), the selector with its volatile parts removed, and the element's
stable attributes. Generated ids (``#el-8f3a9c2d``, ``#:r1:``, ``#item-20231``) and sibling
indices (``:nth-child(3)``) change between deployments, so they are dropped; the element's
``src``, ``href``, ``name`` and similar attributes tell apart siblings that then look alike.
"""

from __future__ import annotations

import hashlib
import re
from functools import lru_cache
from urllib.parse import parse_qsl, urlencode, urlsplit

_NTH = re.compile(r":nth-(?:child|of-type|last-child|last-of-type)\(\s*\d+\s*\)")
_ID = re.compile(r"#((?:\\.|[\w-])+)")
_VOLATILE_ID = re.compile(r"\d{3,}|[0-9a-f]{8,}|^:|^[\w-]*\\:|(?:^|[-_])\d+$", re.IGNORECASE)
_START_TAG = re.compile(r"<([a-zA-Z][\w-]*)([^>]*)>?")
_STABLE_ATTRS = ("src", "href", "name", "for", "type", "role", "alt", "aria-label", "title",
                 "action", "value")
_ATTR = re.compile(r"""([\w:-]+)\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+))""")


def normalise_selector(selector: str) -> str:
    """The selector without sibling indices and generated ids."""
    without_nth = _NTH.sub("", selector)
    return _ID.sub(lambda m: "" if _VOLATILE_ID.search(m.group(1)) else m.group(0), without_nth)


def element_anchor(html: str) -> str:
    """The tag name and stable attributes of the element's start tag."""
    match = _START_TAG.match(html.strip())
    if not match:
        return ""
    attrs = {m.group(1).lower(): m.group(2) or m.group(3) or m.group(4) or ""
             for m in _ATTR.finditer(match.group(2))}
    stable = [f"{key}={attrs[key]}" for key in _STABLE_ATTRS if key in attrs]
    return " ".join([match.group(1).lower(), *stable])


@lru_cache(maxsize=64)  # every finding of a page asks it of the same URL
def page_key(url: str) -> str:
    """Path and sorted query of a URL: the page part of a fingerprint."""
    parts = urlsplit(url)
    query = urlencode(sorted(parse_qsl(parts.query, keep_blank_values=True)))
    return (parts.path or "/") + (f"?{query}" if query else "")


def fingerprint(rule: str, url: str, selector: str, html: str) -> str:
    key = "\n".join((rule, page_key(url), normalise_selector(selector), element_anchor(html)))
    return hashlib.sha256(key.encode("utf-8")).hexdigest()[:20]
