"""Images a stored scan names reach the report only from where the report may read them."""

from __future__ import annotations

from PIL import Image

from audit.report.assemble import build_report
from audit.report.images import thumbnail_uri
from audit.store import open_store
from tests.report.report_factory import PORTAL, finding, options, page, run


def _png(path):
    path.parent.mkdir(parents=True, exist_ok=True)
    Image.new("RGB", (20, 10), "red").save(path)
    return path


def test_a_screenshot_path_leading_out_of_the_image_folder_is_not_read(tmp_path):
    # a stored or imported scan names its screenshots; a name pointing elsewhere on the
    # machine that renders the report must not put that file into a report others read
    private = _png(tmp_path / "private" / "id-card.png")
    base = tmp_path / "scan"
    _png(base / "shots" / "logo.png")
    (base / "shots" / "link.png").symlink_to(private)
    assert thumbnail_uri("shots/logo.png", base=base).startswith("data:image/jpeg;base64,")
    assert thumbnail_uri(str(private), base=base) is None
    assert thumbnail_uri("../private/id-card.png", base=base) is None
    assert thumbnail_uri("shots/link.png", base=base) is None
    assert thumbnail_uri(str(private)) is None  # no folder to read from


def test_the_report_embeds_no_file_from_outside_its_image_folder(tmp_path):
    private = _png(tmp_path / "private" / "id-card.png")
    base = tmp_path / "scan"
    _png(base / "logo.png")
    with open_store(tmp_path / "audit.db") as store:
        store.save_run(run("2025-06-30", page(
            f"{PORTAL}/", finding("image-alt", "#logo", screenshot="logo.png"),
            finding("link-name", "a.x", screenshot=str(private)))), target="portal")
        report = build_report(store, options(image_base=base))
    shots = {g.rule: g.examples[0].screenshot for g in report.web[0].violations}
    assert shots["image-alt"].startswith("data:image/jpeg;base64,")
    assert shots["link-name"] is None
