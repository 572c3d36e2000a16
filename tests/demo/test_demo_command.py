"""``a11y-audit demo`` finds exactly the barriers the demo portal was built with."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path
from typing import Any

import pytest

from audit.demo import load_expected
from audit.store import open_store
from tests.cli.conftest import run_cli


@pytest.fixture(scope="module")
def demo(chromium, tmp_path_factory) -> tuple[subprocess.CompletedProcess[str], Path]:
    """One run of ``a11y-audit demo`` (a scan of the whole portal) for the tests to read,
    its Chromium launches counted in ``LAUNCHES``."""
    out = tmp_path_factory.mktemp("demo") / "out"
    with pytest.MonkeyPatch.context() as patch:
        _count_launches(patch)
        result = run_cli("demo", "--output", str(out), env={"A11Y_AUDIT_LANG": "zh"})
    assert result.returncode == 0, result.stderr
    return result, out


LAUNCHES: list[str] = []


def _count_launches(patch: pytest.MonkeyPatch) -> None:
    """Record each Playwright browser launch, by the scanner's async API or the PDF
    printer's sync one."""
    from playwright.async_api import BrowserType as AsyncBrowserType
    from playwright.sync_api import BrowserType as SyncBrowserType

    async_launch, sync_launch = AsyncBrowserType.launch, SyncBrowserType.launch

    async def launch_async(self: AsyncBrowserType, **kwargs: Any) -> Any:
        LAUNCHES.append("scanner")
        return await async_launch(self, **kwargs)

    def launch_sync(self: SyncBrowserType, **kwargs: Any) -> Any:
        LAUNCHES.append("pdf")
        return sync_launch(self, **kwargs)

    patch.setattr(AsyncBrowserType, "launch", launch_async)
    patch.setattr(SyncBrowserType, "launch", launch_sync)


def test_demo_starts_one_browser_for_both_viewports_and_one_for_the_pdf(demo):
    assert LAUNCHES == ["scanner", "pdf"]


def test_demo_scans_every_public_page_and_finds_the_planned_barriers(demo):
    result, out = demo
    document = json.loads((out / "scan.json").read_text(encoding="utf-8"))
    found = {}
    for page in document["pages"]:
        assert page["error"] is None, page
        path = "/" + page["url"].split("/", 3)[3]
        violations = [f for f in page["findings"] if f["outcome"] == "violation"]
        found[(path, page["viewport"])] = (
            sorted({f["rule"] for f in violations if f["source"] == "axe"}),
            sorted({f["rule"] for f in violations if f["source"] != "axe"}))
    expected = {}
    for page in load_expected()["pages"]:
        if page["requires_login"]:
            continue
        rules = (sorted(page["axe"]), sorted(page.get("checks", [])))
        expected[(page["path"], "desktop")] = rules
        if page.get("mobile"):
            expected[(page["path"], "mobile")] = rules
    assert found == expected
    assert (out / "report.html").read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
    assert (out / "report.pdf").read_bytes().startswith(b"%PDF-")
    html = (out / "report.html").read_text(encoding="utf-8")
    assert "示范区政务服务中心" in html
    assert "共 2 户，已完成 1 户；验收通过 7 项，需返工 1 项。" in html  # the households
    assert result.stderr.startswith("演示门户网站运行于 http://127.0.0.1:")
    assert "已导入演示设施和住户的检查记录 1，2，3，4，5，6\n" in result.stderr
    assert result.stderr.endswith(
        f"\n\n已写入 {out / 'scan.json'}，{out / 'report.html'}，{out / 'report.pdf'}\n")
    assert result.stderr.count("已写入") == 1  # each file named once, in the last line


def test_demo_stores_the_scan_with_screenshots_and_the_facility(demo):
    _, out = demo
    with open_store(out / "a11y-audit.db") as store:
        [summary] = store.scans()
        run = store.load_run(summary.id)
        facilities = store.facilities()
    assert (summary.target, summary.status) == ("示范区人民政府门户网站", "finished")
    assert any(f.screenshot and f.screenshot.startswith("sha256:")
               for page in run.pages for f in page.findings)
    assert [f.code for f in facilities] == ["FAC-001", "HH-001", "HH-002"]
