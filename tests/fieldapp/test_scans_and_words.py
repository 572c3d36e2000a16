"""Scan results read-only (hostile page text escaped); the translations are complete."""

from __future__ import annotations

import re
from pathlib import Path

import yaml

from audit.fieldapp.i18n import LANGUAGES
from audit.fieldapp.server import FieldServer
from audit.model import Finding, Outcome, PageResult, ScanRun, Severity, Viewport
from audit.store import Store
from tests.fieldapp.conftest import logged_in

_APP = Path(__file__).resolve().parents[2] / "audit" / "fieldapp"
HOSTILE = "<script>alert('x')</script>"


def store_scan(store: Store) -> int:
    finding = Finding(rule="image-alt", source="axe", outcome=Outcome.VIOLATION,
                      impact=Severity.CRITICAL, wcag=("1.1.1",), level="A",
                      selector="img.logo", html=f'<img src="logo.png">{HOSTILE}',
                      message="Images must have alternative text", help_url="https://x/",
                      fingerprint="f1")
    page = PageResult(url="https://www.example.gov.cn/", viewport=Viewport.DESKTOP,
                      final_url="https://www.example.gov.cn/", status=200,
                      title=f"首页 {HOSTILE}", findings=[finding])
    run = ScanRun(engine="playwright", standard="wcag22aa", tool_version="0",
                  started_at="2026-11-01T08:00:00+00:00",
                  finished_at="2026-11-01T08:01:00+00:00", pages=[page])
    return store.save_run(run, target="portal")


def test_scans_pages_and_findings_are_shown_escaped(server: FieldServer, field_store: Store):
    scan_id = store_scan(field_store)
    client = logged_in(server)
    assert "portal" in client.get("/scans").text
    scan = client.get(f"/scans/{scan_id}").text
    assert "首页 &lt;script&gt;" in scan and "<script>alert" not in scan
    page = client.get(f"/scans/{scan_id}/pages/1").text
    assert "image-alt" in page and "img.logo" in page and "<script>alert" not in page
    assert "&lt;img src=&#34;logo.png&#34;&gt;" in page
    assert client.get(f"/scans/{scan_id}/pages/2").status == 404
    assert client.get("/scans/999").status == 404
    assert client.post("/scans", {}).status == 405  # read-only


def test_every_language_has_every_key_the_templates_use():
    words = {lang: yaml.safe_load((_APP / "i18n" / f"{lang}.yaml").read_text("utf-8"))
             for lang in LANGUAGES}
    assert set(words["zh-CN"]) == set(words["en"])
    used: set[str] = set()
    for path in [*(_APP / "templates").glob("*.j2"), *_APP.glob("*.py")]:
        used |= set(re.findall(r"\bt\(['\"]([a-z0-9_.%-]+)['\"]", path.read_text("utf-8")))
    fixed = {key for key in used if not key.endswith(".")}
    prefixes = used - fixed  # t('status.' ~ status): some key must start so
    assert fixed and not fixed - set(words["en"])
    assert all(any(key.startswith(prefix) for key in words["en"]) for prefix in prefixes)
