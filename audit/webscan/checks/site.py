"""Site-level checks: what only shows across the pages of a scan, judged once it is complete.

``page-titles`` (2.4.2): pages of one scan that share a title. Each page of such a group gets
a needs-review finding on its ``<title>``: a shared title rarely says what *this* page is
about, but pagination and search pages may share one on purpose. Missing or empty titles
are axe-core's ``document-title`` rule.

``accessibility-entry``: per host, whether any scanned page links to an accessibility
statement, an accessibility toolbar (无障碍), an elderly-friendly mode (适老化 / 关怀版) or an
accessibility feedback route. The words are data (``data/entries.yaml``); the gatherer runs
on every page (``js/entries.js``). A host whose home page (``/``) was scanned and none of
whose scanned pages has an entry gets one violation, on the home page. A scan that did not
reach the home page says nothing: the entry is expected there, so its absence elsewhere
proves nothing.

Findings carry source ``site`` and are stored on the page they point at, like any other.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from functools import cache
from importlib import resources
from typing import Any
from urllib.parse import urlsplit

from audit.model import Finding, Outcome
from audit.webscan.checks.base import (
    CheckContext,
    Raw,
    SiteAnalyser,
    SiteFinding,
    SitePage,
    make_finding,
    script,
)
from audit.yamlfile import load_data

SOURCE = "site"
ENTRY_CHECK = "accessibility-entry"
MAX_ENTRIES = 10
MAX_EXAMPLES = 3
HOME_PATHS = ("", "index.html", "index.htm", "index.shtml", "index.jsp", "index.php")


@cache
def entry_settings() -> dict[str, Any]:
    """``{"kinds": {kind: [lower-case words]}, "max_width": n}`` from ``data/entries.yaml``;
    kinds in the order they are tried."""
    text = (resources.files("audit.webscan.checks") / "data" / "entries.yaml").read_text(
        encoding="utf-8")
    data = load_data(text)
    return {"max_width": int(data["max_label_width"]),
            "kinds": {kind: [str(word).lower() for word in words]
                      for kind, words in data["kinds"].items()}}


async def gather_entries(ctx: CheckContext) -> Raw:
    arg = {**entry_settings(), "limit": MAX_ENTRIES}
    return await ctx.tab.evaluate(script("entries"), arg, ctx.timeout_s)


def analyse_titles(pages: Sequence[SitePage]) -> list[SiteFinding]:
    groups: dict[tuple[str, str], list[SitePage]] = defaultdict(list)
    for page in pages:
        title = " ".join((page.title or "").split())
        if title and not page.error:
            groups[(page.viewport, title.casefold())].append(page)
    findings = []
    for group in groups.values():
        distinct = list(dict.fromkeys(page.final_url or page.url for page in group))
        if len(distinct) < 2:
            continue  # one page reached through several URLs (redirects)
        for page in group:
            findings.append(SiteFinding(page.url, page.viewport,
                                        _title_finding(page, distinct)))
    return findings


def analyse_entries(pages: Sequence[SitePage]) -> list[SiteFinding]:
    hosts: dict[str, list[SitePage]] = defaultdict(list)
    for page in pages:
        if not page.error:
            hosts[urlsplit(page.final_url or page.url).netloc].append(page)
    findings = []
    for host, group in hosts.items():
        outputs = [(page, page.check_raw(ENTRY_CHECK)) for page in group]
        judged = [page for page, raw in outputs if isinstance(raw, dict)]
        homes = [page for page in judged if _is_home(page)]
        if homes and not any(raw.get("entries") for _, raw in outputs
                             if isinstance(raw, dict)):
            findings.append(SiteFinding(homes[0].url, homes[0].viewport,
                                        _entry_finding(homes[0], host, len(judged))))
    return findings


def site_findings(pages: Iterable[SitePage], analysers: Iterable[SiteAnalyser]) -> list[
        SiteFinding]:
    listed = list(pages)
    return [finding for analyse in analysers for finding in analyse(listed)]


def _is_home(page: SitePage) -> bool:
    path = urlsplit(page.final_url or page.url).path.strip("/")
    return path in HOME_PATHS


def _title_finding(page: SitePage, same: list[str]) -> Finding:
    title = " ".join((page.title or "").split())
    own = page.final_url or page.url
    others = [url for url in same if url != own][:MAX_EXAMPLES]
    more = len(same) - 1 > len(others)
    return make_finding(rule="page-title-duplicate", outcome=Outcome.NEEDS_REVIEW,
                        element={"selector": "head > title", "html": f"<title>{title}</title>"},
                        message="shared-many" if more else "shared", page_url=page.url,
                        values={"title": title, "count": len(same), "others": others})


def _entry_finding(home: SitePage, host: str, judged: int) -> Finding:
    return make_finding(rule="accessibility-entry-missing", outcome=Outcome.VIOLATION,
                        element={"selector": "html", "html": "<html>"},
                        message="home-and-pages" if judged > 1 else "home",
                        values={"host": host, "others": judged - 1}, page_url=home.url)


def no_page_findings(_raw: Raw, _page_url: str) -> list[Finding]:
    """The page-level analyser of a check judged only across the site."""
    return []
