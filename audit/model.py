"""The shared vocabulary of a11y-audit: web and physical results speak these words.

Pure data, no I/O. Producers (``webscan``, ``checklist``) build these objects; ``store`` keeps
them; ``report`` reads them.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any


class Severity(StrEnum):
    """One scale for web and physical findings (axe-core's impact words), worst first."""

    CRITICAL = "critical"
    SERIOUS = "serious"
    MODERATE = "moderate"
    MINOR = "minor"

    @property
    def rank(self) -> int:
        """0 for critical up to 3 for minor: sort ascending to put the worst first."""
        return _SEVERITY_RANKS[self]

    def at_least(self, other: Severity) -> bool:
        """True when this severity is as bad as ``other`` or worse."""
        return self.rank <= other.rank


_SEVERITY_RANKS = {severity: number for number, severity in enumerate(Severity)}


class Outcome(StrEnum):
    """What a web rule said about one element."""

    VIOLATION = "violation"
    NEEDS_REVIEW = "needs-review"


class ItemOutcome(StrEnum):
    """What a checklist item came to."""

    PASS = "pass"
    FAIL = "fail"
    NOT_APPLICABLE = "not-applicable"
    UNANSWERED = "unanswered"


class Viewport(StrEnum):
    DESKTOP = "desktop"
    MOBILE = "mobile"
    DOCUMENT = "document"  # a published PDF or Office file: checked as it is, in no browser


THUMBNAIL = "thumbnail"  # PageResult.screenshots key of a document's first page (PNG)

BROWSER_VIEWPORTS: tuple[Viewport, ...] = (Viewport.DESKTOP, Viewport.MOBILE)


class DocumentStatus(StrEnum):
    """What became of a published document."""

    CHECKED = "checked"
    MANUAL_REVIEW = "manual-review"  # a format no automated check reads (DOC, WPS, OFD ...)
    FAILED = "failed"  # could not be checked: the reason is the result's ``error``
    DUPLICATE = "duplicate"  # the same bytes as a document checked under another URL


@dataclass(frozen=True)
class DocumentInfo:
    """What a check of a published document says about the document as a whole."""

    format: str  # "pdf", "docx", "xlsx", "pptx"; for others their kind ("doc", "ofd" ...)
    status: DocumentStatus
    size: int | None = None  # bytes
    sha256: str | None = None
    media_type: str | None = None  # the server's Content-Type, if any
    pages: int | None = None  # pages, sheets or slides
    pages_examined: int | None = None  # fewer than ``pages`` when a limit stopped the check
    image_only_pages: int = 0
    tagged: bool | None = None  # PDF: has a structure tree and says so
    title: str | None = None
    lang: str | None = None
    duplicate_of: str | None = None
    found_on: str | None = None  # the page that linked to it (crawls)
    thumbnail: str | None = None  # "sha256:<hex>" of a PNG of the first page, once stored


@dataclass(frozen=True)
class Finding:
    """One rule's outcome on one element of one page."""

    rule: str
    source: str  # "axe" or the name of one of our own checks
    outcome: Outcome
    impact: Severity
    wcag: tuple[str, ...]  # success criteria, e.g. ("1.4.3",)
    level: str | None  # "A", "AA", "AAA"; None for best-practice rules
    selector: str
    html: str
    message: str
    help_url: str
    fingerprint: str
    screenshot: str | None = None
    # What the rule found, as data, for wording the finding in any language at render time
    # (``audit.standards.wording``); None for findings stored before facts were kept.
    facts: dict[str, Any] | None = field(default=None, hash=False)
    # The identity key of the template region the element lies in (template-aware crawls,
    # ``audit.webscan.templates``): findings with one key on many pages are one CMS template's.
    template: str | None = None


@dataclass(frozen=True)
class Resource:
    """One response a page is made of, as it was when the page was last checked in full:
    the SHA-256 of its body and the validators the server gave (for conditional requests)."""

    url: str
    sha256: str
    etag: str | None = None
    last_modified: str | None = None


@dataclass(frozen=True)
class PageVersion:
    """What a page was made of when it was last checked in full: its HTML response and the
    stylesheets and scripts it loaded. An incremental round compares them with what the
    server serves now to decide whether the page must be rendered again."""

    html: Resource
    subresources: tuple[Resource, ...] = ()


class NoteCode(StrEnum):
    """What a page note says; its words are ``note.<code>`` in reports/i18n (zh-CN and en)."""

    TEXT = "text"  # a note stored as plain text (by a version before notes had codes)
    LOAD_TIMEOUT = "load-timeout"
    RETRIED = "retried"
    DIALOG = "dialog"  # a dialog of a kind the engine does not tell (WebDriver)
    DIALOG_OF_KIND = "dialog-of-kind"  # alert, confirm, prompt, beforeunload
    DIALOGS_MORE = "dialogs-more"
    WENT_ON = "went-on"
    HELD_NAVIGATION = "held-navigation"  # it tried to go on while analysed, and was kept
    HELD_NAVIGATION_AFTER_KEYS = "held-navigation-after-keys"  # ... after our checks' keys
    SLOW_RULES_LEFT_OUT = "slow-rules-left-out"
    NOT_SETTLED = "not-settled"
    LEFT_WHILE_SETTLING = "left-while-settling"
    CHECK_FAILED = "check-failed"
    CHECK_SKIPPED = "check-skipped"
    CHECK_NOT_ANALYSED = "check-not-analysed"
    SERVES_DOCUMENT = "serves-document"
    SAME_FILE = "same-file"
    DOCUMENT_PAGES_LIMITED = "document-pages-limited"
    DOCUMENT_STRUCTURE_PARTIAL = "document-structure-partial"
    DOCUMENT_JAVASCRIPT = "document-javascript"
    DOCUMENT_DEFAULT_PASSWORD = "document-default-password"  # opens without asking


class Redirected(StrEnum):
    """Why a crawled address that redirected was not stored as a page; its words are
    ``scan.redirected_<value>`` in reports/i18n."""

    SCANNED = "scanned"  # to a page this crawl had already scanned (in that viewport)
    LEFT_SITE = "left_site"  # out of the crawl's scope: not a page of the site
    # to the site's login page, naming the address as where to go back (webscan.crawl.
    # login_wall): the login page is scanned once, under its own address
    LOGIN = "login"
    # to a login page out of the crawl's scope (another host's single sign-on): not scanned
    LOGIN_OFF_SITE = "login_off_site"


_NOTE_CODES = frozenset(str(code) for code in NoteCode)


@dataclass(frozen=True)
class Note:
    """Something about how a page was scanned (a dialog dismissed, a check that failed): a
    code and its values, worded in the reader's language when shown. Values taken from the
    page (a dialog's text, an address) are kept verbatim and escaped where shown."""

    code: NoteCode
    params: dict[str, str | int] = field(default_factory=dict, hash=False)

    @classmethod
    def plain(cls, text: str) -> Note:
        """A note that is only a text (as older versions stored every note)."""
        return cls(NoteCode.TEXT, {"text": text})

    def stored(self) -> str | dict[str, Any]:
        """The JSON form: a plain note as its text (as it always was), else code and values."""
        if self.code is NoteCode.TEXT:
            return str(self.params.get("text", ""))
        return {"code": str(self.code), "params": dict(self.params)}

    @classmethod
    def from_stored(cls, value: Any) -> Note:
        """A note from its JSON form; a text (older versions) or a form this version does not
        know (a newer one's code) becomes a plain note that shows what was stored."""
        if isinstance(value, dict) and value.get("code") in _NOTE_CODES \
                and isinstance(value.get("params", {}), dict):
            return cls(NoteCode(value["code"]), dict(value.get("params", {})))
        return cls.plain(value if isinstance(value, str) else json.dumps(value,
                                                                         ensure_ascii=False))


@dataclass
class PageResult:
    """Everything one page of a scan produced, including why it could not be scanned."""

    url: str
    viewport: Viewport
    final_url: str | None = None
    status: int | None = None
    title: str | None = None
    timings_ms: dict[str, int] = field(default_factory=dict)
    error: str | None = None
    notes: list[Note] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)
    passed_rules: list[str] = field(default_factory=list)
    inapplicable_rules: list[str] = field(default_factory=list)
    raw: dict[str, Any] | None = None  # the browser's output as gathered (axe results)
    screenshots: dict[str, bytes] = field(default_factory=dict)  # PNG by finding fingerprint
    document: DocumentInfo | None = None  # set when the URL is a published document
    blocked_requests: int = 0  # third-party tracker requests refused (audit.webscan.blocking)
    version: PageVersion | None = None  # what it was made of (incremental rounds)
    verified_at: str | None = None  # last checked in full (ISO 8601, UTC), stamped by the scanner
    carried_from: int | None = None  # the scan its findings were carried forward from
    links: list[str] | None = None  # the links it had, kept by incremental crawls

    @property
    def violations(self) -> list[Finding]:
        return [f for f in self.findings if f.outcome is Outcome.VIOLATION]

    @property
    def needs_review(self) -> list[Finding]:
        return [f for f in self.findings if f.outcome is Outcome.NEEDS_REVIEW]


@dataclass
class ScanRun:
    """A scan of a list of pages with one engine, browser and standard."""

    engine: str
    standard: str
    tool_version: str
    axe_version: str | None = None
    browser_version: str | None = None
    started_at: str | None = None  # ISO 8601, UTC
    finished_at: str | None = None
    pages: list[PageResult] = field(default_factory=list)
