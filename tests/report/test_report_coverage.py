"""The rule -> criteria table behind "not checked automatically", and embedded images."""

from __future__ import annotations

import base64
import importlib.util
import io
import re
from pathlib import Path

from PIL import Image

from audit.report.coverage import checked_criteria, rule_criteria
from audit.report.images import thumbnail_uri
from audit.standards import criteria_for_tags
from audit.webscan.checks import CHECKS


def _axe_rules() -> tuple[str, dict[str, list[str]]]:
    spec = importlib.util.find_spec("axe_playwright_python")
    assert spec is not None and spec.origin is not None
    js = (Path(spec.origin).parent / "axe.min.js").read_text(encoding="utf-8")
    version = re.match(r"/\*! axe v([\d.]+)", js)
    assert version
    rules = re.finditer(r'\{id:"([\w-]+)"[^{}]*?tags:\[([^\]]*)\]', js)
    return version[1], {m[1]: re.findall(r'"([^"]+)"', m[2]) for m in rules}


def test_the_table_matches_the_bundled_axe_core():
    version, rules = _axe_rules()
    table = rule_criteria()
    assert table["axe_version"] == version
    assert table["axe"] == {rule: list(criteria_for_tags(tags))
                            for rule, tags in sorted(rules.items())}


def test_the_table_matches_our_own_checks():
    assert rule_criteria()["checks"] == {name: list(c.criteria) for name, c in CHECKS.items()}


def test_checked_criteria():
    assert checked_criteria(["image-alt", "unknown-rule"], ["reflow"]) == {"1.1.1", "1.4.10"}
    assert checked_criteria([], []) == set()


def test_thumbnails_are_reencoded_and_bounded(tmp_path):
    big = tmp_path / "shot.png"
    Image.new("RGB", (2000, 1000), "white").save(big)
    uri = thumbnail_uri("shot.png", base=tmp_path)
    assert uri and uri.startswith("data:image/jpeg;base64,")
    with Image.open(io.BytesIO(base64.b64decode(uri.split(",", 1)[1]))) as image:
        assert max(image.size) == 640
    assert thumbnail_uri("data:text/html;base64,PHNjcmlwdD4=") is None
    assert thumbnail_uri("data:image/png;base64," + base64.b64encode(b"<svg/>").decode()) is None
    assert thumbnail_uri(str(tmp_path / "missing.png")) is None
    assert thumbnail_uri(None) is None
