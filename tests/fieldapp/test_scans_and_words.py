"""Scan results read-only (hostile page text escaped); the translations are complete."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from audit.fieldapp.server import FieldServer
from audit.fieldapp.web import load_messages
from audit.i18n import LANGUAGES, MissingText, text_keys
from audit.model import (
    Finding,
    Note,
    NoteCode,
    Outcome,
    PageResult,
    ScanRun,
    Severity,
    Viewport,
)
from audit.store import Store
from tests.fieldapp.conftest import logged_in

_APP = Path(__file__).resolve().parents[2] / "audit" / "fieldapp"
HOSTILE = "<script>alert('x')</script>"
FAILURE = "Element does not have an alt attribute"
AXE_FACTS = {"checks": {"any": [{"id": "has-alt", "kind": "fail", "message": FAILURE}],
                        "all": [], "none": []}}


def store_scan(store: Store) -> int:
    finding = Finding(rule="image-alt", source="axe", outcome=Outcome.VIOLATION,
                      impact=Severity.CRITICAL, wcag=("1.1.1",), level="A",
                      selector="img.logo", html=f'<img src="logo.png">{HOSTILE}',
                      message=f"Images must have alternative text: {FAILURE}",
                      help_url="https://x/", fingerprint="f1", facts=AXE_FACTS)
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


@pytest.mark.parametrize(("lang", "shown", "never"), [
    ("zh-CN", ["图片缺少替代文本", "元素没有 alt 属性", "WCAG 1.1.1 非文本内容（A 级）",
      "GB/T 37668-2019 3.2.1.4 非文本内容（对应未核实）"],
     ["Images must have alternative text", FAILURE]),
    ("en", ["Images must have alternative text", FAILURE, "WCAG 1.1.1 Non-text Content (A)"],
     ["图片缺少替代文本", "元素没有 alt 属性"]),
])
def test_findings_are_worded_by_the_rule_catalogue_in_the_chosen_language(
        server: FieldServer, field_store: Store, lang, shown, never):
    scan_id = store_scan(field_store)
    page = logged_in(server, lang=lang).get(f"/scans/{scan_id}/pages/1").text
    assert all(text in page for text in shown), page
    assert not any(text in page for text in never)


@pytest.mark.parametrize(("lang", "shown"), [
    ("zh-CN", ["已关闭页面弹出的 JavaScript 提示（alert）对话框：&lt;b&gt;hi&lt;/b&gt;",
               "“键盘操作”检查失败：分析过程中页面跳转（或自行刷新）了", "example.gov.cn/ · 桌面",
               "未能检测：服务器返回 HTTP 503", "dismissed an old dialog"]),
    ("en", ["dismissed a JavaScript alert dialog: &lt;b&gt;hi&lt;/b&gt;",
            "check keyboard failed: the page navigated away (or reloaded itself) while it was "
            "being analysed", "Not scanned: the server answered HTTP 503",
            "dismissed an old dialog"]),
])
def test_how_pages_were_scanned_is_in_the_chosen_language(
        server: FieldServer, field_store: Store, lang, shown):
    notes = [Note(NoteCode.DIALOG_OF_KIND, {"kind": "alert", "text": "<b>hi</b>"}),
             Note(NoteCode.CHECK_FAILED, {"check": "keyboard", "reason": (
                 "the page navigated away (or reloaded itself) while it was being analysed")}),
             Note.plain("dismissed an old dialog")]  # as the previous version stored notes
    noted = PageResult(url="https://www.example.gov.cn/", viewport=Viewport.DESKTOP,
                       status=200, notes=notes)
    failed = PageResult(url="https://www.example.gov.cn/down", viewport=Viewport.DESKTOP,
                        error="the server answered HTTP 503")
    scan_id = field_store.save_run(ScanRun(engine="playwright", standard="wcag22aa",
                                           tool_version="0", pages=[noted, failed]))
    client = logged_in(server, lang=lang)
    text = (client.get(f"/scans/{scan_id}/pages/1").text
            + client.get(f"/scans/{scan_id}/pages/2").text)
    assert [words for words in shown if words not in text] == []
    assert "<b>hi" not in text


def test_every_language_has_every_key_the_templates_use():
    messages = load_messages()
    keys = {lang: set(text_keys(msg.words)) for lang, msg in messages.items()}
    assert keys["zh-CN"] == keys["en"]
    used: set[str] = set()
    for path in [*(_APP / "templates").glob("*.j2"), *_APP.glob("*.py")]:
        used |= set(re.findall(r"\bt\(['\"]([a-z0-9_.%-]+)['\"]", path.read_text("utf-8")))
    fixed = {key for key in used if not key.endswith(".")}
    prefixes = used - fixed  # t('status.' ~ status): some key must start so
    assert fixed and all(messages[lang].has(key) for lang in LANGUAGES for key in fixed)
    assert all(any(key.startswith(prefix) for key in keys["en"]) for prefix in prefixes)


def test_a_missing_key_is_an_error_not_the_key_or_another_language(tmp_path):
    (tmp_path / "zh-CN.yaml").write_text("nav:\n  skip: 跳到主要内容\n", "utf-8")
    (tmp_path / "en.yaml").write_text("nav: {}\n", "utf-8")
    messages = load_messages(tmp_path)
    assert messages["zh-CN"].t("nav.skip") == "跳到主要内容"
    with pytest.raises(MissingText, match=r"no en text for 'nav.skip'"):
        messages["en"].t("nav.skip")
