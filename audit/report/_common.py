"""What the CI formats share: which violations they report, what the scan recorded of each rule,
pseudo-paths for pages."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from urllib.parse import parse_qsl, quote, unquote, urlencode, urlsplit, urlunsplit

from audit.model import Finding, PageResult, ScanRun, Viewport
from audit.report.gate import GateResult
from audit.report.i18n import Messages
from audit.standards import SpecClause, spec_clause

_SEGMENT_SAFE = "-._~=&"
_SEGMENT_LIMIT = 100
_URI_SAFE = "%/!$&'()*+,;=:@"  # RFC 3986 pchar and "/" ("%": an escape stays one)


@dataclass(frozen=True)
class RuleInfo:
    """What a scan recorded of a rule: the words of the rule catalogue replace its help and
    description where the catalogue has the rule; its help URL and tags are kept."""

    id: str
    help: str  # one line as recorded: "Images must have alternative text"
    description: str  # a sentence on what the rule checks, as recorded
    help_url: str  # an http(s) address or "" (``web_link``)
    tags: tuple[str, ...]  # axe's own tags (wcag2a, wcag111, best-practice, ...)


def reported(page: PageResult, gate: GateResult | None) -> list[Finding]:
    """The page's violations a CI format reports: all but those a baseline accepts."""
    return [f for f in page.violations if gate is None or not gate.is_accepted(f)]


def alert_key(page: PageResult, finding: Finding) -> str:
    """The finding's fingerprint, with the viewport unless it is the desktop's: GitLab and GitHub
    code scanning merge equal fingerprints, and a page scanned at two viewports must keep each
    viewport's alerts apart whatever order the pages come in (a desktop-only round keeps its
    history)."""
    if page.viewport in (Viewport.DESKTOP, Viewport.DOCUMENT):
        return finding.fingerprint
    return f"{finding.fingerprint}-{page.viewport}"


def element_on(msg: Messages, page: PageResult, finding: Finding) -> str:
    """" (element … on URL)", naming the viewport unless it is the desktop's."""
    if page.viewport in (Viewport.DESKTOP, Viewport.DOCUMENT):
        return msg.t("ci.element_on", selector=finding.selector, url=page.url)
    return msg.t("ci.element_on_viewport", selector=finding.selector, url=page.url,
                 viewport=msg.t(f"viewport.{page.viewport}"))


def rule_infos(run: ScanRun) -> dict[str, RuleInfo]:
    """Texts of every rule seen in the run, from the stored axe output where there is one."""
    infos: dict[str, RuleInfo] = {}
    for page in run.pages:
        raw = page.raw or {}
        for rule in [*raw.get("violations", []), *raw.get("incomplete", [])]:
            infos.setdefault(rule["id"], RuleInfo(
                rule["id"], rule.get("help") or rule["id"],
                rule.get("description") or rule.get("help") or rule["id"],
                web_link(rule.get("helpUrl")), tuple(rule.get("tags") or ())))
        for finding in page.findings:
            if finding.rule not in infos:
                help_text = finding.message.split(": ", 1)[0]
                infos[finding.rule] = RuleInfo(finding.rule, help_text, help_text,
                                               web_link(finding.help_url), ())
    return infos


def web_link(url: object) -> str:
    """``url`` if it is an absolute http(s) address, else "": a help link comes from the
    scan's record, which a stored or imported scan file may carry anything in (SARIF readers
    refuse a ``helpUri`` that is no URI; a ``javascript:`` link must not become a link).
    Characters a URI may not carry in its path, query or fragment (``[``, ``<``, non-ASCII
    ...) are percent-encoded."""
    if not isinstance(url, str) or any(c.isspace() for c in url):
        return ""
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        return ""
    return urlunsplit(parts._replace(path=quote(parts.path, safe=_URI_SAFE),
                                     query=quote(parts.query, safe=_URI_SAFE + "?"),
                                     fragment=quote(parts.fragment, safe=_URI_SAFE + "?")))


def clause_of(finding: Finding) -> SpecClause | None:
    """The clause of another specification a finding with no WCAG criterion reports, if any."""
    return None if finding.wcag else spec_clause(finding.rule)


def artifact_path(url: str) -> str:
    """A stable, scheme-less relative path for a page: ``host/path``, ``index`` for ``/``.

    ``https://www.example.gov.cn:8443/zwgk/?id=7&a=1`` -> ``www.example.gov.cn_8443/zwgk/
    index__a=1&id=7``. Segments are percent-encoded, dot segments neutralised, the query
    sorted and appended to the last segment, overlong segments shortened with a hash.
    """
    parts = urlsplit(url)
    host = _host(parts.hostname or "unknown-host")
    if parts.port:
        host += f"_{parts.port}"
    raw = parts.path.split("/")
    segments = [_segment(unquote(s)) for s in raw[1:-1] if s] + [_segment(unquote(raw[-1]))
                                                                   if raw[-1] else "index"]
    if parts.query:
        query = urlencode(sorted(parse_qsl(parts.query, keep_blank_values=True)))
        segments[-1] = _shorten(f"{segments[-1]}__{query}")
    return "/".join([host, *segments])


def _host(host: str) -> str:
    """The host in ASCII (IDNA), a character no URI may carry (a control character in a
    link's host) percent-encoded."""
    if ":" in host:  # IPv6; a colon in the first segment would read as a URI scheme
        return host.replace(":", "-")
    try:
        host = host.encode("idna").decode("ascii")
    except UnicodeError:
        pass
    return quote(host, safe="")


def _segment(text: str) -> str:
    if text in (".", ".."):
        return text.replace(".", "_")
    return _shorten(quote(text, safe=_SEGMENT_SAFE))


def _shorten(segment: str) -> str:
    if len(segment) <= _SEGMENT_LIMIT:
        return segment
    digest = hashlib.sha256(segment.encode()).hexdigest()[:12]
    head = segment[:_SEGMENT_LIMIT - 13]
    if "%" in head[-2:]:
        head = head[:head.rindex("%")]  # never cut a %XX escape in two
    return f"{head}~{digest}"
