"""``a11y-audit demo`` finds exactly the barriers the demo portal was built with."""

from __future__ import annotations

import json

from audit.demo import load_expected
from tests.cli.conftest import run_cli


def test_demo_scans_every_public_page_and_finds_the_planned_barriers(chromium, tmp_path):
    result = run_cli("demo", "--output", str(tmp_path / "out"))
    assert result.returncode == 0, result.stderr
    document = json.loads((tmp_path / "out" / "scan.json").read_text(encoding="utf-8"))
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
    assert "wrote " in result.stderr
