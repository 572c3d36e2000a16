"""A generated district for the dashboard benchmark: SITES targets of DEPARTMENTS, each scanned
ROUNDS times (monthly) over PAGES pages, plus FACILITIES facilities inspected in three rounds.

Realistic in what the dashboard reads: every site's pages share a few templates, and a barrier
in a template (a header image without alt text, a low-contrast menu) is on every page of it;
pages have barriers of their own too. Between rounds a department fixes a template barrier now
and then (thousands of findings fixed at once), a few page barriers, and brings some new, so
trends, diffs and overdue dates are not flat; a page now and then fails to load. Each run is
written in one transaction through ``Store.import_run`` (rows in batches, no raw SQL), each
facility through the field app's own calls.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass, field

from audit.model import Finding, Outcome, PageResult, ScanRun, Severity, Viewport
from audit.store import FacilityInfo, InspectionStatus, Store, StoredAnswer

DEPARTMENTS = ("区住建局", "区政务服务数据管理局", "区教育局", "区卫健委", "区民政局", "区交通局",
               "区文旅局", "区残联", "区人社局", "区市场监管局")
TEMPLATE_RULES = (("image-alt", Severity.CRITICAL, "header img.logo"),
                  ("color-contrast", Severity.SERIOUS, "nav > ul > li > a"),
                  ("link-name", Severity.SERIOUS, "footer a.weibo"),
                  ("region", Severity.MODERATE, "div.top-bar"),
                  ("aria-allowed-role", Severity.MINOR, "nav ul[role=menu]"))
PAGE_RULES = (("image-alt", Severity.CRITICAL), ("label", Severity.CRITICAL),
              ("color-contrast", Severity.SERIOUS), ("link-name", Severity.SERIOUS),
              ("list", Severity.SERIOUS), ("heading-order", Severity.MODERATE),
              ("empty-table-header", Severity.MINOR))
TEMPLATES = ("home", "list", "article", "service")
DOOR = {"revolving_only": ("yes", "no"), "manual_door_width": ("850 mm", "950 mm"),
        "threshold_height": ("30 mm", "10 mm"), "handles_fist": ("no", "yes")}
FACILITY_DAYS = ("2026-02-10", "2026-06-10", "2026-10-10")


@dataclass
class _Site:
    """A site's barriers as they stand: template barriers and each page's own."""

    name: str
    template_barriers: set[tuple[int, int]] = field(default_factory=set)  # (template, rule)
    page_barriers: set[tuple[int, int, int]] = field(default_factory=set)  # (page, rule, el)


def generate(store: Store, *, sites: int, rounds: int, pages: int, facilities: int,
             seed: int = 11, progress: Callable[[str], None] | None = None) -> None:
    """Facilities first, then the sites one by one (every round of a site before the next):
    a generation stopped part way leaves every facility and fewer sites (the last one perhaps
    with fewer rounds). ``progress`` is told each site done."""
    rng = random.Random(seed)
    for number in range(facilities):
        _facility(store, rng, number)
    for number in range(sites):
        site = _Site(f"site-{number:02d}")
        store.save_target(site.name, department=DEPARTMENTS[number % len(DEPARTMENTS)])
        site.template_barriers = {(t, r) for t in range(len(TEMPLATES))
                                  for r in range(len(TEMPLATE_RULES)) if rng.random() < 0.3}
        site.page_barriers = {(p, r, 0) for p in range(pages)
                              for r in range(len(PAGE_RULES)) if rng.random() < 0.2}
        for index in range(rounds):
            if index:
                _change(site, rng, pages)
            store.import_run(_run(site, rng, index, pages), target=site.name)
        if progress is not None:
            progress(f"{site.name}: {rounds} rounds")


def _change(site: _Site, rng: random.Random, pages: int) -> None:
    """A month's work: a tenth of the page barriers and now and then a template's fixed,
    some new ones (a redesign, a new article with images without alt text)."""
    site.template_barriers = {b for b in site.template_barriers if rng.random() > 0.08}
    for _ in range(rng.choice((0, 0, 1))):
        site.template_barriers.add((rng.randrange(len(TEMPLATES)),
                                    rng.randrange(len(TEMPLATE_RULES))))
    site.page_barriers = {b for b in site.page_barriers if rng.random() > 0.1}
    for _ in range(pages // 8):
        site.page_barriers.add((rng.randrange(pages), rng.randrange(len(PAGE_RULES)),
                                rng.randrange(3)))


def _run(site: _Site, rng: random.Random, index: int, pages: int) -> ScanRun:
    day = f"{2025 + (index + 11) // 12}-{(index + 11) % 12 + 1:02d}-05"
    by_page: dict[int, list[Finding]] = {p: [] for p in range(pages)}
    for page, rule, element in sorted(site.page_barriers):
        name, impact = PAGE_RULES[rule]
        by_page[page].append(_finding(site.name, page, name, impact,
                                      f"#content > div:nth-of-type({element + 1}) .{name}", None))
    found = []
    for page in range(pages):
        template = page % len(TEMPLATES)
        url = f"https://{site.name}.example.gov.cn/{TEMPLATES[template]}/{page}.html"
        if rng.random() < 0.01:
            found.append(PageResult(url=url, viewport=Viewport.DESKTOP, final_url=None,
                                    status=None, error="timeout after 30 s loading the page"))
            continue
        shared = [_finding(site.name, page, *TEMPLATE_RULES[rule], TEMPLATES[template])
                  for t, rule in sorted(site.template_barriers) if t == template]
        found.append(PageResult(url=url, viewport=Viewport.DESKTOP, final_url=url, status=200,
                                title=f"{site.name} {page}", findings=shared + by_page[page]))
    return ScanRun(engine="playwright", standard="wcag22aa", tool_version="bench",
                   started_at=f"{day}T01:00:00+00:00", finished_at=f"{day}T04:00:00+00:00",
                   pages=found)


def _finding(site: str, page: int, rule: str, impact: Severity, selector: str,
             template: str | None) -> Finding:
    url = f"https://{site}.example.gov.cn/p/{page}"
    return Finding(rule=rule, source="axe", outcome=Outcome.VIOLATION, impact=impact,
                   wcag=("1.1.1",), level="A", selector=selector, html=f"<div class=\"{rule}\">",
                   message=rule, help_url=f"https://dequeuniversity.com/rules/axe/4.10/{rule}",
                   fingerprint=f"{rule}|{url}|{selector}", template=template)


def _facility(store: Store, rng: random.Random, number: int) -> None:
    code = f"FAC-{number:04d}"
    store.save_facility(FacilityInfo(code=code, name=f"设施 {number}",
                                     type="building" if number % 3 else "toilet",
                                     department=DEPARTMENTS[number % len(DEPARTMENTS)]))
    failing = {item for item in DOOR if rng.random() < 0.5}
    for round_number, day in enumerate(FACILITY_DAYS, start=1):
        inspection = store.create_inspection(code, "gb55019-doors", "2025.2", inspector="bench",
                                             inspected_on=day, round=round_number,
                                             status=InspectionStatus.APPROVED)
        store.save_answer(inspection, StoredAnswer("door_type", "manual"))
        # sorted: the same draws in every process (the order of a set of str varies)
        failing = {item for item in sorted(failing) if rng.random() > 0.3}
        failing |= {item for item in DOOR if rng.random() < 0.1}
        for item, (bad, good) in DOOR.items():
            store.save_answer(inspection, StoredAnswer(item, bad if item in failing else good))
