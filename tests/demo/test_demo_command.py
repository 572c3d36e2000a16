"""``a11y-audit demo`` finds exactly the barriers the demo portal was built with."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest

from audit.demo import load_expected
from audit.store import open_store
from tests.cli.conftest import run_cli


@pytest.fixture(scope="module")
def demo(chromium, tmp_path_factory) -> tuple[subprocess.CompletedProcess[str], Path]:
    """One run of ``a11y-audit demo`` (a scan of the whole portal) for the tests to read."""
    out = tmp_path_factory.mktemp("demo") / "out"
    result = run_cli("demo", "--output", str(out))
    assert result.returncode == 0, result.stderr
    return result, out


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
    assert f"wrote {out / 'scan.json'}, {out / 'report.html'}, {out / 'report.pdf'}" in \
        result.stderr


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
