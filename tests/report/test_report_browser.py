"""The report in a real Chromium: our own scan finds nothing, hostile content stays inert,
and the PDF has the Chinese titles with its fonts embedded."""

from __future__ import annotations

import io
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from pypdf import PdfReader

from audit.model import ScanRun, Viewport
from audit.report.assemble import build_report
from audit.report.html import render_html
from audit.report.report_pdf import report_pdf
from audit.store import open_store
from audit.webscan.browser import find_browser, launch_flags
from tests.report.report_factory import fixed_dataset, hostile_run, import_households, options
from tests.support.pdf_text import pdf_text
from tests.support.site import FixtureSite

pytestmark = pytest.mark.browser

ZH_TITLES = ("一、封面与评估范围", "二、执行摘要", "三、网站评估结果", "四、无障碍设施检查结果",
             "五、整改计划", "六、与上一轮相比的变化", "七、评估方法与局限")


@pytest.fixture(scope="module")
def reports(tmp_path_factory) -> dict[str, str]:
    folder = tmp_path_factory.mktemp("reports")
    with fixed_dataset(folder / "audit.db") as store:
        reports = {lang: render_html(build_report(store, options(lang)))
                   for lang in ("zh-CN", "en")}
    with open_store(folder / "homes.db") as store:  # home modifications, photos before/after
        import_households(store)
        reports["homes-en"] = render_html(build_report(store, options("en")))
    return reports


@pytest.fixture(scope="module")
def served(reports, tmp_path_factory, chromium) -> Iterator[FixtureSite]:
    """The reports as files on a real HTTP server."""
    folder = tmp_path_factory.mktemp("served")
    for lang, html in reports.items():
        (folder / f"{lang}.html").write_text(html, encoding="utf-8")
    with FixtureSite(folder) as site:
        yield site


VIEWPORTS = (Viewport.DESKTOP, Viewport.MOBILE)


@pytest.fixture(scope="module")
def own_scans(reports, served, own_scanner) -> dict[Viewport, ScanRun]:
    """Our own scan of the reports at each viewport, the two side by side (a report's last
    page would leave a tab idle), each a run of its own."""
    urls = [served.url(f"{lang}.html") for lang in reports]
    runs = own_scanner.scans(*((urls, {"viewport": viewport}) for viewport in VIEWPORTS))
    return dict(zip(VIEWPORTS, runs, strict=True))


@pytest.mark.parametrize("viewport", VIEWPORTS)
def test_the_report_passes_our_own_scan(own_scans, viewport):
    run = own_scans[viewport]
    assert [(p.url, p.error) for p in run.pages if p.error] == []
    violations = [(p.url, f.rule, f.selector, f.message) for p in run.pages
                  for f in p.violations]
    assert violations == []
    assert len(run.pages) == 3 and all(p.passed_rules for p in run.pages)


def _hostile_html(tmp_path: Path) -> str:
    with open_store(tmp_path / "audit.db") as store:
        store.save_run(hostile_run(), target='<img src=x onerror="alert(9)">')
        return render_html(build_report(store, options("en")))


@pytest.fixture(scope="module")
def hostile(tmp_path_factory, chromium) -> dict[str, tuple[list[str], dict[str, Any]]]:
    """The hostile report as written and without its CSP (escaping alone must be enough;
    the CSP is a second line), each opened in a page of one Chromium: the dialogs it opened
    and what its DOM holds."""
    from playwright.sync_api import sync_playwright

    folder = tmp_path_factory.mktemp("hostile")
    html = _hostile_html(folder)
    (folder / "as-written.html").write_text(html, encoding="utf-8")
    (folder / "without-csp.html").write_text(
        "\n".join(line for line in html.splitlines() if "Content-Security-Policy" not in line),
        encoding="utf-8")
    seen = {}
    with FixtureSite(folder) as site, sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(find_browser().path),
                                             args=launch_flags())
        try:
            for name in ("as-written", "without-csp"):
                dialogs: list[str] = []
                page = browser.new_page()
                page.on("dialog", lambda dialog, dialogs=dialogs: (
                    dialogs.append(dialog.message), dialog.dismiss()))
                page.goto(site.url(f"{name}.html"), wait_until="load")
                page.wait_for_timeout(500)  # a script that would run late, or on a timer
                seen[name] = (dialogs, page.evaluate("""() => ({
                    scripts: document.querySelectorAll('script').length,
                    handlers: [...document.querySelectorAll('*')].filter(
                        (e) => [...e.attributes].some((a) => a.name.startsWith('on'))).length,
                    textareas: document.querySelectorAll('textarea').length,
                    jsLinks: document.querySelectorAll('a[href^="javascript:"]').length,
                    images: [...document.images].filter((i) => !i.src.startsWith('data:')).length,
                    text: document.body.innerText,
                })"""))
                page.close()
        finally:
            browser.close()
    return seen


@pytest.mark.parametrize("variant", ["as-written", "without-csp"])
def test_hostile_content_does_not_execute(hostile, variant):
    dialogs, found = hostile[variant]
    assert dialogs == []
    assert (found["scripts"], found["handlers"], found["textareas"], found["jsLinks"],
            found["images"]) == (0, 0, 0, 0, 0)
    assert "<script>alert(1)</script>" in found["text"]  # shown as text, not run


def test_pdf_has_chinese_titles_page_numbers_and_embedded_fonts(reports, pdf_printer):
    data = report_pdf(reports["zh-CN"], "zh-CN", printer=pdf_printer)
    reader = PdfReader(io.BytesIO(data))
    text = pdf_text(data)
    for title in ZH_TITLES:
        assert title in text.replace(" ", "")
    assert re.search(r"第 ?1 ?. ?[,，] ?共 ?\d+", text), "page numbers in the footer"
    assert len(reader.pages) >= 5
    assert reader.outline, "headings become PDF bookmarks"
    fonts = _fonts(reader)
    assert fonts and all(embedded for _, embedded in fonts), fonts
    assert any("CJK" in name or "SC" in name for name, _ in fonts), fonts


def _fonts(reader: PdfReader) -> list[tuple[str, bool]]:
    """(family or name, embedded) of every font the pages use.

    Chromium (Skia) writes CFF-based fonts such as Noto Sans CJK as Type 3 fonts: each glyph
    is drawn by a procedure inside the PDF, so the glyphs travel with the file. Other fonts
    must carry a font program (FontFile, FontFile2 or FontFile3).
    """
    found = {}
    for page in reader.pages:
        resources = page.get("/Resources") or {}
        for ref in (resources.get("/Font") or {}).values():
            font = ref.get_object()
            for leaf in [d.get_object() for d in font.get("/DescendantFonts", [])] or [font]:
                descriptor = leaf.get("/FontDescriptor")
                descriptor = descriptor.get_object() if descriptor is not None else {}
                name = str(descriptor.get("/FontFamily") or leaf.get("/BaseFont"))
                if leaf.get("/Subtype") == "/Type3":
                    embedded = bool(leaf.get("/CharProcs"))
                else:
                    embedded = any(k in descriptor for k in ("/FontFile", "/FontFile2",
                                                             "/FontFile3"))
                found[name] = found.get(name, True) and embedded
    return list(found.items())
