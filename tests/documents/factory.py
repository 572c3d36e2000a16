"""Fixture documents made in the tests: Chromium prints HTML to tagged PDF, pikepdf takes parts
away or builds hostile files, Pillow makes scans, python-docx/openpyxl/python-pptx make Office
files. Each function writes one file and returns its path."""

from __future__ import annotations

import asyncio
import hashlib
import io
import random
import string
import struct
import zipfile
import zlib
from collections.abc import Callable
from pathlib import Path

import docx
import msoffcrypto
import olefile
import openpyxl
import pikepdf
import pptx
import pypdfium2 as pdfium
from cryptography.hazmat.decrepit.ciphers.algorithms import ARC4
from cryptography.hazmat.primitives.ciphers import Cipher
from docx.oxml.ns import qn
from docx.shared import Cm
from openpyxl.worksheet.table import Table
from PIL import Image, ImageDraw
from playwright.async_api import async_playwright

from audit.webscan.browser import find_browser

TITLE = "关于开展无障碍环境建设的通知"
PARAGRAPH = ("为贯彻落实《无障碍环境建设法》，推进全区政府网站和政务服务平台的无障碍建设，"
             "方便残疾人、老年人获取政府信息和服务，现将有关事项通知如下。")
PIXEL = ("data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAAAAAA6fptVAAAACklEQVR4nGP4DwAB"
         "AQEAW9GxpAAAAABJRU5ErkJggg==")


def html(body: str, *, lang: str = "zh-CN", title: str = TITLE) -> str:
    return (f'<!doctype html><html lang="{lang}"><head><meta charset="utf-8"><title>{title}'
            f"</title><style>body{{font-family:'Noto Sans CJK SC',sans-serif}}</style></head>"
            f"<body>{body}</body></html>")


ACCESSIBLE_BODY = (
    f"<h1>{TITLE}</h1><p>{PARAGRAPH}</p><h2>一、工作目标</h2><p>{PARAGRAPH}</p>"
    f'<img alt="区政府徽标" src="{PIXEL}" width="120" height="120">'
    "<table><tr><th>街道</th><th>完成时间</th></tr><tr><td>东街道</td><td>2025年</td></tr>"
    "<tr><td>西街道</td><td>2026年</td></tr></table>"
    '<p><a href="https://www.example.gov.cn/">区政府网站</a></p>')


def print_pdfs(pages: dict[Path, tuple[str, bool]]) -> None:
    """Print each HTML (with tags or without) to its path, in one Chromium."""
    async def run() -> None:
        async with async_playwright() as playwright:
            browser = await playwright.chromium.launch(executable_path=str(find_browser().path))
            try:
                tab = await browser.new_page()
                for path, (markup, tagged) in pages.items():
                    await tab.set_content(markup)
                    path.write_bytes(await tab.pdf(tagged=tagged, outline=tagged))
            finally:
                await browser.close()
    asyncio.run(run())


def edited(source: Path, target: Path, *, drop: tuple[str, ...] = (),
           header_cells: bool = True, role_mapped: tuple[str, ...] = ()) -> Path:
    """A copy of ``source`` without the catalog/Info keys in ``drop`` (and, with
    ``header_cells=False``, with every TH made a TD; each structure type in ``role_mapped``
    renamed as authoring tools name their own types, ``/TH`` -> ``/TableHeaderCell``, with
    the structure tree's /RoleMap mapping the new name back)."""
    with pikepdf.open(source) as pdf:
        renamed = {pikepdf.Name(f"/{kind}"): f"Table{kind}Cell" if kind in ("TH", "TD")
                   else f"Table{kind}" for kind in role_mapped}
        for obj in pdf.objects:
            if isinstance(obj, pikepdf.Dictionary) and obj.get("/S") in renamed:
                obj.S = pikepdf.Name("/" + renamed[obj.S])
        tree = pdf.Root.StructTreeRoot
        for kind, name in renamed.items():
            tree.RoleMap = tree.get("/RoleMap", pikepdf.Dictionary())
            tree.RoleMap[f"/{name}"] = kind
        for key in drop:
            if key == "/Title":
                if "/Info" in pdf.trailer:
                    del pdf.trailer.Info["/Title"]
            elif key in pdf.Root:
                del pdf.Root[key]
        if not header_cells:
            for obj in pdf.objects:
                if isinstance(obj, pikepdf.Dictionary) and obj.get("/S") == "/TH":
                    obj.S = pikepdf.Name.TD
        pdf.save(target)
    return target


def scanned(source: Path, target: Path) -> Path:
    """Every page of ``source`` rendered to an image and put in a PDF with Pillow: a scan
    (titled, as Pillow would otherwise use the file's name)."""
    document = pdfium.PdfDocument(source)
    images = [document[i].render(scale=1.5).to_pil().convert("RGB") for i in range(len(document))]
    document.close()
    images[0].save(target, save_all=True, append_images=images[1:], resolution=108, title=TITLE)
    return target


def ocr_layer(scan: Path, target: Path) -> Path:
    """The scan with invisible text (render mode 3) over each page, as OCR tools add it."""
    with pikepdf.open(scan) as pdf:
        font = pdf.make_indirect(pikepdf.Dictionary(Type=pikepdf.Name.Font,
                                                    Subtype=pikepdf.Name.Type1,
                                                    BaseFont=pikepdf.Name.Helvetica))
        for page in pdf.pages:
            page.add_resource(font, pikepdf.Name.Font, pikepdf.Name.OCR)
            text = b"BT 3 Tr /OCR 12 Tf 72 700 Td (Notice on accessibility work) Tj ET"
            page.contents_add(pikepdf.Stream(pdf, text), prepend=False)
        pdf.save(target)
    return target


def encrypted(source: Path, target: Path, *, user_password: str = "",
              accessibility: bool = False) -> Path:
    with pikepdf.open(source) as pdf:
        allow = pikepdf.Permissions(accessibility=accessibility, extract=False)
        pdf.save(target, encryption=pikepdf.Encryption(owner="owner-secret", user=user_password,
                                                       allow=allow, R=3,
                                                       metadata=False, aes=False))
    return target


def titled(source: Path, target: Path, title: str) -> Path:
    """``source`` with the document information's /Title ``title``."""
    with pikepdf.open(source) as pdf:
        pdf.docinfo["/Title"] = title
        pdf.save(target)
    return target


def lang_as_name(source: Path, target: Path) -> Path:
    """``source`` with its /Lang written as a name (``/Lang /zh-CN``), as some generators do."""
    with pikepdf.open(source) as pdf:
        pdf.Root.Lang = pikepdf.Name("/" + str(pdf.Root.Lang))
        pdf.save(target)
    return target


def certificate_secured(target: Path) -> Path:
    """A one-page PDF encrypted for particular recipients (the public-key security handler
    /Adobe.PubSec, as document systems send to named officials): no password opens it."""
    plain = many_pages(target.with_suffix(".plain.pdf"), 1)
    with pikepdf.open(plain) as pdf:
        pdf.save(target, encryption=pikepdf.Encryption(owner="owner", user="", R=4),
                 object_stream_mode=pikepdf.ObjectStreamMode.disable)
    data = target.read_bytes()
    assert data.count(b"/Filter /Standard") == 1
    target.write_bytes(data.replace(b"/Filter /Standard", b"/Filter /Adobe.PubSec"))
    return target


def without_unicode_maps(source: Path, target: Path) -> Path:
    """``source`` with the /ToUnicode map of every font taken away (the text still shows, but
    what a reader extracts is no longer the text)."""
    with pikepdf.open(source) as pdf:
        for obj in pdf.objects:
            if isinstance(obj, pikepdf.Dictionary) and obj.get("/Type") == pikepdf.Name.Font \
                    and "/ToUnicode" in obj:
                del obj["/ToUnicode"]
        pdf.save(target)
    return target


def with_javascript(source: Path, target: Path) -> Path:
    with pikepdf.open(source) as pdf:
        action = pikepdf.Dictionary(S=pikepdf.Name.JavaScript, JS=pikepdf.String("app.alert(1)"))
        pdf.Root.OpenAction = pdf.make_indirect(action)
        pdf.save(target)
    return target


def truncated(source: Path, target: Path) -> Path:
    data = source.read_bytes()
    target.write_bytes(data[: len(data) // 2])
    return target


def broken_xref(source: Path, target: Path) -> Path:
    """``source`` with every offset in its cross-reference table wrong (readers rebuild it)."""
    data = bytearray(source.read_bytes())
    start = data.rfind(b"xref")
    end = data.find(b"trailer", start)
    data[start:end] = bytes(data[start:end]).replace(b" 00000 n", b" 00000 f")
    target.write_bytes(bytes(data).replace(b"startxref", b"startxref\n0 %", 1))
    return target


def many_pages(target: Path, pages: int, lines: int = 1) -> Path:
    """An untagged PDF of ``pages`` pages, each with ``lines`` lines of Helvetica text."""
    with pikepdf.new() as pdf:
        content = pdf.make_stream(b" ".join(
            f"BT /F1 11 Tf 72 {720 - 14 * n} Td (Line {n} of the notice) Tj ET".encode()
            for n in range(lines)))
        font = pikepdf.Dictionary(Type=pikepdf.Name.Font, Subtype=pikepdf.Name.Type1,
                                  BaseFont=pikepdf.Name.Helvetica)
        for _ in range(pages):
            page = pdf.add_blank_page(page_size=(612, 792))
            page.obj.Contents = content
            page.obj.Resources = pikepdf.Dictionary(Font=pikepdf.Dictionary(F1=font))
        pdf.save(target)
    return target


def decompression_bomb(target: Path, megabytes: int) -> Path:
    """One page whose image inflates to ``megabytes`` MB (from a few hundred KB)."""
    squeezer = zlib.compressobj(9)
    chunk = bytes(1 << 20)
    packed = b"".join(squeezer.compress(chunk) for _ in range(megabytes)) + squeezer.flush()
    side = int((megabytes * (1 << 20) / 3) ** 0.5)
    with pikepdf.new() as pdf:
        image = pikepdf.Stream(pdf, packed)
        image.stream_dict = pikepdf.Dictionary(
            Type=pikepdf.Name.XObject, Subtype=pikepdf.Name.Image, Width=side, Height=side,
            ColorSpace=pikepdf.Name.DeviceRGB, BitsPerComponent=8, Filter=pikepdf.Name.FlateDecode)
        page = pdf.add_blank_page(page_size=(612, 792))
        page.obj.Resources = pikepdf.Dictionary(XObject=pikepdf.Dictionary(Im0=image))
        page.obj.Contents = pdf.make_stream(b"q 612 0 0 792 0 0 cm /Im0 Do Q")
        pdf.save(target, compress_streams=False)
    return target


def recursion_bomb(source: Path, target: Path, depth: int = 50_000) -> Path:
    """``source`` with a structure tree nested ``depth`` levels deep that loops back on itself,
    and a Form XObject that draws itself."""
    with pikepdf.open(source) as pdf:
        if "/StructTreeRoot" not in pdf.Root:
            pdf.Root.StructTreeRoot = pdf.make_indirect(
                pikepdf.Dictionary(Type=pikepdf.Name.StructTreeRoot))
            pdf.Root.MarkInfo = pikepdf.Dictionary(Marked=True)
        tree = pdf.Root.StructTreeRoot
        parent = tree
        for _ in range(depth):
            node = pdf.make_indirect(pikepdf.Dictionary(S=pikepdf.Name.Div, P=parent))
            parent.K = node
            parent = node
        parent.K = tree  # a loop
        form = pdf.make_stream(b"/Self Do")
        form.stream_dict = pikepdf.Dictionary(Type=pikepdf.Name.XObject, Subtype=pikepdf.Name.Form,
                                              BBox=[0, 0, 10, 10])
        form.Resources = pikepdf.Dictionary(XObject=pikepdf.Dictionary(Self=form))
        page = pdf.pages[0]
        page.add_resource(form, pikepdf.Name.XObject, pikepdf.Name.Loop)
        page.contents_add(pdf.make_stream(b"/Loop Do"))
        pdf.save(target)
    return target


def raw_pdf(target: Path, objects: dict[int, bytes], *, info: int | None = None,
            packed: dict[int, tuple[int, int]] | None = None) -> Path:
    """A PDF written byte by byte (as no library would write a broken one): ``objects`` by
    number (1 is the catalog), a cross-reference stream listing them and the objects
    ``packed`` in object streams (number -> (object stream, index))."""
    packed = packed or {}
    out = bytearray(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")
    offsets = {}
    for number, body in sorted(objects.items()):
        offsets[number] = len(out)
        out += f"{number} 0 obj\n".encode() + body + b"\nendobj\n"
    xref_number = max([*objects, *packed]) + 1
    offsets[xref_number] = len(out)
    rows = [b"\x00" + bytes(4) + b"\xff\xff"]
    for number in range(1, xref_number + 1):
        if number in packed:
            stream, index = packed[number]
            rows.append(b"\x02" + struct.pack(">IH", stream, index))
        elif number in offsets:
            rows.append(b"\x01" + struct.pack(">IH", offsets[number], 0))
        else:
            rows.append(b"\x00" + bytes(4) + b"\xff\xff")
    table = b"".join(rows)
    extra = f" /Info {info} 0 R" if info else ""
    out += (f"{xref_number} 0 obj\n<< /Type /XRef /Size {xref_number + 1} /W [1 4 2] /Root 1 0 R"
            f"{extra} /Length {len(table)} >>\nstream\n").encode() + table + \
        f"\nendstream\nendobj\nstartxref\n{offsets[xref_number]}\n%%EOF\n".encode()
    target.write_bytes(bytes(out))
    return target


_CATALOG = b"<< /Type /Catalog /Pages 2 0 R >>"
_PAGE = b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] >>"


def page_tree_loop(target: Path) -> Path:
    """A PDF whose page tree lists itself among its kids (a reader that follows it naively
    never ends)."""
    return raw_pdf(target, {1: _CATALOG, 2: b"<< /Type /Pages /Kids [2 0 R 3 0 R] /Count 2 >>",
                            3: _PAGE})


def object_stream_bomb(target: Path, megabytes: int) -> Path:
    """A one-page PDF whose document information dictionary sits in an object stream that
    inflates to ``megabytes`` MB."""
    content = b"5 0 " + b"<< /Title (Notice) >>" + b" " * (megabytes << 20)
    squeezed = zlib.compress(content, 9)
    stream = (f"<< /Type /ObjStm /N 1 /First 4 /Filter /FlateDecode /Length {len(squeezed)} >>"
              "\nstream\n").encode() + squeezed + b"\nendstream"
    return raw_pdf(target, {1: _CATALOG, 2: b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
                            3: _PAGE, 4: stream}, info=5, packed={5: (4, 0)})


# -- Office --------------------------------------------------------------------------------

def png(width: int = 40, height: int = 30) -> bytes:
    image = Image.new("RGB", (width, height), "white")
    ImageDraw.Draw(image).rectangle((5, 5, width - 5, height - 5), fill="navy")
    out = io.BytesIO()
    image.save(out, format="PNG")
    return out.getvalue()


def word(target: Path, *, title: str | None = TITLE, lang: str | None = "zh-CN",
         alt: str | None = "区政府徽标", header_row: bool = True, headings: bool = True,
         paragraphs: int = 3) -> Path:
    document = docx.Document()
    document.core_properties.title = title or ""
    document.core_properties.language = lang or ""
    if lang is None:  # the default template says en-US in its styles: take that away too
        for node in document.styles.element.findall(".//" + qn("w:lang")):
            node.getparent().remove(node)
    if headings:
        document.add_heading(TITLE, level=1)
    for _ in range(paragraphs):
        document.add_paragraph(PARAGRAPH)
    document.add_picture(io.BytesIO(png()), width=Cm(2))
    picture = document.inline_shapes[-1]._inline.docPr
    picture.set("descr", alt or "")
    table = document.add_table(rows=3, cols=2)
    for row, cells in enumerate((("街道", "完成时间"), ("东街道", "2025年"), ("西街道", "2026年"))):
        for column, text in enumerate(cells):
            table.cell(row, column).text = text
    if header_row:
        properties = table.rows[0]._tr.get_or_add_trPr()
        properties.append(properties.makeelement(qn("w:tblHeader"), {}))
    document.save(target)
    return target


def zip_bomb(source: Path, target: Path, megabytes: int = 64) -> Path:
    """``source`` (a DOCX) with one more part that inflates to ``megabytes`` MB."""
    with zipfile.ZipFile(source) as old, zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as new:
        for item in old.infolist():
            new.writestr(item, old.read(item.filename))
        with new.open("word/media/huge.bin", "w", force_zip64=True) as handle:
            for _ in range(megabytes):
                handle.write(bytes(1 << 20))
    return target


def long_word(source: Path, target: Path, paragraphs: int) -> Path:
    """``source`` (a DOCX) with ``paragraphs`` more short paragraphs of letters that do not
    repeat (so the package is no zip bomb: it is as big as its text)."""
    letters = random.Random(7)
    body = "".join(f"<w:p><w:r><w:t>{''.join(letters.choices(string.ascii_letters, k=20))}"
                   "</w:t></w:r></w:p>" for _ in range(paragraphs)).encode()
    return with_part(source, target, "word/document.xml",
                     lambda data: data.replace(b"<w:body>", b"<w:body>" + body, 1))


def entity_bomb(source: Path, target: Path, part: str, text: str) -> Path:
    """``source`` (an Office package) with its ``part`` declaring nested entities that would
    expand to a billion "lol"s, and using them in place of ``text``."""
    entities = "".join(f'<!ENTITY lol{n} "{f"&lol{n - 1};" * 10}">' for n in range(1, 10))
    return with_doctype(source, target, part, f'<!DOCTYPE lolz [<!ENTITY lol0 "lol">{entities}]>',
                        text, "&lol9;")


def external_entity(source: Path, target: Path, part: str, text: str, url: str) -> Path:
    """``source`` (an Office package) with ``text`` in its ``part`` replaced by an external
    entity that names ``url`` (XXE: a reader that resolves it reads the file or fetches)."""
    return with_doctype(source, target, part, f'<!DOCTYPE x [<!ENTITY xxe SYSTEM "{url}">]>',
                        text, "&xxe;")


def with_doctype(source: Path, target: Path, part: str, doctype: str, text: str,
                 replacement: str) -> Path:
    """``source`` (an Office package) with ``doctype`` declared in its ``part`` and the first
    ``text`` in it replaced by ``replacement``."""
    def edit(data: bytes) -> bytes:
        declaration, _, body = data.rpartition(b"?>")  # openpyxl writes none
        return declaration + (b"?>" if declaration else b"") + doctype.encode() + \
            body.replace(text.encode(), replacement.encode(), 1)
    return with_part(source, target, part, edit)


def deeply_nested(source: Path, target: Path, part: str, after: str, depth: int) -> Path:
    """``source`` (an Office package) with ``depth`` nested elements inserted into ``part``
    after the first ``after``."""
    nest = b"<x>" * depth + b"</x>" * depth
    return with_part(source, target, part,
                     lambda data: data.replace(after.encode(), after.encode() + nest, 1))


def with_part(source: Path, target: Path, part: str, edit: Callable[[bytes], bytes]) -> Path:
    """A copy of the package ``source`` whose ``part`` is ``edit``-ed."""
    with zipfile.ZipFile(source) as old, zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as new:
        for item in old.infolist():
            data = old.read(item.filename)
            new.writestr(item, edit(data) if item.filename == part else data)
    return target


def lying_sizes(source: Path, target: Path, part: str) -> Path:
    """``source`` (an Office package) whose ``part`` says it is 64 bytes but inflates to
    64 MB: a reader that trusts the size it is told would take 64 MB."""
    data = zipfile.ZipFile(source).read(part) + b" " * (64 << 20)
    with_part(source, target, part, lambda _: data)
    packed = bytearray(target.read_bytes())
    for signature, offset in ((b"PK\x03\x04", 22), (b"PK\x01\x02", 24)):
        name = part.encode()
        at = packed.find(signature)
        while at >= 0:
            header = 30 if signature == b"PK\x03\x04" else 46
            if packed[at + header:at + header + len(name)] == name:
                struct.pack_into("<I", packed, at + offset, 64)
            at = packed.find(signature, at + 4)
    target.write_bytes(bytes(packed))
    return target


def workbook(target: Path, *, title: str | None = TITLE, header_row: bool = True) -> Path:
    book = openpyxl.Workbook()
    book.properties.title = title
    book.properties.language = "zh-CN"
    sheet = book.active
    sheet.title = "完成情况"
    for row in (("街道", "完成时间"), ("东街道", 2025), ("西街道", 2026)):
        sheet.append(row)
    table = Table(displayName="Progress", ref="A1:B3")
    if not header_row:
        table.headerRowCount = 0
    sheet.add_table(table)
    book.save(target)
    return target


def slides(target: Path, *, titled: bool = True, alt: str | None = "区政府徽标") -> Path:
    """A one-slide deck; ``alt=None`` keeps python-pptx's own alt text (the image's name)."""
    presentation = pptx.Presentation()
    presentation.core_properties.title = TITLE
    presentation.core_properties.language = "zh-CN"
    slide = presentation.slides.add_slide(presentation.slide_layouts[5])  # title only
    if titled:
        slide.shapes.title.text = TITLE
    else:
        slide.shapes._spTree.remove(slide.shapes.title._element)
    picture = slide.shapes.add_picture(io.BytesIO(png()), Cm(2), Cm(5))
    if alt is not None:
        picture._element.nvPicPr.cNvPr.set("descr", alt)
    presentation.save(target)
    return target


def ole2(target: Path) -> Path:
    """A file that starts like a Word 97-2003 / WPS file (the OLE2 signature)."""
    target.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(504))
    return target


_FREE, _END, _FAT_SECTOR = 0xFFFFFFFF, 0xFFFFFFFE, 0xFFFFFFFD
_SECTOR = 512
_MINI_CUTOFF = 4096  # smaller streams live in the mini stream, which this writer does not make
# The storages and streams Office writes for a password-protected DOCX/XLSX/PPTX (MS-OFFCRYPTO
# 2.3.4.1): (name, 1 storage or 2 stream, parent's index in this list).
_ENCRYPTED_PARTS = (
    ("\x06DataSpaces", 1, 0), ("Version", 2, 1), ("DataSpaceMap", 2, 1),
    ("DataSpaceInfo", 1, 1), ("StrongEncryptionDataSpace", 2, 4), ("TransformInfo", 1, 1),
    ("StrongEncryptionTransform", 1, 6), ("\x06Primary", 2, 7), ("EncryptionInfo", 2, 0),
    ("EncryptedPackage", 2, 0))


def encrypted_office(target: Path) -> Path:
    """A compound file laid out as Office saves a DOCX, XLSX or PPTX with a password: the
    package is the stream EncryptedPackage, its key in EncryptionInfo."""
    return compound(target, [(name, kind, parent, random.Random(name).randbytes(
        4096 + 512 * (len(name) % 4)) if kind == 2 else b"")
        for name, kind, parent in _ENCRYPTED_PARTS])


def compound(target: Path, parts: list[tuple[str, int, int, bytes]]) -> Path:
    """A compound file (OLE2, 512-byte sectors) of ``parts``: (name, 1 storage or 2 stream,
    parent's index in the list counting the root as 0, a stream's data). Streams are padded
    with zeros to 4096 bytes at least (so none is in the mini stream). The directory takes
    more than one sector when there are more than three parts, so a reader must follow its
    chain in the FAT."""
    parents = [parent for _, _, parent, _ in parts]
    streams = {index: data.ljust(max(_MINI_CUTOFF, -(-len(data) // _SECTOR) * _SECTOR), b"\0")
               for index, (_, kind, _, data) in enumerate(parts, 1) if kind == 2}
    directory_sectors = -(-(len(parts) + 1) // 4)
    fat = [_FAT_SECTOR] + _chain(1, directory_sectors)
    starts = {}
    for index, data in streams.items():
        starts[index] = len(fat)
        fat += _chain(len(fat), len(data) // _SECTOR)
    assert len(fat) <= 128
    entries = [_entry("Root Entry", 5, child=_first_child(0, parents), start=_END, size=0)]
    for index, (name, kind, parent, _) in enumerate(parts, 1):
        entries.append(_entry(name, kind, child=_first_child(index, parents),
                              sibling=_next_sibling(index, parent, parents),
                              start=starts.get(index, 0), size=len(streams.get(index, b""))))
    entries += [_entry("", 0)] * (directory_sectors * 4 - len(entries))
    header = (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(16)
              + struct.pack("<HHHHH", 0x3E, 3, 0xFFFE, 9, 6) + bytes(10)
              + struct.pack("<IIIIIIII", 1, 1, 0, _MINI_CUTOFF, _END, 0, _END, 0)
              + struct.pack("<109I", 0, *[_FREE] * 108))
    body = struct.pack("<128I", *fat, *[_FREE] * (128 - len(fat))) + b"".join(entries)
    target.write_bytes(header + body + b"".join(streams.values()))
    return target


def _chain(first: int, count: int) -> list[int]:
    return [first + i + 1 for i in range(count - 1)] + [_END]


def _first_child(index: int, parents: list[int]) -> int:
    kids = [i for i, parent in enumerate(parents, 1) if parent == index]
    return kids[0] if kids else _FREE


def _next_sibling(index: int, parent: int, parents: list[int]) -> int:
    later = [i for i, p in enumerate(parents, 1) if p == parent and i > index]
    return later[0] if later else _FREE


def _entry(name: str, kind: int, *, child: int = _FREE, sibling: int = _FREE,
           start: int = 0, size: int = 0) -> bytes:
    """One 128-byte directory entry (black node; no left sibling: a valid, unbalanced tree)."""
    encoded = (name + "\0").encode("utf-16-le") if name else b""
    return (encoded.ljust(64, b"\0") + struct.pack("<HBB", len(encoded), kind, 1)
            + struct.pack("<III", _FREE, sibling, child) + bytes(16 + 4 + 16)
            + struct.pack("<IQ", start, size))


# -- Office 97-2003 files, as little of each as the readers need --------------------------

_F_ENCRYPTED = 0x0100  # FibBase flags (MS-DOC 2.5.2): the document is encrypted
_BIFF_BOF, _BIFF_FILEPASS, _BIFF_EOF = 0x0809, 0x002F, 0x000A


def legacy_word(target: Path, *, encrypted: bool) -> Path:
    """A Word 97-2003 file: a WordDocument stream starting with the FIB's base (MS-DOC
    2.5.2), its fEncrypted bit set or not, and the table stream it names."""
    flags = 0x0200 | (_F_ENCRYPTED if encrypted else 0)  # fWhichTblStm: 1Table
    fib = struct.pack("<HHHHHHHHHIIBBHH", 0xA5EC, 0x00C1, 0, 0x0804, 0, flags, 0x00BF, 0,
                      0, 0, 0, 0, 0, 0, 0)
    return compound(target, [("WordDocument", 2, 0, fib), ("1Table", 2, 0, b"")])


def legacy_workbook(target: Path, *, encrypted: bool, stream: str = "Workbook",
                    password: str = "s3cret-2025") -> Path:
    """An Excel 97-2003 file (or, with ``stream="Book"``, Excel 5.0/95): the globals
    substream's BOF, a FILEPASS record (RC4, MS-XLS 2.4.117) that checks ``password`` when
    encrypted, then EOF."""
    records = [(_BIFF_BOF, struct.pack("<HHHHII", 0x0600, 0x0005, 0x0DBB, 0x07CC, 0, 0))]
    if encrypted:
        records.append((_BIFF_FILEPASS, struct.pack("<HHH", 1, 1, 1) + _rc4_verifier(password)))
    records.append((_BIFF_EOF, b""))
    data = b"".join(struct.pack("<HH", kind, len(body)) + body for kind, body in records)
    return compound(target, [(stream, 2, 0, data)])


def _rc4_verifier(password: str) -> bytes:
    """Salt, encrypted verifier and encrypted verifier hash of Office binary RC4 encryption
    (MS-OFFCRYPTO 2.3.6.1-2.3.6.2), for ``password``."""
    salt, verifier = bytes(range(16)), bytes(range(16, 32))
    truncated = hashlib.md5(password.encode("utf-16-le")).digest()[:5]
    base = hashlib.md5((truncated + salt) * 16).digest()[:5]
    key = hashlib.md5(base + struct.pack("<I", 0)).digest()
    encryptor = Cipher(ARC4(key), mode=None).encryptor()
    return salt + encryptor.update(verifier) + encryptor.update(hashlib.md5(verifier).digest())


def legacy_slides(target: Path, *, encrypted: bool) -> Path:
    """A PowerPoint 97-2003 file: the Current User stream pointing at the last UserEditAtom
    in the PowerPoint Document stream, which names a CryptSession10Container when the file is
    encrypted (MS-PPT 2.3.3); an encrypted one has an EncryptedSummary stream as well."""
    token = 0xF3D1C4DF if encrypted else 0xE391C05F
    user = b"inspector"
    current = (struct.pack("<HHI", 0, 0x0FF6, 0x14 + 4 + len(user) * 3)
               + struct.pack("<IIIHHBBH", 0x14, token, 0, len(user), 0x03F4, 3, 0, 0)
               + user + struct.pack("<I", 8) + user.decode().encode("utf-16-le"))
    length = 0x20 if encrypted else 0x1C
    edit = (struct.pack("<HHI", 0, 0x0FF5, length)
            + struct.pack("<IHBBIIIIHH", 0, 0, 0, 3, 0, 0, 1, 2, 1, 0)
            + (struct.pack("<I", 1) if encrypted else b""))
    parts = [("Current User", 2, 0, current), ("PowerPoint Document", 2, 0, edit)]
    if encrypted:
        parts.append(("EncryptedSummary", 2, 0, b""))
    return compound(target, parts)


def corrupt_fat(source: Path, target: Path, *, loop: bool) -> Path:
    """``source`` (a compound file of this module, of one to three parts) with its first
    stream's chain in the FAT
    made to loop back on itself (``loop``) or to point far beyond the end of the file."""
    data = bytearray(source.read_bytes())
    first = 2  # sector 0 is the FAT, 1 the directory (of at most three parts), then streams
    struct.pack_into("<I", data, _SECTOR + 4 * first, first if loop else 0x00FFFFF0)
    target.write_bytes(bytes(data))
    return target


def with_encryption_info(source: Path, target: Path, edit: Callable[[bytes], bytes]) -> Path:
    """``source`` (a DOCX/XLSX/PPTX encrypted by ``office_encrypted_with``) with its
    EncryptionInfo stream ``edit``-ed (the streams a reader needs, in a new compound file)."""
    with olefile.OleFileIO(str(source)) as ole:
        info, package = (ole.openstream(name).read()
                         for name in ("EncryptionInfo", "EncryptedPackage"))
    return compound(target, [("EncryptionInfo", 2, 0, edit(info)),
                             ("EncryptedPackage", 2, 0, package)])


def office_encrypted_with(source: Path, target: Path, password: str) -> Path:
    """``source`` (a DOCX, XLSX or PPTX) encrypted as Office does (agile, AES-256)."""
    with source.open("rb") as plain, target.open("wb") as out:
        msoffcrypto.OfficeFile(plain).encrypt(password, out)
    return target


def ofd(target: Path) -> Path:
    with zipfile.ZipFile(target, "w") as archive:
        archive.writestr("OFD.xml", '<?xml version="1.0"?><ofd:OFD xmlns:ofd="http://www.ofdspec.org/2016"/>')
    return target
