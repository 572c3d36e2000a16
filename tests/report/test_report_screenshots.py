"""Element screenshots saved with a page reach the report as embedded thumbnails."""

from __future__ import annotations

import base64
import hashlib
import io
import re
from html import unescape

from PIL import Image

from audit.model import Severity
from audit.report.assemble import build_report
from audit.report.html import render_html
from audit.store import PhotoFiles, open_store
from tests.report.report_factory import PORTAL, finding, options, page, run


def _png() -> bytes:
    image = Image.new("RGB", (300, 80), "white")
    buffer = io.BytesIO()
    image.save(buffer, format="PNG")
    return buffer.getvalue()


def _scan(store, data: bytes) -> None:
    home = page(f"{PORTAL}/", finding("image-alt", "#logo", impact=Severity.CRITICAL,
                                      fingerprint="fp-logo"), title="首页")
    home.screenshots = {"fp-logo": data}
    store.save_run(run("2025-06-30", home), target="portal")


def test_a_stored_screenshot_is_embedded_with_alt_naming_rule_and_selector(tmp_path):
    with open_store(tmp_path / "audit.db") as store:
        _scan(store, _png())
        report = build_report(store, options("en"))
        html = render_html(report)
        zh = render_html(build_report(store, options("zh-CN")))
    example = report.web[0].violations[0].examples[0]
    assert example.screenshot and example.screenshot.startswith("data:image/jpeg;base64,")
    images = re.findall(r'<img src="(data:image/[^"]+)" alt="([^"]+)">', html)
    assert len(images) == 1
    src, alt = images[0]
    assert src == example.screenshot
    with Image.open(io.BytesIO(base64.b64decode(src.split(",", 1)[1]))) as shown:
        assert shown.size == (300, 80)
    assert unescape(alt) == ("Screenshot of the element flagged by image-alt (outlined in red): "
                             "#logo")
    assert "image-alt 规则所指元素的截图（红框标出）：#logo" in zh


def test_a_screenshot_gone_from_the_folder_is_left_out(tmp_path):
    data = _png()
    with open_store(tmp_path / "audit.db") as store:
        _scan(store, data)
        PhotoFiles(store.files_root).path(hashlib.sha256(data).hexdigest()).unlink()
        html = render_html(build_report(store, options("en")))
    assert "<img" not in html and "#logo" in html
