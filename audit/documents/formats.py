"""What kind of document a file is, told from its first bytes (then its name).

A server's Content-Type and a link's extension are often wrong (a ``.doc`` that is HTML, a PDF
served as ``application/octet-stream``), so the bytes decide: ``%PDF`` for PDF, the part names
of a ZIP package for DOCX/XLSX/PPTX/OFD/ODF, the OLE2 signature for legacy Office and WPS files
(Word, Excel or PowerPoint by the stream that holds the document, Microsoft's or WPS's by
extension) - unless the OLE2 file holds an encrypted package: a DOCX, XLSX or PPTX saved with a
password, which opens only with it (or with Excel's default password, which a check tries).
Only PDF, DOCX, XLSX and PPTX are checked automatically; a legacy Office or WPS file is only
checked for a password; every other document is recorded as one to review by hand, never as
passing.
"""

from __future__ import annotations

import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import IO

from audit.documents._compound import entry_names

PDF = "pdf"
DOCX = "docx"
XLSX = "xlsx"
PPTX = "pptx"
CHECKED_FORMATS = (PDF, DOCX, XLSX, PPTX)

_OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_PDF_WINDOW = 1024  # "%PDF-" may follow some junk; readers look this far
_ZIP_PARTS = (("word/document.xml", DOCX), ("xl/workbook.xml", XLSX),
              ("ppt/presentation.xml", PPTX), ("OFD.xml", "ofd"))
_ODF_MIMETYPES = {"application/vnd.oasis.opendocument.text": "odt",
                  "application/vnd.oasis.opendocument.spreadsheet": "ods",
                  "application/vnd.oasis.opendocument.presentation": "odp"}
_ENCRYPTED_PACKAGE = "EncryptedPackage"  # the stream of a password-protected DOCX/XLSX/PPTX
_PACKAGE_KINDS = {".docx": DOCX, ".docm": DOCX, ".dotx": DOCX, ".dotm": DOCX, ".xlsx": XLSX,
                  ".xlsm": XLSX, ".xltx": XLSX, ".xltm": XLSX, ".pptx": PPTX, ".pptm": PPTX,
                  ".ppsx": PPTX, ".ppsm": PPTX, ".potx": PPTX, ".potm": PPTX}
_OLE2_KINDS = {".doc": "doc", ".dot": "doc", ".xls": "xls", ".xlt": "xls", ".ppt": "ppt",
               ".pps": "ppt", ".wps": "wps", ".wpt": "wps", ".et": "et", ".ett": "et",
               ".dps": "dps", ".dpt": "dps"}
# The stream that holds the document, for each family of Office 97-2003 files (WPS keeps the
# same streams): (stream names, Microsoft's kind, WPS's kind). The extension then tells
# Microsoft's from WPS's; it cannot make a workbook a Word file.
_OLE2_STREAMS = ((("WordDocument",), "doc", "wps"), (("Workbook", "Book"), "xls", "et"),
                 (("PowerPoint Document",), "ppt", "dps"))
# Checked only for a password (which nobody opens without, a screen reader's user included);
# otherwise reviewed by hand.
LEGACY_OFFICE = ("doc", "xls", "ppt", "wps", "et", "dps")
# Names for people (the manual-review message says "{format} documents ...").
NAMES = {PDF: "PDF", DOCX: "Word (DOCX)", XLSX: "Excel (XLSX)", PPTX: "PowerPoint (PPTX)",
         "doc": "Word 97-2003 (DOC)", "xls": "Excel 97-2003 (XLS)",
         "ppt": "PowerPoint 97-2003 (PPT)", "wps": "WPS text (WPS)",
         "et": "WPS spreadsheet (ET)", "dps": "WPS presentation (DPS)", "ofd": "OFD",
         "odt": "OpenDocument text (ODT)", "ods": "OpenDocument spreadsheet (ODS)",
         "odp": "OpenDocument presentation (ODP)", "rtf": "RTF", "html": "HTML",
         "zip": "ZIP archive", "rar": "RAR archive", "7z": "7-Zip archive", "text": "plain text",
         "ole2": "Office 97-2003 or WPS", "ooxml": "Office (Word, Excel or PowerPoint)",
         "unknown": "unknown"}


@dataclass(frozen=True)
class Sniffed:
    kind: str  # one of NAMES
    encrypted: bool = False  # an encrypted package (read if the default password opens it)

    @property
    def checked(self) -> bool:
        """Whether an automated check reads this kind."""
        return self.kind in CHECKED_FORMATS

    @property
    def name(self) -> str:
        return NAMES.get(self.kind, self.kind.upper())


def sniff(path: Path, name: str = "") -> Sniffed:
    """The kind of the document at ``path``; ``name`` (a URL's last segment or the file's
    name) decides only between kinds the bytes cannot tell apart."""
    with path.open("rb") as handle:
        head = handle.read(_PDF_WINDOW)
    extension = Path(name or path.name).suffix.lower()
    if b"%PDF-" in head:
        return Sniffed(PDF)
    if head.startswith(b"PK\x03\x04"):
        return Sniffed(zip_kind(path, extension))
    if head.startswith(_OLE2):
        names = entry_names(path)
        if _ENCRYPTED_PACKAGE in names:
            return Sniffed(_PACKAGE_KINDS.get(extension, "ooxml"), encrypted=True)
        return Sniffed(_ole2_kind(names, extension))
    return Sniffed(_other_kind(head, extension))


def _ole2_kind(names: frozenset[str], extension: str) -> str:
    """An Office 97-2003 or WPS file's kind by the stream its document is in; by its
    extension when no such stream is found (a directory olefile cannot read)."""
    by_extension = _OLE2_KINDS.get(extension, "ole2")
    for streams, microsoft, wps in _OLE2_STREAMS:
        if names.intersection(streams):
            return by_extension if by_extension in (microsoft, wps) else microsoft
    return by_extension


def zip_kind(package: Path | IO[bytes], extension: str) -> str:
    """The package's kind by its parts; a damaged one by its extension (so that a broken DOCX
    is reported as a damaged DOCX, not as some archive)."""
    try:
        with zipfile.ZipFile(package) as archive:
            names = set(archive.namelist())
            for part, kind in _ZIP_PARTS:
                if part in names:
                    return kind
            if "mimetype" in names:
                with archive.open("mimetype") as member:  # 100 bytes, not all of a bomb
                    mimetype = member.read(100).decode("ascii", "replace").strip()
                return _ODF_MIMETYPES.get(mimetype, "zip")
    except (zipfile.BadZipFile, OSError, ValueError, KeyError):
        return extension[1:] if extension[1:] in (DOCX, XLSX, PPTX) else "zip"
    return "zip"


def _other_kind(head: bytes, extension: str) -> str:
    text = head.lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if text.startswith(b"{\\rtf"):
        return "rtf"
    if text.startswith((b"<!doctype html", b"<html", b"<head", b"<body", b"<meta")):
        return "html"
    if head.startswith(b"Rar!\x1a\x07"):
        return "rar"
    if head.startswith(b"7z\xbc\xaf\x27\x1c"):
        return "7z"
    if extension in (".txt", ".csv"):
        return "text"
    return "unknown"
