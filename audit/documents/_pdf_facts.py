"""Facts from a PDF, gathered in the sandboxed worker: pikepdf (qpdf) reads the document's
objects (catalog, structure tree, fonts, annotations, form fields), PDFium (pypdfium2) what each
page draws and the text it yields. Everything is bounded: a walk stops at a size limit, the
page loop at the time budget, and what was cut short is said in the facts.

Nothing in the PDF is run: its JavaScript is only noticed, never executed (PDFium's form
environment, which would run it, is never initialised).
"""

from __future__ import annotations

import io
from collections.abc import Iterator
from typing import Any

import pikepdf
import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c

from audit.documents._budget import Budget, Unreadable, reason
from audit.documents._textstats import char_classes

MAX_STRUCT_ELEMENTS = 100_000
MAX_LISTED = 2_000  # figures, tables, fonts, fields kept in the facts
MAX_PAGE_OBJECTS = 50_000
MAX_FORM_DEPTH = 8
_GRID = 48  # image coverage is measured on a grid of this many cells a side
_INVISIBLE = 3  # text render mode "neither fill nor stroke" (OCR layers)
_STANDARD_TYPES = frozenset((
    "Document", "Part", "Art", "Sect", "Div", "BlockQuote", "Caption", "TOC", "TOCI", "Index",
    "NonStruct", "Private", "P", "H", "H1", "H2", "H3", "H4", "H5", "H6", "L", "LI", "Lbl",
    "LBody", "Table", "TR", "TH", "TD", "THead", "TBody", "TFoot", "Span", "Quote", "Note",
    "Reference", "BibEntry", "Code", "Link", "Annot", "Ruby", "Warichu", "RB", "RT", "RP", "WT",
    "WP", "Figure", "Formula", "Form", "Artifact"))
_HEADINGS = frozenset({"H", "H1", "H2", "H3", "H4", "H5", "H6"})
_TAGGABLE_ANNOTS = frozenset({"/Link", "/Widget"})
_UNSUPPORTED_SECURITY = "unsupported encryption filter"  # qpdf's words
_OUT_OF_MEMORY = "std::bad_alloc"  # in qpdf's warning about a stream it could not inflate
_NOT_BY_PASSWORD = ("the PDF is encrypted for particular recipients or with a DRM plug-in, not "
                    "with a password: it opens only with their digital ID or software")


def gather_pdf(path: str, budget: Budget) -> dict[str, Any]:
    """The facts of the PDF at ``path``; Unreadable when it cannot be opened at all."""
    try:
        pdf = pikepdf.open(path)
    except pikepdf.PasswordError:
        raise Unreadable("the PDF needs a password to open") from None
    except pikepdf.PdfError as err:
        if _UNSUPPORTED_SECURITY in str(err):  # /Adobe.PubSec, or a DRM vendor's handler
            raise Unreadable(_NOT_BY_PASSWORD) from None
        raise Unreadable(f"damaged PDF that cannot be opened: {reason(err, path)}") from None
    except (ValueError, OSError) as err:
        raise Unreadable(f"damaged PDF that cannot be opened: {reason(err, path)}") from None
    with pdf:
        pages = len(pdf.pages)
        examined = min(pages, budget.max_pages)
        facts: dict[str, Any] = {"format": "pdf", "pdf_version": str(pdf.pdf_version),
                                 "pages": pages, **_catalog(pdf)}
        page_numbers = {page.obj.objgen: number for number, page in enumerate(pdf.pages, 1)}
        structure = _structure(pdf.Root, page_numbers, budget)
        facts["structure"] = structure
        page_facts = _drawn(path, examined, budget)
        facts["pages_examined"] = len(page_facts)
        facts["budget_hit"] = len(page_facts) < pages
        in_structure = set(map(tuple, structure.pop("annotation_refs")))
        for number, page in enumerate(pdf.pages[:len(page_facts)], 1):
            page_facts[number - 1].update(_annotations(page, in_structure))
        facts["page_facts"] = page_facts
        facts["fonts"] = _fonts(pdf, len(page_facts))
        facts["fields"] = _fields(pdf.Root)
        if any(_OUT_OF_MEMORY in warning for warning in pdf.get_warnings()):
            raise MemoryError  # qpdf read what it could not inflate as null: facts not kept
    return facts


def render_thumbnail(path: str, width: int) -> bytes:
    """A PNG of the first page, ``width`` pixels wide (the first page as readers see it)."""
    document = pdfium.PdfDocument(path)
    try:
        page = document[0]
        scale = min(width / max(page.get_width(), 1.0), 2.0)
        image = page.render(scale=scale, may_draw_forms=False).to_pil()
        image.thumbnail((width, width * 2))
        out = io.BytesIO()
        image.convert("RGB").save(out, format="PNG", optimize=True)
        return out.getvalue()
    finally:
        document.close()


# -- the catalog -----------------------------------------------------------------------------

def _catalog(pdf: pikepdf.Pdf) -> dict[str, Any]:
    root = pdf.Root
    mark_info = _dict(root.get("/MarkInfo"))
    preferences = _dict(root.get("/ViewerPreferences"))
    info = _dict(pdf.trailer.get("/Info"))
    lang = root.get("/Lang")
    return {
        "encrypted": bool(pdf.is_encrypted),
        "accessibility_allowed": bool(pdf.allow.accessibility) if pdf.is_encrypted else True,
        "marked": bool(mark_info.get("/Marked", False)) if mark_info is not None else False,
        "struct_tree": isinstance(root.get("/StructTreeRoot"), pikepdf.Dictionary),
        "lang": _text(lang) or _name(lang),
        "lang_as_name": _name(lang) is not None,  # malformed, yet plainly stated: analyse_pdf
        "display_doc_title": bool(preferences.get("/DisplayDocTitle", False))
        if preferences is not None else False,
        "info_title": _text(info.get("/Title")) if info is not None else None,
        "xmp_title": _xmp_title(pdf),
        "javascript": _has_javascript(root),
    }


def _xmp_title(pdf: pikepdf.Pdf) -> str | None:
    if "/Metadata" not in pdf.Root:  # open_metadata() would make an empty one
        return None
    try:
        with pdf.open_metadata(set_pikepdf_as_editor=False, update_docinfo=False) as meta:
            title = meta.get("dc:title")
    except Exception:  # noqa: BLE001 - any XMP a parser refuses is simply no title
        return None
    return str(title).strip() or None if title else None


def _has_javascript(root: pikepdf.Object) -> bool:
    names = _dict(root.get("/Names"))
    if names is not None and "/JavaScript" in names:
        return True
    action = _dict(root.get("/OpenAction"))
    return action is not None and action.get("/S") == pikepdf.Name.JavaScript


# -- the structure tree ----------------------------------------------------------------------

def _structure(root: pikepdf.Object, page_numbers: dict[tuple[int, int], int],
               budget: Budget) -> dict[str, Any]:
    """Headings, figures and tables of the structure tree, and the annotations it holds.

    An iterative walk over ``/K`` with a visited set, so a tree that loops or nests a million
    levels deep ends like any other; it stops at MAX_STRUCT_ELEMENTS and says so.
    """
    tree = _dict(root.get("/StructTreeRoot"))
    facts: dict[str, Any] = {"elements": 0, "truncated": False, "headings": 0, "figures": [],
                             "tables": [], "annotation_refs": []}
    if tree is None:
        return facts
    role_map = _role_map(tree)
    stack: list[tuple[Any, int | None]] = [(kid, None) for kid in reversed(_kids(tree))]
    seen: set[tuple[int, int]] = set()
    refs: set[tuple[int, int]] = set()
    while stack:
        if facts["elements"] >= MAX_STRUCT_ELEMENTS or budget.spent():
            facts["truncated"] = True
            break
        node, inherited = stack.pop()
        if not isinstance(node, pikepdf.Dictionary) or not _first_visit(node, seen):
            continue
        kind = node.get("/Type")
        if kind == pikepdf.Name.OBJR:
            target = node.get("/Obj")
            if isinstance(target, pikepdf.Object) and target.is_indirect:
                refs.add(target.objgen)
            continue
        if kind == pikepdf.Name.MCR or "/S" not in node:
            continue
        facts["elements"] += 1
        page = _page_of(node, page_numbers, inherited)
        _note_element(facts, node, page, page_numbers, role_map)
        stack.extend((kid, page) for kid in reversed(_kids(node)))
    facts["annotation_refs"] = sorted(refs)
    return facts


def _note_element(facts: dict[str, Any], node: pikepdf.Dictionary, page: int | None,
                  page_numbers: dict[tuple[int, int], int], role_map: dict[str, str]) -> None:
    kind = _standard_type(node.get("/S"), role_map)
    if kind in _HEADINGS:
        facts["headings"] += 1
    elif kind == "Figure" and len(facts["figures"]) < MAX_LISTED:
        facts["figures"].append({"page": page, "alt": _text(node.get("/Alt")),
                                 "actual_text": _text(node.get("/ActualText"))})
    elif kind == "Table" and len(facts["tables"]) < MAX_LISTED:
        table = _table(node, page_numbers, role_map)
        facts["tables"].append({**table, "page": page or table["page"]})


def _table(table: pikepdf.Dictionary, page_numbers: dict[tuple[int, int], int],
           role_map: dict[str, str]) -> dict[str, int | None]:
    """Rows and header cells of one table (nested tables are theirs, not this one's; types
    read through the role map, as for every element), and the first page one of its cells
    names."""
    rows = headers = visited = 0
    page = None
    stack, seen = list(_kids(table)), {table.objgen}
    while stack and visited < 10_000:
        node = stack.pop()
        if not isinstance(node, pikepdf.Dictionary) or not _first_visit(node, seen):
            continue
        visited += 1
        kind = _standard_type(node.get("/S"), role_map)
        if kind == "Table":
            continue
        rows += kind == "TR"
        headers += kind == "TH"
        page = page or _page_of(node, page_numbers, None)
        stack.extend(_kids(node))
    return {"rows": rows, "header_cells": headers, "page": page}


def _role_map(tree: pikepdf.Dictionary) -> dict[str, str]:
    mapping = _dict(tree.get("/RoleMap"))
    if mapping is None:
        return {}
    return {str(key)[1:]: str(value)[1:] for key, value in mapping.items()
            if isinstance(value, pikepdf.Name)}


def _standard_type(name: Any, role_map: dict[str, str]) -> str:
    """The standard structure type a (maybe custom) type maps to; itself when none does."""
    kind = str(name)[1:] if isinstance(name, pikepdf.Name) else ""
    for _ in range(10):  # role maps may loop
        if kind in _STANDARD_TYPES or kind not in role_map:
            return kind
        kind = role_map[kind]
    return kind


def _page_of(node: pikepdf.Dictionary, page_numbers: dict[tuple[int, int], int],
             inherited: int | None) -> int | None:
    page = node.get("/Pg")
    if isinstance(page, pikepdf.Dictionary) and page.is_indirect:
        return page_numbers.get(page.objgen, inherited)
    return inherited


def _kids(node: pikepdf.Dictionary) -> list[Any]:
    kids = node.get("/K")
    if isinstance(kids, pikepdf.Array):
        return list(kids)[:MAX_STRUCT_ELEMENTS]
    return [] if kids is None else [kids]


def _first_visit(node: pikepdf.Object, seen: set[tuple[int, int]]) -> bool:
    if not node.is_indirect:
        return True
    if node.objgen in seen:
        return False
    seen.add(node.objgen)
    return True


# -- what each page draws (PDFium) ---------------------------------------------------------

def _drawn(path: str, pages: int, budget: Budget) -> list[dict[str, Any]]:
    """Per page: text objects (and how many are invisible), characters and their classes,
    images and the share of the page they cover, vector paths. Stops when time runs out."""
    try:
        document = pdfium.PdfDocument(path)
    except pdfium.PdfiumError as err:
        raise Unreadable(f"PDFium cannot open the PDF: {reason(err, path)}") from None
    found = []
    try:
        for index in range(pages):
            if budget.spent():
                break
            found.append(_page_drawing(document, index))
    finally:
        document.close()
    return found


def _page_drawing(document: pdfium.PdfDocument, index: int) -> dict[str, Any]:
    try:
        page = document[index]
    except pdfium.PdfiumError:
        return {"unreadable": True, "text": 0, "invisible": 0, "chars": 0, "images": 0,
                "cover": 0.0, "paths": 0, "classes": {}}
    try:
        left, bottom, right, top = page.get_cropbox()
        grid = _Grid(left, bottom, right, top)
        counts = {"text": 0, "invisible": 0, "images": 0, "paths": 0}
        for number, item in enumerate(page.get_objects(max_depth=MAX_FORM_DEPTH)):
            if number >= MAX_PAGE_OBJECTS:
                break
            _count_object(item, counts, grid)
        textpage = page.get_textpage()
        try:
            chars = textpage.count_chars()
            sample = textpage.get_text_range(0, min(chars, 20_000)) if chars > 0 else ""
        finally:
            textpage.close()
        return {**counts, "chars": chars, "cover": round(grid.covered(), 3),
                "classes": char_classes(sample)}
    finally:
        page.close()


def _count_object(item: Any, counts: dict[str, int], grid: _Grid) -> None:
    kind = item.type
    if kind == pdfium_c.FPDF_PAGEOBJ_TEXT:
        counts["text"] += 1
        if pdfium_c.FPDFTextObj_GetTextRenderMode(item.raw) == _INVISIBLE:
            counts["invisible"] += 1
    elif kind == pdfium_c.FPDF_PAGEOBJ_IMAGE:
        counts["images"] += 1
        grid.mark(*item.get_bounds())
    elif kind == pdfium_c.FPDF_PAGEOBJ_PATH:
        counts["paths"] += 1


class _Grid:
    """The page as _GRID x _GRID cells; the share of cells images cover (overlaps once)."""

    def __init__(self, left: float, bottom: float, right: float, top: float) -> None:
        self.left, self.bottom = left, bottom
        self.width, self.height = max(right - left, 1e-6), max(top - bottom, 1e-6)
        self.cells: set[tuple[int, int]] = set()

    def mark(self, left: float, bottom: float, right: float, top: float) -> None:
        columns = self._span(left - self.left, right - self.left, self.width)
        rows = self._span(bottom - self.bottom, top - self.bottom, self.height)
        self.cells.update((x, y) for x in columns for y in rows)

    def covered(self) -> float:
        return len(self.cells) / (_GRID * _GRID)

    @staticmethod
    def _span(low: float, high: float, size: float) -> range:
        """Cells whose centre lies between ``low`` and ``high`` (clipped to the page)."""
        first = max(0, round(low / size * _GRID))
        last = min(_GRID, round(high / size * _GRID))
        return range(first, max(first, last))


# -- annotations, fonts, form fields (pikepdf) -----------------------------------------------

def _annotations(page: pikepdf.Page, in_structure: set[tuple[int, int]]) -> dict[str, Any]:
    """Links and widgets of the page, each with whether the structure tree holds it, and the
    page's tab order."""
    annots = []
    try:
        for annot in list(page.obj.get("/Annots", pikepdf.Array()))[:MAX_LISTED]:
            if not isinstance(annot, pikepdf.Dictionary):
                continue
            subtype = annot.get("/Subtype")
            if subtype in _TAGGABLE_ANNOTS and not _hidden(annot):
                held = annot.is_indirect and annot.objgen in in_structure
                annots.append([str(subtype)[1:], held])
        tabs = page.obj.get("/Tabs")
    except (pikepdf.PdfError, TypeError, ValueError):
        return {"annots": annots, "tabs": None}
    return {"annots": annots, "tabs": str(tabs)[1:] if isinstance(tabs, pikepdf.Name) else None}


def _hidden(annot: pikepdf.Dictionary) -> bool:
    flags = annot.get("/F", 0)
    return isinstance(flags, int) and bool(int(flags) & 2)


def _fonts(pdf: pikepdf.Pdf, pages: int) -> list[dict[str, Any]]:
    """Every font the examined pages use (through Form XObjects too), once, with its pages."""
    fonts: dict[tuple[int, int] | str, dict[str, Any]] = {}
    for number, page in enumerate(pdf.pages[:pages], 1):
        try:
            for key, font in _page_fonts(page.obj):
                entry = fonts.get(key)
                if entry is None:
                    if len(fonts) >= MAX_LISTED:
                        continue
                    entry = fonts[key] = {**_font(font), "pages": []}
                if len(entry["pages"]) < 200 and number not in entry["pages"]:
                    entry["pages"].append(number)
        except (pikepdf.PdfError, TypeError, ValueError, RecursionError):
            continue
    return list(fonts.values())


def _page_fonts(page: pikepdf.Dictionary) -> Iterator[tuple[Any, pikepdf.Dictionary]]:
    stack: list[tuple[Any, int]] = [(page.get("/Resources"), 0)]
    seen: set[tuple[int, int]] = set()
    while stack:
        resources, depth = stack.pop()
        resources = _dict(resources)
        if resources is None or not _first_visit(resources, seen):
            continue
        for name, font in (_dict(resources.get("/Font")) or {}).items():
            if isinstance(font, pikepdf.Dictionary):
                yield (font.objgen if font.is_indirect else f"{depth}{name}"), font
        if depth >= MAX_FORM_DEPTH:
            continue
        for xobject in (_dict(resources.get("/XObject")) or {}).values():
            if isinstance(xobject, pikepdf.Stream) and xobject.get("/Subtype") == "/Form" \
                    and _first_visit(xobject, seen):
                stack.append((xobject.get("/Resources"), depth + 1))


def _font(font: pikepdf.Dictionary) -> dict[str, Any]:
    encoding = font.get("/Encoding")
    descendant = _descendant(font)
    system = _dict(descendant.get("/CIDSystemInfo")) if descendant is not None else None
    descriptor = _dict((descendant if descendant is not None else font).get("/FontDescriptor"))
    flags = descriptor.get("/Flags", 0) if descriptor is not None else 0
    return {
        "name": str(font.get("/BaseFont", "/?"))[1:][:80],  # "?": analyse_pdf.UNNAMED_FONT
        "subtype": str(font.get("/Subtype", "/?"))[1:],
        "encoding": _encoding_name(encoding),
        "to_unicode": "/ToUnicode" in font,
        "ordering": _text(system.get("/Ordering")) if system is not None else None,
        "registry": _text(system.get("/Registry")) if system is not None else None,
        "symbolic": isinstance(flags, int) and bool(int(flags) & 4),
    }


def _descendant(font: pikepdf.Dictionary) -> pikepdf.Dictionary | None:
    kids = font.get("/DescendantFonts")
    if isinstance(kids, pikepdf.Array) and len(kids) and isinstance(kids[0], pikepdf.Dictionary):
        return kids[0]
    return None


def _encoding_name(encoding: Any) -> str | None:
    if isinstance(encoding, pikepdf.Name):
        return str(encoding)[1:]
    if isinstance(encoding, pikepdf.Dictionary):
        base = encoding.get("/BaseEncoding")
        return f"{str(base)[1:]}+Differences" if isinstance(base, pikepdf.Name) else "Differences"
    if isinstance(encoding, pikepdf.Stream):
        return "embedded CMap"
    return None


def _fields(root: pikepdf.Object) -> list[dict[str, Any]]:
    """Terminal form fields: name and whether they have a tooltip (/TU), the name users hear."""
    form = _dict(root.get("/AcroForm"))
    if form is None:
        return []
    found: list[dict[str, Any]] = []
    stack: list[tuple[Any, str]] = [(field, "") for field in reversed(list(
        form.get("/Fields", pikepdf.Array()))[:MAX_LISTED])]
    seen: set[tuple[int, int]] = set()
    while stack and len(found) < MAX_LISTED:
        field, parent = stack.pop()
        if not isinstance(field, pikepdf.Dictionary) or not _first_visit(field, seen):
            continue
        name = ".".join(part for part in (parent, _text(field.get("/T")) or "") if part)
        kids = [kid for kid in field.get("/Kids", []) if isinstance(kid, pikepdf.Dictionary)]
        if any("/T" in kid for kid in kids):
            stack.extend((kid, name) for kid in reversed(kids[:MAX_LISTED]))
            continue
        found.append({"name": name[:120], "tooltip": bool(_text(field.get("/TU")))})
    return found


# -- small readers ---------------------------------------------------------------------------

def _dict(value: Any) -> pikepdf.Dictionary | None:
    return value if isinstance(value, pikepdf.Dictionary) else None


def _name(value: Any) -> str | None:
    return str(value)[1:81] or None if isinstance(value, pikepdf.Name) else None


def _text(value: Any) -> str | None:
    if not isinstance(value, pikepdf.String):
        return None
    text = str(value).replace("\x00", "").strip()
    return text[:500] or None
