"""What a link points at, told from the extension of its last path segment.

Documents are recorded as documents of the site and never opened in the browser: their
accessibility is checked otherwise (or by hand). The list covers office and PDF files, the
WPS Office formats that Chinese government sites often publish (``.wps`` text, ``.et``
spreadsheets, ``.dps`` presentations), OFD (China's fixed-layout format, GB/T 33190), plain
text and CSV data, and archives of attachments. Other non-page files (images, media, styles,
scripts, installers) are skipped: a browser would show or download them, never a page.

A download served from a URL without an extension (``download.jsp?id=7``) is not recognised
from the link; once the browser refused it as a page, ``is_document_answer`` tells from the
server's answer (its Content-Type, else the first bytes) whether it is a document after all.
"""

from __future__ import annotations

from enum import StrEnum
from posixpath import splitext
from urllib.parse import unquote, urlsplit

DOCUMENT_EXTENSIONS: tuple[str, ...] = (
    ".pdf", ".ofd",                                       # fixed layout
    ".doc", ".docx", ".rtf", ".odt", ".wps", ".wpt",      # text
    ".xls", ".xlsx", ".ods", ".et", ".csv",               # spreadsheets and data
    ".ppt", ".pptx", ".pps", ".ppsx", ".odp", ".dps",     # presentations
    ".txt",
    ".zip", ".rar", ".7z",                                # archives of attachments
)

NOT_PAGE_EXTENSIONS: tuple[str, ...] = (
    ".jpg", ".jpeg", ".png", ".gif", ".webp", ".bmp", ".svg", ".ico", ".tif", ".tiff",
    ".mp3", ".wav", ".ogg", ".m4a", ".mp4", ".webm", ".avi", ".mov", ".flv", ".wmv",
    ".css", ".js", ".mjs", ".json", ".xml", ".rss", ".woff", ".woff2", ".ttf", ".otf",
    ".exe", ".msi", ".apk", ".dmg", ".iso", ".gz", ".tar", ".bin",
)


# Content-Types of documents (PDF, Office, OpenDocument, OFD); parameters and case ignored
DOCUMENT_MEDIA_TYPES: tuple[str, ...] = (
    "application/pdf", "application/x-pdf", "application/msword", "application/rtf",
    "application/vnd.ms-excel", "application/vnd.ms-powerpoint", "application/vnd.ms-works",
    "application/kswps", "application/vnd.openxmlformats-officedocument.",
    "application/vnd.oasis.opendocument.", "application/ofd",
)
# The first bytes of a document whatever it is served as: PDF, a ZIP package (DOCX, XLSX,
# PPTX, OFD, ODF), OLE2 (Office 97-2003, WPS)
DOCUMENT_SIGNATURES: tuple[bytes, ...] = (b"%PDF-", b"PK\x03\x04",
                                          b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1")
SNIFF_BYTES = 1024  # "%PDF-" may follow some junk; PDF readers look this far


class LinkKind(StrEnum):
    PAGE = "page"
    DOCUMENT = "document"
    OTHER = "other"  # a file that is neither a page nor a document: not followed


def extension(url: str) -> str:
    """The lower-case extension of the URL's last path segment (``""`` when it has none)."""
    segment = unquote(urlsplit(url).path).rsplit("/", 1)[-1].split(";", 1)[0]
    return splitext(segment)[1].lower()


def link_kind(url: str) -> LinkKind:
    ext = extension(url)
    if ext in DOCUMENT_EXTENSIONS:
        return LinkKind.DOCUMENT
    if ext in NOT_PAGE_EXTENSIONS:
        return LinkKind.OTHER
    return LinkKind.PAGE


def is_document_answer(content_type: str | None, head: bytes) -> bool:
    """Whether a server's answer (its Content-Type and first ``SNIFF_BYTES``) is a document."""
    media_type = (content_type or "").split(";", 1)[0].strip().lower()
    if media_type.startswith(DOCUMENT_MEDIA_TYPES):
        return True
    return b"%PDF-" in head[:SNIFF_BYTES] or head.startswith(DOCUMENT_SIGNATURES[1:])
