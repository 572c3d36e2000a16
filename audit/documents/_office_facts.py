"""Facts from Word, Excel and PowerPoint files (DOCX, XLSX, PPTX), gathered in the sandboxed
worker: python-docx, openpyxl and python-pptx read the packages; what they do not expose (alt
text of images, header rows, a Word file's page count) is read from the package's XML with a
parser that expands no entities and fetches nothing.

A package is checked before any library opens it: too many parts, or parts that inflate far
beyond their compressed size (a zip bomb), and it is refused as unreadable. A package encrypted
with the default password is decrypted first (``_encryption``); that check holds for what it
decrypts to as well.
"""

from __future__ import annotations

import posixpath
import re
import zipfile
from collections import Counter
from typing import IO, Any
from xml.parsers.expat import ExpatError

import docx
import olefile
import openpyxl
import pptx
from lxml import etree

from audit.documents._budget import Budget, Unreadable, reason
from audit.documents._encryption import with_default_password
from audit.documents._textstats import SAMPLE_CHARS, char_classes
from audit.documents.formats import NAMES, zip_kind

MAX_PARTS = 10_000
MAX_UNPACKED = 1024 * 1024 * 1024  # bytes, all parts together
MAX_RATIO = 200  # uncompressed / compressed, for parts over a megabyte
MAX_LISTED = 2_000

_NS = {
    "w": "http://schemas.openxmlformats.org/wordprocessingml/2006/main",
    "wp": "http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing",
    "a": "http://schemas.openxmlformats.org/drawingml/2006/main",
    "p": "http://schemas.openxmlformats.org/presentationml/2006/main",
    "xdr": "http://schemas.openxmlformats.org/drawingml/2006/spreadsheetDrawing",
    "v": "urn:schemas-microsoft-com:vml",
    "r": "http://schemas.openxmlformats.org/officeDocument/2006/relationships",
    "rel": "http://schemas.openxmlformats.org/package/2006/relationships",
    "s": "http://schemas.openxmlformats.org/spreadsheetml/2006/main",
    "ep": "http://schemas.openxmlformats.org/officeDocument/2006/extended-properties",
    "adec": "http://schemas.microsoft.com/office/drawing/2017/decorative",
}
MAX_XML_DEPTH = 256  # libxml2's, without XML_PARSE_HUGE (which no parser here sets)
# The XML parsers' words for what they refuse (libxml2's, expat's), and ours.
_XML_REFUSALS = (
    ("Excessive depth in document", f"is nested more than {MAX_XML_DEPTH} levels deep"),
    ("amplification factor",
     "declares entities that expand beyond reason (refused as an entity bomb)"))
_HEADING_NAME = re.compile(r"^\s*(heading|标题)\s*[1-9]\s*$", re.IGNORECASE)
_PARSER = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False)


Source = str | IO[bytes]  # a package's path, or the package decrypted in memory


def gather_office(path: str, kind: str, budget: Budget) -> dict[str, Any]:
    """The facts of the DOCX, XLSX or PPTX file at ``path`` (``kind`` "ooxml": an encrypted
    package whose kind its name does not tell)."""
    source: Source = path
    encryption = {}
    if olefile.isOleFile(path):  # the package encrypted (formats.sniff told)
        source, kind = _decrypted(path, kind)
        encryption = {"encryption": "default-password"}
    check_package(source, path)
    try:
        return {"format": kind, **encryption, **_GATHERERS[kind](source)}
    except Unreadable:
        raise
    except (KeyError, ValueError, TypeError, AttributeError, zipfile.BadZipFile,
            etree.LxmlError) as err:
        raise Unreadable(f"damaged {kind.upper()} file: {_why_damaged(err, path)}") from None


def _why_damaged(err: Exception, path: str) -> str:
    """The reader's message; the XML parser's refusals in our words (it advises its caller:
    "use XML_PARSE_HUGE", "see xmlCtxtSetMaxAmplification")."""
    return _xml_refusal(err, "its XML") or reason(err, path)


def _xml_refusal(err: Exception, what: str) -> str | None:
    """Why the XML parser (libxml2 or expat) refused ``what``, in our words; None when it did
    not refuse it for depth or entity expansion."""
    text = str(err)
    return next((f"{what} {words}" for marker, words in _XML_REFUSALS if marker in text), None)


def _decrypted(path: str, kind: str) -> tuple[IO[bytes], str]:
    """The package inside the encrypted file at ``path`` and its kind, when the default
    password opens it."""
    try:
        package = with_default_password(path)
    except ExpatError as err:  # msoffcrypto reads the encryption information with minidom
        raise Unreadable(f"damaged {NAMES[kind]} file: " + (
            _xml_refusal(err, "its encryption information")
            or f"its encryption information is not well-formed XML ({err})")) from None
    if package is None:
        raise Unreadable(f"the {NAMES[kind]} file needs a password to open")
    found = zip_kind(package, f".{kind}")  # by its parts, as formats.sniff tells a package
    if found not in _GATHERERS:
        raise Unreadable(f"the {NAMES[kind]} file holds no Word, Excel or PowerPoint document")
    return package, found


def check_package(source: Source, path: str) -> None:
    """Refuse a ZIP package that would inflate beyond reason (before any library reads it)."""
    try:
        with zipfile.ZipFile(source) as archive:
            members = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError) as err:
        raise Unreadable("damaged file (not a readable ZIP package): "
                         f"{reason(err, path)}") from None
    if len(members) > MAX_PARTS:
        raise Unreadable(f"the package has {len(members)} parts (more than {MAX_PARTS})")
    unpacked = sum(member.file_size for member in members)
    if unpacked > MAX_UNPACKED:
        raise Unreadable(f"the package would unpack to {unpacked // 2**20} MB: "
                         "refused as a zip bomb")
    for member in members:
        if member.file_size > 2**20 and member.file_size > MAX_RATIO * max(member.compress_size, 1):
            raise Unreadable(f"part {member.filename[:80]} inflates {member.file_size // 2**20} "
                             "MB from far less: refused as a zip bomb")


# -- Word ------------------------------------------------------------------------------------

def _docx(path: Source) -> dict[str, Any]:
    document = docx.Document(path)
    body = document.element.body
    styles = _word_styles(document.styles.element)
    text = "".join(node.text or "" for node in _limited(body.iter(_q("w", "t")), 200_000))
    defaults = document.styles.element.find("w:docDefaults/w:rPrDefault/w:rPr/w:lang", _NS)
    return {
        "title": _clean(document.core_properties.title),
        "lang": _clean(document.core_properties.language),
        "style_lang": _lang_attributes(defaults),
        "paragraphs": sum(1 for _ in body.iter(_q("w", "p"))),
        "characters": len("".join(text.split())),
        "pages": _app_pages(path),
        "headings": sum(1 for p in body.iter(_q("w", "p")) if _is_heading(p, styles)),
        "images": _word_images(body),
        "tables": [_word_table(table) for table in _limited(body.iter(_q("w", "tbl")), MAX_LISTED)],
        "classes": char_classes(text[:SAMPLE_CHARS]),
    }


def _word_styles(styles: Any) -> dict[str, tuple[str, bool]]:
    """Style id -> (name, whether it is a heading by name or by outline level)."""
    found: dict[str, tuple[str, bool]] = {}
    for style in styles.findall("w:style", _NS):
        style_id = style.get(_q("w", "styleId")) or ""
        name_node = style.find("w:name", _NS)
        name = name_node.get(_q("w", "val"), "") if name_node is not None else ""
        outlined = _outline_level(style) is not None
        found[style_id] = (name, bool(_HEADING_NAME.match(name)) or outlined)
    return found


def _outline_level(node: Any) -> int | None:
    """The outline level (0-8) a paragraph or style sets; None for body text (9) or none."""
    level = node.find("w:pPr/w:outlineLvl", _NS)
    value = level.get(_q("w", "val"), "9") if level is not None else "9"
    return int(value) if value.isdigit() and int(value) < 9 else None


def _is_heading(paragraph: Any, styles: dict[str, tuple[str, bool]]) -> bool:
    level = paragraph.find("w:pPr/w:outlineLvl", _NS)
    if level is not None:
        return _outline_level(paragraph) is not None
    style = paragraph.find("w:pPr/w:pStyle", _NS)
    return style is not None and styles.get(style.get(_q("w", "val"), ""), ("", False))[1]


def _word_images(body: Any) -> list[dict[str, Any]]:
    images = []
    for frame in _limited(body.iter(_q("wp", "docPr")), MAX_LISTED):
        holder = frame.getparent()
        if holder is None or next(holder.iter(_q("a", "blip")), None) is None:
            continue  # a text box or shape, not a picture
        images.append(_picture(frame))
    for shape in _limited(body.iter(_q("v", "shape")), MAX_LISTED):
        if shape.find("v:imagedata", _NS) is not None:  # legacy VML pictures
            images.append({"name": _clean(shape.get("id")) or "", "descr": _clean(shape.get("alt")),
                           "title": None, "decorative": False})
    return images


def _picture(properties: Any) -> dict[str, Any]:
    """Name, alt text (descr), title and the decorative mark of a cNvPr / docPr element."""
    decorative = properties.find(".//adec:decorative", _NS)
    return {"name": _clean(properties.get("name")) or "", "descr": _clean(properties.get("descr")),
            "title": _clean(properties.get("title")),
            "decorative": decorative is not None and decorative.get("val") in ("1", "true")}


def _word_table(table: Any) -> dict[str, Any]:
    rows = table.findall("w:tr", _NS)
    header = rows[0].find("w:trPr/w:tblHeader", _NS) if rows else None
    marked = header is not None and header.get(_q("w", "val"), "true") not in ("0", "false", "off")
    return {"rows": len(rows), "header_row": marked}


def _lang_attributes(node: Any) -> dict[str, str] | None:
    if node is None:
        return None
    values = {key: node.get(f"{_q('w', '')}{key}") for key in ("val", "eastAsia", "bidi")}
    return {key: value for key, value in values.items() if value} or None


def _app_pages(path: Source) -> int | None:
    """The page count Word recorded in docProps/app.xml (None when it did not)."""
    root = _part(path, "docProps/app.xml")
    node = root.find("ep:Pages", _NS) if root is not None else None
    return int(node.text) if node is not None and (node.text or "").strip().isdigit() else None


# -- Excel -----------------------------------------------------------------------------------

def _xlsx(path: Source) -> dict[str, Any]:
    workbook = openpyxl.load_workbook(path, read_only=True, data_only=True)
    try:
        properties = workbook.properties
        sheets = list(workbook.sheetnames)
    finally:
        workbook.close()
    images, tables = [], []
    for sheet, part in _sheet_parts(path).items():
        for _, target, kind in _relationships(path, part):
            if kind.endswith("/drawing"):
                images += [{"sheet": sheet, **_picture(node)} for node in
                           _found(path, target, ".//xdr:pic/xdr:nvPicPr/xdr:cNvPr")]
            elif kind.endswith("/table"):
                tables += [{"sheet": sheet, **_excel_table(node)}
                           for node in _found(path, target, ".")]
    return {"title": _clean(properties.title), "lang": _clean(properties.language),
            "sheets": len(sheets), "images": images[:MAX_LISTED], "tables": tables[:MAX_LISTED]}


def _sheet_parts(path: Source) -> dict[str, str]:
    """Sheet name -> its part in the package, through the workbook's relationships."""
    workbook = _part(path, "xl/workbook.xml")
    if workbook is None:
        return {}
    targets = {rid: target for rid, target, _ in _relationships(path, "xl/workbook.xml")}
    parts = {}
    for sheet in workbook.findall("s:sheets/s:sheet", _NS)[:MAX_LISTED]:
        rid = sheet.get(_q("r", "id"))
        if rid in targets:
            parts[sheet.get("name", "?")] = targets[rid]
    return parts


def _excel_table(table: Any) -> dict[str, Any]:
    first, _, last = (table.get("ref") or "A1:A1").partition(":")
    rows = _row(last or first) - _row(first) + 1
    return {"name": _clean(table.get("displayName")) or "", "rows": rows,
            "header_row": table.get("headerRowCount", "1") != "0"}


def _row(cell: str) -> int:
    digits = "".join(ch for ch in cell if ch.isdigit())
    return int(digits) if digits else 1


# -- PowerPoint ------------------------------------------------------------------------------

def _pptx(path: Source) -> dict[str, Any]:
    presentation = pptx.Presentation(path)
    slides, images, tables, text = [], [], [], []
    langs: Counter[str] = Counter()
    for number, slide in enumerate(presentation.slides, 1):
        title_shape = slide.shapes.title
        title = _clean(title_shape.text_frame.text) if title_shape is not None else None
        slides.append({"slide": number, "title": title})
        tree = slide.shapes._spTree
        images += [{"slide": number, **_picture(node)}
                   for node in tree.findall(".//p:pic/p:nvPicPr/p:cNvPr", _NS)]
        tables += [{"slide": number, "rows": len(node.findall("a:tr", _NS)),
                    "header_row": _first_row(node)} for node in tree.iter(_q("a", "tbl"))]
        langs.update(node.get("lang") for node in tree.iter(_q("a", "rPr"))
                     if node.get("lang"))
        text += [node.text or "" for node in _limited(tree.iter(_q("a", "t")), 20_000)]
        if len(slides) >= MAX_LISTED:
            break
    core = presentation.core_properties
    return {"title": _clean(core.title), "lang": _clean(core.language),
            "run_langs": dict(langs.most_common(5)), "slides": slides,
            "images": images[:MAX_LISTED], "tables": tables[:MAX_LISTED],
            "classes": char_classes("".join(text)[:SAMPLE_CHARS])}


_GATHERERS = {"docx": _docx, "xlsx": _xlsx, "pptx": _pptx}


def _first_row(table: Any) -> bool:
    properties = table.find("a:tblPr", _NS)
    return properties is not None and properties.get("firstRow") in ("1", "true")


# -- the package's XML -----------------------------------------------------------------------

def _q(prefix: str, name: str) -> str:
    """An element or attribute name in Clark notation: ``{namespace}name``."""
    return f"{{{_NS[prefix]}}}{name}"


def _part(path: Source, name: str) -> Any:
    try:
        with zipfile.ZipFile(path) as archive:
            data = archive.read(name)
    except KeyError:
        return None
    return etree.fromstring(data, _PARSER)


def _relationships(path: Source, part: str) -> list[tuple[str, str, str]]:
    """(id, target part resolved against ``part``'s folder, type) of ``part``'s internal
    relationships."""
    folder, name = posixpath.split(part)
    rels = _part(path, posixpath.join(folder, "_rels", f"{name}.rels"))
    if rels is None:
        return []
    return [(rel.get("Id", ""), _resolve(folder, rel.get("Target", "")), rel.get("Type", ""))
            for rel in rels.findall("rel:Relationship", _NS)
            if rel.get("TargetMode") != "External"][:MAX_LISTED]


def _resolve(folder: str, target: str) -> str:
    """A relationship's target as a part name: absolute ("/xl/...") or relative to ``folder``."""
    if target.startswith("/"):
        return posixpath.normpath(target.lstrip("/"))
    return posixpath.normpath(posixpath.join(folder, target))


def _found(path: Source, part: str, xpath: str) -> list[Any]:
    root = _part(path, part)
    return [] if root is None else root.findall(xpath, _NS)[:MAX_LISTED]


def _limited(items: Any, limit: int) -> Any:
    for number, item in enumerate(items):
        if number >= limit:
            return
        yield item


def _clean(value: Any) -> str | None:
    text = " ".join(str(value).split()) if value is not None else ""
    return text[:500] or None
