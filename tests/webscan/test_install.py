"""`a11y-audit setup`'s optional part: Tesseract's models for the image-of-text check."""

from __future__ import annotations

from audit.webscan import install, ocr


def test_missing_ocr_models_are_a_warning_when_apt_cannot_install_them(monkeypatch):
    monkeypatch.setattr(ocr, "missing", lambda: "no Tesseract models for chi_sim and eng")
    monkeypatch.setattr(install, "_can_apt", lambda: False)
    said: list[str] = []
    install._ensure_ocr(said.append)
    assert said == ["warning: no Tesseract models for chi_sim and eng (the image-of-text check "
                    "is skipped without it)"]


def test_present_models_are_named(monkeypatch, tmp_path):
    for lang in ocr.LANGUAGES:
        (tmp_path / f"{lang}.traineddata").write_bytes(b"")
    monkeypatch.setenv("TESSDATA_PREFIX", str(tmp_path))
    said: list[str] = []
    install._ensure_ocr(said.append)
    assert said == [f"OCR models: {tmp_path} (chi_sim, eng)"]
