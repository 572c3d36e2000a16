"""Scan runs for the CI-format tests, built without a browser.

``barriers_run`` replays the axe-core output recorded from tests/webscan/pages/barriers.html
(4 critical, 2 serious violations); ``hostile_run`` has a page whose snippets and messages try
to break out of XML, Markdown and terminals.
"""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path

from audit.model import Finding, Outcome, PageResult, ScanRun, Severity, Viewport
from audit.webscan.findings import findings_from_axe

RECORDED = Path(__file__).parents[1] / "webscan" / "data" / "barriers-axe.json"
PORTAL = "https://www.example.gov.cn/zwgk/index.html"


def barriers_page(url: str = PORTAL) -> PageResult:
    raw = json.loads(RECORDED.read_text(encoding="utf-8"))
    return PageResult(url=url, viewport=Viewport.DESKTOP, final_url=url, status=200,
                      title=raw["title"], timings_ms={"load": 120, "axe": 340}, raw=raw,
                      findings=findings_from_axe(raw, url), passed_rules=list(raw["passes"]),
                      inapplicable_rules=list(raw["inapplicable"]))


def make_run(*pages: PageResult) -> ScanRun:
    return ScanRun(engine="playwright", standard="wcag22aa", tool_version="0.1.0",
                   axe_version="4.12.1", browser_version="131.0.6778.85",
                   started_at="2025-06-30T02:00:00+00:00",
                   finished_at="2025-06-30T02:00:09+00:00", pages=list(pages))


def barriers_run() -> ScanRun:
    return make_run(barriers_page())


def error_page(url: str = "https://www.example.gov.cn/ztzl/") -> PageResult:
    return PageResult(url=url, viewport=Viewport.DESKTOP, error="the server answered HTTP 503")


def finding(rule: str = "image-alt", impact: Severity = Severity.CRITICAL,
            outcome: Outcome = Outcome.VIOLATION, fingerprint: str = "f" * 20,
            **changes: object) -> Finding:
    base = Finding(rule=rule, source="axe", outcome=outcome, impact=impact, wcag=("1.1.1",),
                   level="A", selector="#logo", html='<img src="/logo.png" id="logo">',
                   message="Images must have alternative text: Element does not have an alt "
                           "attribute", help_url="https://dequeuniversity.com/rules/axe/4.12/"
                                                 "image-alt", fingerprint=fingerprint)
    return replace(base, **changes)


def page_with(url: str, *findings: Finding) -> PageResult:
    return PageResult(url=url, viewport=Viewport.DESKTOP, status=200, findings=list(findings))


HOSTILE_HTML = ('<img alt="]]></failure><injected/>\x00\x1b[31m\x07\ufffe\ud800 '
                '&amp; <script>alert(1)</script> | @admins #1 [x](javascript:alert(1))">')
HOSTILE_SELECTOR = 'img[alt="]]>\x01<b>"] | `code` **bold**'


def hostile_run() -> ScanRun:
    bad = finding(selector=HOSTILE_SELECTOR, html=HOSTILE_HTML,
                  message=f"Images must have alternative text: {HOSTILE_HTML}")
    page = page_with("https://www.example.gov.cn/search?q=%3Cscript%3E&lang=zh", bad)
    page.title = "<title>\x0b</title>"
    return make_run(page)
