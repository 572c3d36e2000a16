"""``a11y-audit demo`` finds exactly the axe-core barriers the demo portal was built with."""

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
        rules = sorted({f["rule"] for f in page["findings"] if f["outcome"] == "violation"})
        found[(path, page["viewport"])] = rules
    expected = {}
    for page in load_expected()["pages"]:
        if page["requires_login"]:
            continue
        expected[(page["path"], "desktop")] = sorted(page["axe"])
        if page.get("mobile"):
            expected[(page["path"], "mobile")] = sorted(page["axe"])
    assert found == expected
    assert "wrote " in result.stderr
