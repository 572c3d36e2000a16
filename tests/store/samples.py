"""Model objects for store tests, built directly (no browser)."""

from __future__ import annotations

import dataclasses
from typing import Any

from sqlalchemy import delete, text

from audit.model import Finding, Note, NoteCode, Outcome, PageResult, ScanRun, Severity, Viewport
from audit.store.tables import schema_migrations


def finding(rule: str = "image-alt", *, impact: Severity = Severity.CRITICAL,
            outcome: Outcome = Outcome.VIOLATION, selector: str = "img#logo",
            **changes: Any) -> Finding:
    base = Finding(
        rule=rule, source="axe", outcome=outcome, impact=impact, wcag=("1.1.1",), level="A",
        selector=selector, html='<img id="logo" src="/logo.png">',
        message="图片缺少替代文本 (image has no alt text)",
        help_url=f"https://dequeuniversity.com/rules/axe/4.10/{rule}",
        fingerprint=f"{rule}|/|{selector}",
    )
    return dataclasses.replace(base, **changes)


def axe_raw(url: str, rules: int = 40) -> dict[str, Any]:
    """Something shaped like axe-core's results, big enough for compression to show."""
    return {
        "url": url,
        "testEngine": {"name": "axe-core", "version": "4.10.2"},
        "violations": [{"id": f"rule-{i}", "impact": "serious", "tags": ["wcag2a", "wcag111"],
                        "description": "元素必须有足够的颜色对比度",
                        "nodes": [{"html": "<p class='x'>文本</p>",
                                   "target": [f"p:nth-child({i})"]}]}
                       for i in range(rules)],
        "passes": ["document-title", "html-has-lang"],
        "inapplicable": ["video-caption"],
    }


def error_page(url: str = "https://gov.example.cn/missing") -> PageResult:
    return PageResult(url=url, viewport=Viewport.DESKTOP, final_url=None, status=None,
                      timings_ms={"load": 30000}, error="timeout after 30 s loading the page",
                      notes=[Note(NoteCode.RETRIED)])


def findings_page(url: str = "https://gov.example.cn/服务/办事指南?id=1",
                  viewport: Viewport = Viewport.MOBILE) -> PageResult:
    return PageResult(
        url=url, viewport=viewport, final_url=url + "&lang=zh", status=200,
        title="办事指南 — <script>alert('title')</script>",
        timings_ms={"load": 812, "axe": 430, "checks": 55},
        notes=[Note(NoteCode.DIALOG_OF_KIND, {"kind": "alert", "text": "欢迎"})],
        findings=[
            finding(),
            finding("color-contrast", impact=Severity.SERIOUS, wcag=("1.4.3",), level="AA",
                    selector="#main > p.note", html="<script>document.write('x')</script>",
                    message="文字与背景的对比度不足 4.5:1", screenshot="ab/cdef.png"),
            finding("region", impact=Severity.MODERATE, outcome=Outcome.NEEDS_REVIEW,
                    wcag=(), level=None, selector="div.banner"),
        ],
        passed_rules=["document-title", "html-has-lang"],
        inapplicable_rules=["video-caption", "audio-caption"],
        raw=axe_raw(url),
    )


def sample_run() -> ScanRun:
    return ScanRun(engine="playwright", standard="wcag22aa", tool_version="0.1.0",
                   axe_version="4.10.2", browser_version="Chromium 131.0",
                   started_at="2025-03-01T08:00:00+00:00",
                   finished_at="2025-03-01T08:05:00+00:00",
                   pages=[error_page(), findings_page()])


def header_only(run: ScanRun) -> ScanRun:
    return dataclasses.replace(run, pages=[])


def as_before(store: Any, migration: str, *tables: str) -> None:
    """Put ``store`` back as it was before ``migration``: its tables dropped, its record gone,
    so that the next open runs it again (as an upgrade would)."""
    with store.engine.begin() as connection:
        for table in tables:
            connection.execute(text(f"DROP TABLE {table}"))
        connection.execute(delete(schema_migrations).where(schema_migrations.c.name == migration))
