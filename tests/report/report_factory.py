"""A fixed dataset for the report tests: two targets, two rounds, hostile page content, and
the demo facility (three checklists, the curb ramps in two rounds, photos with EXIF).

Everything is built without a browser and saved with ``Store.save_run``; the facility goes in
through the real sheet import (``audit.demo.facility.import_demo``). Timestamps and versions
are fixed so the rendered report is the same on every run (golden files).
"""

from __future__ import annotations

import atexit
import os
import shutil
import tempfile
from pathlib import Path

from audit.checklist.intake import import_sheet
from audit.demo.facility import FACILITY_SHEETS, HOUSEHOLD_SHEETS, demo_folder
from audit.model import Finding, Outcome, PageResult, ScanRun, Severity, Viewport
from audit.report.assemble import ReportOptions, bundled_checklists
from audit.store import FILES_ENV, FacilityInfo, Store, StoredAnswer, open_store

GENERATED_AT = "2025-07-01T08:00:00+00:00"
PORTAL = "https://www.example.gov.cn"
SERVICE = "https://zwfw.example.gov.cn"
# the latest portal round's crawl: addresses that redirected to no page of their own
REDIRECTS = {"scanned": {"count": 2, "examples": [f"{PORTAL}/index.html",
                                                  "http://www.example.gov.cn/zwgk/"]},
             "left_site": {"count": 1, "examples": ["https://www.gov.cn/"]}}
HOSTILE = '<script>alert(1)</script>" onerror="alert(2)" </textarea><script>alert(3)</script>'


def finding(rule: str, selector: str, *, impact: Severity = Severity.SERIOUS,
            outcome: Outcome = Outcome.VIOLATION, wcag: tuple[str, ...] = ("1.1.1",),
            source: str = "axe", html: str = "<img src=\"/a.png\">", message: str = "",
            fingerprint: str | None = None, screenshot: str | None = None) -> Finding:
    return Finding(rule=rule, source=source, outcome=outcome, impact=impact, wcag=wcag,
                   level="A" if wcag else None, selector=selector, html=html,
                   message=message or f"{rule} help text: fix this element",
                   help_url=f"https://dequeuniversity.com/rules/axe/4.12/{rule}",
                   fingerprint=fingerprint or f"{rule}:{selector}", screenshot=screenshot)


def page(url: str, *findings: Finding, title: str = "首页", error: str | None = None,
         passed: tuple[str, ...] = ("document-title", "html-has-lang", "color-contrast"),
         inapplicable: tuple[str, ...] = ("video-caption",)) -> PageResult:
    return PageResult(url=url, viewport=Viewport.DESKTOP, final_url=url,
                      status=None if error else 200, title=None if error else title,
                      error=error, findings=list(findings),
                      passed_rules=[] if error else list(passed),
                      inapplicable_rules=[] if error else list(inapplicable))


def run(day: str, *pages: PageResult) -> ScanRun:
    return ScanRun(engine="playwright", standard="wcag22aa", tool_version="0.1.0",
                   axe_version="4.12.1", browser_version="131.0.6778.85",
                   started_at=f"{day}T02:00:00+00:00", finished_at=f"{day}T02:05:00+00:00",
                   pages=list(pages))


def portal_round(day: str, *, fixed_logo: bool) -> ScanRun:
    home = [finding("color-contrast", ".nav a", wcag=("1.4.3",)),
            finding("link-name", "a.icon", impact=Severity.CRITICAL, wcag=("2.4.4", "4.1.2"))]
    if not fixed_logo:
        home.append(finding("image-alt", "#logo", impact=Severity.CRITICAL))
    return run(day,
               page(f"{PORTAL}/", *home, title="示范区人民政府"),
               page(f"{PORTAL}/zwgk/", finding("color-contrast", ".nav a", wcag=("1.4.3",),
                                                fingerprint="color-contrast:zwgk"),
                    finding("focus-not-visible", "#search", source="keyboard",
                            wcag=("2.4.7",), impact=Severity.SERIOUS),
                    title="政务公开"),
               page(f"{PORTAL}/ztzl/", error="the server answered HTTP 503"))


def service_run() -> ScanRun:
    return run("2025-06-30",
               page(f"{SERVICE}/apply", finding("label", "#name", wcag=("1.3.1", "4.1.2"),
                                                impact=Severity.CRITICAL,
                                                screenshot=screenshot_uri()),
                    finding("text-spacing-important", "p.lead", source="text-spacing",
                            outcome=Outcome.NEEDS_REVIEW, impact=Severity.MODERATE,
                            wcag=("1.4.12",)),
                    title="在线办事"))


def fixed_dataset(path: Path, *, facilities: bool = True) -> Store:
    """Portal (two rounds, department 办公室), the service site (no department) and, with
    ``facilities``, the demo facility FAC-001 (department 示范区行政审批服务局).

    Built once per test process and copied to ``path`` with its photo folder (a SQLite store
    is the two together): each test gets a store of its own to change."""
    if os.environ.get(FILES_ENV):  # photos go to that folder: build in place
        return _build(path, facilities)
    built = _BUILT.get(facilities)
    if built is None:
        folder = Path(tempfile.mkdtemp(prefix="a11y-audit-dataset-"))
        atexit.register(shutil.rmtree, folder, ignore_errors=True)
        built = _BUILT[facilities] = folder / "audit.db"
        _build(built, facilities).close()
    for source in built.parent.iterdir():
        target = path.with_name(source.name.replace(built.name, path.name, 1))
        (shutil.copytree if source.is_dir() else shutil.copyfile)(source, target)
    return open_store(path)


_BUILT: dict[bool, Path] = {}


def _build(path: Path, facilities: bool) -> Store:
    store = open_store(path)
    store.save_target("district-portal", department="区政府办公室")
    store.save_run(portal_round("2025-03-31", fixed_logo=False), target="district-portal")
    store.save_run(portal_round("2025-06-30", fixed_logo=True), target="district-portal",
                   options={"checks": ["keyboard", "bypass"], "redirects": REDIRECTS})
    store.save_run(service_run(), target="service-hall")
    if facilities:
        import_facility(store)
    return store


def import_facility(store: Store, sheets: tuple[str, ...] = FACILITY_SHEETS) -> list[int]:
    """The demo facility's sheets and photos, as ``audit.demo.facility.import_demo`` imports
    them (with the catalogue loaded once, to keep the tests quick)."""
    folder = demo_folder()
    return [import_sheet(store, folder / name, photos_dir=folder / "photos", replace=True,
                         catalogue=bundled_checklists()).inspection_id for name in sheets]


def import_households(store: Store) -> list[int]:
    """The demo households' home-modification acceptance sheets, with photos before/after."""
    return import_facility(store, HOUSEHOLD_SHEETS)


def small_facility(store: Store) -> int:
    """One inspection with one failed item and no photo (for a short golden file)."""
    store.save_facility(FacilityInfo(code="FAC-9", name="社区服务站", address="人民路 1 号",
                                     department="街道办事处"))
    inspection = store.create_inspection("FAC-9", "gb55019-doors", "2025.1", inspector="王五",
                                         inspected_on="2025-06-20", building="existing")
    for item, value in DOOR_ANSWERS.items():
        store.save_answer(inspection, StoredAnswer(item, value))
    return inspection


def hostile_run() -> ScanRun:
    url = f"{PORTAL}/search?q={HOSTILE}"
    bad = finding("image-alt", f"img[alt='{HOSTILE}']", impact=Severity.CRITICAL,
                  html=f'<img src=x onerror="alert(4)" alt="{HOSTILE}">',
                  message=f"Images must have alternative text: {HOSTILE}")
    return run("2025-06-30", page(url, bad, title=f"<title>{HOSTILE}"),
               page("javascript:alert(5)//", finding("link-name", HOSTILE, html=HOSTILE)),
               page(f"{PORTAL}/x", error=HOSTILE))


def options(lang: str = "zh-CN", **changes: object) -> ReportOptions:
    base = {"lang": lang, "round": "2025 年第二季度", "jurisdiction": "示范区",
            "auditors": ("张三", "Li Si"), "generated_at": GENERATED_AT}
    base.update(changes)
    return ReportOptions(**base)  # type: ignore[arg-type]


def screenshot_uri() -> str:
    """A small PNG of an outlined element, as the scanner's element screenshots will be."""
    import base64
    import io

    from PIL import Image, ImageDraw

    image = Image.new("RGB", (120, 40), "white")
    ImageDraw.Draw(image).rectangle((2, 2, 117, 37), outline="red", width=3)
    buffer = io.BytesIO()
    image.save(buffer, format="PNG")
    return "data:image/png;base64," + base64.b64encode(buffer.getvalue()).decode("ascii")


DOOR_ANSWERS = {"door_type": "automatic", "revolving_only": "no",
                "automatic_door_width": "1.10 m", "threshold_height": "20 mm",
                "threshold_bevel": "1:8", "turning_space": "1.6 m", "latch_side_space": "n/a"}


def documents_run() -> ScanRun:
    """A crawl's documents: a scanned PDF (checked, with a thumbnail), a DOC for manual review,
    a PDF that could not be fetched; plus the page that links them."""
    import base64

    from audit.documents import findings_from_facts
    from audit.model import THUMBNAIL, DocumentInfo, DocumentStatus

    scan_url = f"{PORTAL}/files/通知.pdf"
    facts = {"format": "pdf", "pages": 3, "pages_examined": 3, "budget_hit": False,
             "encrypted": False, "accessibility_allowed": True, "marked": False,
             "struct_tree": False, "lang": None, "display_doc_title": False,
             "info_title": "关于开展无障碍环境建设的通知", "xmp_title": None, "javascript": False,
             "structure": {"elements": 0, "truncated": False, "headings": 0, "figures": [],
                           "tables": []},
             "page_facts": [{"text": 0, "invisible": 0, "chars": 0, "images": 1, "cover": 1.0,
                             "paths": 0, "classes": {}, "annots": [], "tabs": None}] * 3,
             "fonts": [], "fields": []}
    png = base64.b64decode(screenshot_uri().split(",", 1)[1])
    scanned = PageResult(
        url=scan_url, viewport=Viewport.DOCUMENT, status=200, title=facts["info_title"],
        findings=findings_from_facts(facts, scan_url), screenshots={THUMBNAIL: png},
        document=DocumentInfo(format="pdf", status=DocumentStatus.CHECKED, size=52_000,
                              sha256="ab" * 32, pages=3, pages_examined=3, image_only_pages=3,
                              tagged=False, title=facts["info_title"],
                              found_on=f"{PORTAL}/zwgk/"))
    legacy = PageResult(url=f"{PORTAL}/files/申请表.doc", viewport=Viewport.DOCUMENT, status=200,
                        findings=findings_from_facts_manual(f"{PORTAL}/files/申请表.doc"),
                        document=DocumentInfo(format="doc", status=DocumentStatus.MANUAL_REVIEW,
                                              size=24_064, sha256="cd" * 32))
    missing = PageResult(url=f"{PORTAL}/files/missing.pdf", viewport=Viewport.DOCUMENT,
                         status=404, error="document not checked: the server answered HTTP 404",
                         document=DocumentInfo(format="pdf", status=DocumentStatus.FAILED))
    return run("2025-06-30", page(f"{PORTAL}/zwgk/", title="政务公开"), scanned, legacy, missing)


def findings_from_facts_manual(url: str) -> list[Finding]:
    from audit.documents.issues import Issue, to_finding

    return [to_finding(Issue("document-manual-review", "format",
                             facts={"format": "Word 97-2003 (DOC)"},
                             outcome=Outcome.NEEDS_REVIEW), url)]
