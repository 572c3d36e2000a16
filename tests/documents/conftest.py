"""Fixture documents, made once per session (printing needs Chromium; the rest does not)."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.documents import factory as make

DEFAULT = "VelvetSweatshop"  # Excel's default password: a workbook protected for editing only


@pytest.fixture(scope="session")
def printed(tmp_path_factory, chromium) -> dict[str, Path]:
    """PDFs that Chromium prints (tagged unless said), and the files made from them."""
    folder = tmp_path_factory.mktemp("printed")
    long_text = "".join(f"<p>{make.PARAGRAPH}</p>" for _ in range(60))
    sources = {
        "accessible.pdf": (make.html(make.ACCESSIBLE_BODY), True),
        "untagged.pdf": (make.html(make.ACCESSIBLE_BODY), False),
        "image-without-alt.pdf": (make.html(
            f'<h1>{make.TITLE}</h1><p>{make.PARAGRAPH}</p>'
            f'<img src="{make.PIXEL}" width="100" height="100">'), True),
        "no-headings.pdf": (make.html(long_text), True),
        "english-on-chinese.pdf": (make.html(make.ACCESSIBLE_BODY, lang="en"), True),
    }
    paths = {name: folder / name for name in sources}
    make.print_pdfs({paths[name]: source for name, source in sources.items()})
    accessible = paths["accessible.pdf"]
    derived = {
        "stripped.pdf": lambda t: make.edited(accessible, t,
                                              drop=("/Lang", "/Title", "/ViewerPreferences")),
        "table-without-headers.pdf": lambda t: make.edited(accessible, t, header_cells=False),
        "role-mapped-table.pdf": lambda t: make.edited(accessible, t, role_mapped=("TH",)),
        "role-mapped-table-without-headers.pdf": lambda t: make.edited(
            accessible, t, header_cells=False, role_mapped=("TR", "TD")),
        "scanned.pdf": lambda t: make.scanned(accessible, t),
        "ocr-layer.pdf": lambda t: make.ocr_layer(make.scanned(accessible, folder / "s.pdf"), t),
        "no-accessibility.pdf": lambda t: make.encrypted(accessible, t),
        "password.pdf": lambda t: make.encrypted(accessible, t, user_password="secret",
                                                 accessibility=True),
        "javascript.pdf": lambda t: make.with_javascript(accessible, t),
        "lang-as-name.pdf": lambda t: make.lang_as_name(accessible, t),
        "no-unicode-maps.pdf": lambda t: make.without_unicode_maps(accessible, t),
        "broken-xref.pdf": lambda t: make.broken_xref(accessible, t),
        "truncated.pdf": lambda t: make.truncated(accessible, t),
    }
    for name, build in derived.items():
        paths[name] = build(folder / name)
    return paths


@pytest.fixture(scope="session")
def office(tmp_path_factory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("office")
    built = {
        "accessible.docx": lambda t: make.word(t),
        "careless.docx": lambda t: make.word(t, title=None, lang=None, alt=None,
                                             header_row=False, headings=False, paragraphs=60),
        "accessible.xlsx": lambda t: make.workbook(t),
        "careless.xlsx": lambda t: make.workbook(t, title=None, header_row=False),
        "accessible.pptx": lambda t: make.slides(t),
        "careless.pptx": lambda t: make.slides(t, titled=False, alt=None),
        "legacy.doc": make.ole2, "legacy.xls": make.ole2, "legacy.wps": make.ole2,
        "legacy.et": make.ole2, "e-invoice.ofd": make.ofd,
        "locked.docx": make.encrypted_office, "locked.xlsx": make.encrypted_office,
        "locked.pptx": make.encrypted_office, "locked": make.encrypted_office,
        "word-97.doc": lambda t: make.legacy_word(t, encrypted=False),
        "excel-97.xls": lambda t: make.legacy_workbook(t, encrypted=False),
        "powerpoint-97.ppt": lambda t: make.legacy_slides(t, encrypted=False),
        "password-97.doc": lambda t: make.legacy_word(t, encrypted=True),
        "password-97.xls": lambda t: make.legacy_workbook(t, encrypted=True),
        "password-95.xls": lambda t: make.legacy_workbook(t, encrypted=True, stream="Book"),
        "password-97.ppt": lambda t: make.legacy_slides(t, encrypted=True),
        "password-wps.wps": lambda t: make.legacy_word(t, encrypted=True),
        "workbook-named.doc": lambda t: make.legacy_workbook(t, encrypted=True),
        "default-password.xls": lambda t: make.legacy_workbook(t, encrypted=True,
                                                               password=DEFAULT),
    }
    paths = {name: build(folder / name) for name, build in built.items()}
    for name, source, password in (("default-password.xlsx", "accessible.xlsx", DEFAULT),
                                   ("default-password", "careless.xlsx", DEFAULT),
                                   ("default-password.docx", "careless.docx", DEFAULT),
                                   ("own-password.xlsx", "accessible.xlsx", "s3cret-2025")):
        paths[name] = make.office_encrypted_with(paths[source], folder / name, password)
    return paths


@pytest.fixture(scope="session")
def hostile(tmp_path_factory) -> dict[str, Path]:
    """Documents made to hurt a reader (no browser needed)."""
    folder = tmp_path_factory.mktemp("hostile")
    one_page = make.many_pages(folder / "one-page.pdf", 1)
    docx = make.word(folder / "plain.docx")
    xlsx = make.workbook(folder / "plain.xlsx")
    built = {
        "5000-pages.pdf": lambda t: make.many_pages(t, 5000),
        "decompression-bomb.pdf": lambda t: make.decompression_bomb(t, 400),
        "recursion-bomb.pdf": lambda t: make.recursion_bomb(one_page, t),
        "zip-bomb.docx": lambda t: make.zip_bomb(docx, t),
        "not-a-pdf.pdf": lambda t: t.write_bytes(b"%PDF-1.7\n" + bytes(range(256)) * 40) and t,
        "empty.docx": lambda t: t.write_bytes(b"PK\x03\x04") and t,
        "entity-bomb.xlsx": lambda t: make.entity_bomb(xlsx, t, "xl/worksheets/sheet1.xml",
                                                       "<v>2025</v>"),
    }
    return {name: build(folder / name) for name, build in built.items()}
