"""What the dashboard tests put in the field app's store: the generated district (several
departments, four rounds), a viewer account, a finding with an element screenshot and a failed
facility item with a photo (each past its deadline, for the links from the overdue page)."""

from __future__ import annotations

import io
from dataclasses import dataclass

from PIL import Image

from audit.evidence import keep_photo
from audit.fieldapp import add_user
from audit.model import Finding, Outcome, PageResult, ScanRun, Severity, Viewport
from audit.store import Store
from tests.dashboard.district import District, generate
from tests.fieldapp.conftest import PASSWORD, jpeg

VIEWER = "vera"
SHOT_SITE = "shot-site"


@dataclass(frozen=True)
class Seeded:
    district: District
    shot_finding: int  # id of the finding with a screenshot
    photo_inspection: int  # inspection whose failed item "revolving_only" has a photo


def seed(store: Store) -> Seeded:
    district = generate(store, targets=3, rounds=3, pages=3, facilities=2)
    add_user(store, VIEWER, PASSWORD, "viewer")
    shot = _scan_with_screenshot(store)
    latest = district.facilities[1].rounds[-1]
    photo = keep_photo(store, jpeg(colour=(90, 40, 40)), name="door.jpg")
    store.attach_photo(latest.inspection_id, "revolving_only", photo.sha256)
    return Seeded(district, shot, latest.inspection_id)


def _png() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (40, 20), (200, 30, 30)).save(out, "PNG")
    return out.getvalue()


def _scan_with_screenshot(store: Store) -> int:
    store.save_target(SHOT_SITE, department="区住建局")
    finding = Finding(rule="image-alt", source="axe", outcome=Outcome.VIOLATION,
                      impact=Severity.CRITICAL, wcag=("1.1.1",), level="A",
                      selector="img.banner", html='<img class="banner" src="b.png">',
                      message="Images must have alternative text", help_url="https://x/",
                      fingerprint="image-alt|/|img.banner")
    page = PageResult(url=f"https://{SHOT_SITE}.example.cn/", viewport=Viewport.DESKTOP,
                      final_url=None, status=200, findings=[finding],
                      screenshots={finding.fingerprint: _png()})
    run = ScanRun(engine="playwright", standard="wcag22aa", tool_version="0",
                  started_at="2024-01-02T08:00:00+00:00",
                  finished_at="2024-01-02T09:00:00+00:00", pages=[page])
    scan_id = store.save_run(run, target=SHOT_SITE)
    stored = next(store.iter_pages(scan_id)).findings[0]
    assert stored.screenshot, "the screenshot was not stored"
    return _finding_id(store, scan_id)


def _finding_id(store: Store, scan_id: int) -> int:
    return store.open_violations([scan_id])[0].finding_id
