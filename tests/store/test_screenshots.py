"""Element screenshots: PNG bytes into the content-addressed file folder, a ``sha256:`` ref on
the finding; a page is saved even when its screenshots cannot be."""

from __future__ import annotations

import dataclasses
import hashlib
import io

import pytest
from PIL import Image

from audit.model import Outcome, PageResult, Severity, Viewport
from audit.store import FILES_ENV, PhotoFiles, open_store
from tests.store.samples import finding, sample_run


def png(colour: str = "red") -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (60, 20), colour).save(buffer, format="PNG")
    return buffer.getvalue()


def shot_page(**shots: bytes) -> PageResult:
    """Two violations and a needs-review item sharing a fingerprint with the first."""
    alt = finding("image-alt", selector="img#logo", fingerprint="fp-alt")
    contrast = finding("color-contrast", impact=Severity.SERIOUS, selector="p.note",
                       fingerprint="fp-contrast")
    review = finding("region", outcome=Outcome.NEEDS_REVIEW, selector="div",
                     fingerprint="fp-alt")
    return PageResult(url="https://gov.example.cn/", viewport=Viewport.DESKTOP,
                      final_url="https://gov.example.cn/", status=200, title="首页",
                      findings=[alt, contrast, review], screenshots=dict(shots))


def _saved(store, page: PageResult) -> PageResult:
    scan_id = store.begin_scan(sample_run())
    store.save_page(scan_id, page)
    (loaded,) = store.load_run(scan_id).pages
    return loaded


def test_screenshots_go_to_the_file_folder_and_findings_name_them(tmp_path):
    data = png()
    with open_store(tmp_path / "audit.db") as store:
        loaded = _saved(store, shot_page(**{"fp-alt": data}))
        root = store.files_root
    digest = hashlib.sha256(data).hexdigest()
    alt, contrast, review = loaded.findings
    assert alt.screenshot == f"sha256:{digest}"
    assert contrast.screenshot is None  # no picture of it
    assert review.screenshot is None  # only violations are pictured
    assert root is not None and PhotoFiles(root).read(digest) == data
    assert loaded.screenshots == {}  # the bytes stay in the folder


def test_the_same_picture_is_stored_once_and_saving_again_keeps_the_ref(tmp_path):
    data = png("blue")
    with open_store(tmp_path / "audit.db") as store:
        scan_id = store.begin_scan(sample_run())
        page = shot_page(**{"fp-alt": data, "fp-contrast": data})
        store.save_page(scan_id, page)
        store.save_page(scan_id, page)
        alt, contrast, _ = store.load_run(scan_id).pages[0].findings
        files = list(p for p in store.files_root.rglob("*") if p.is_file())
    assert alt.screenshot == contrast.screenshot and len(files) == 1


def test_what_is_not_a_png_is_left_out(tmp_path):
    with open_store(tmp_path / "audit.db") as store:
        loaded = _saved(store, shot_page(**{"fp-alt": b"<svg onload=alert(1)>",
                                            "fp-contrast": png()}))
    assert loaded.findings[0].screenshot is None
    assert loaded.findings[1].screenshot.startswith("sha256:")


def test_a_folder_that_cannot_be_written_does_not_stop_the_page(tmp_path):
    blocker = tmp_path / "files"
    blocker.write_text("a file where the folder should be")
    with open_store(tmp_path / "audit.db", files_dir=blocker) as store:
        loaded = _saved(store, shot_page(**{"fp-alt": png()}))
    assert [f.screenshot for f in loaded.findings] == [None, None, None]


def test_postgresql_without_a_file_folder_saves_the_page_without_screenshots(
        pg_url, monkeypatch):
    monkeypatch.delenv(FILES_ENV, raising=False)
    with open_store(pg_url) as store:
        assert store.files_root is None
        loaded = _saved(store, shot_page(**{"fp-alt": png()}))
    assert [f.rule for f in loaded.findings] == ["image-alt", "color-contrast", "region"]
    assert all(f.screenshot is None for f in loaded.findings)


@pytest.mark.parametrize("backend", ["sqlite", "postgresql"])
def test_with_a_file_folder_both_backends_keep_the_ref(backend, tmp_path, request):
    target = tmp_path / "audit.db" if backend == "sqlite" else request.getfixturevalue("pg_url")
    with open_store(target, files_dir=tmp_path / "shared-files") as store:
        loaded = _saved(store, shot_page(**{"fp-alt": png()}))
    assert loaded.findings[0].screenshot.startswith("sha256:")
    assert dataclasses.replace(loaded.findings[0], screenshot=None) == \
        dataclasses.replace(shot_page().findings[0], screenshot=None)
