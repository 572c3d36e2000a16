"""The criteria behind "not checked automatically" (from the rule catalogue, whose agreement
with the bundled axe-core tests/standards checks), and embedded images."""

from __future__ import annotations

import base64
import io

from PIL import Image

from audit.report.coverage import checked_criteria
from audit.report.images import thumbnail_uri


def test_checked_criteria():
    assert checked_criteria(["image-alt", "unknown-rule"], ["reflow"]) == {"1.1.1", "1.4.10"}
    assert checked_criteria([], ["keyboard"]) == {"2.1.1", "2.1.2", "2.4.3", "2.4.7", "2.4.11"}
    assert checked_criteria([], ["elderly", "accessibility-entry"]) == set()
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
