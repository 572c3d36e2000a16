"""Office encryption, read in the sandboxed worker with msoffcrypto-tool.

A Word, Excel or PowerPoint 97-2003 file (and a WPS file, which keeps the same streams) saved
with a password opens for nobody without it, a screen reader's user included: Word sets the
FIB's fEncrypted bit (MS-DOC 2.5.2), Excel writes a FILEPASS record into the globals substream
(MS-XLS 2.4.117), PowerPoint's last UserEditAtom names a CryptSession10Container (MS-PPT
2.3.3). msoffcrypto reads all three; an Excel 5.0/95 file keeps its records in a stream named
Book, which msoffcrypto does not open, so its FILEPASS is looked for here.

A DOCX, XLSX or PPTX encrypted with Excel's default password "VelvetSweatshop" (a workbook
protected against editing only) opens in Excel without asking: it is decrypted in memory, in
the worker and within its limits, and checked like any other.
"""

from __future__ import annotations

import io
import struct
from typing import Any

# OfficeFile imports its format modules when first used: here they are imported once, by the
# forkserver, not again in every worker
import msoffcrypto
import msoffcrypto.format.doc97
import msoffcrypto.format.ooxml
import msoffcrypto.format.ppt97
import msoffcrypto.format.xls97  # noqa: F401
import olefile
from msoffcrypto.exceptions import DecryptionError, FileFormatError, ParseError

DEFAULT_PASSWORD = "VelvetSweatshop"
_BIFF_EOF, _BIFF_FILEPASS = 0x000A, 0x002F


def legacy_encrypted(path: str) -> bool:
    """Whether the Office 97-2003 or WPS file at ``path`` is password-protected: encrypted,
    and not with the default password (an XLS protected against editing only, which Excel
    opens without asking). False for a compound file none of whose streams is a document
    that msoffcrypto or Excel 95 names."""
    with open(path, "rb") as handle:
        try:
            office = msoffcrypto.OfficeFile(handle)
        except FileFormatError:
            office = None
        if office is not None:
            return bool(office.is_encrypted()) and not _excel_default_password(office)
    with olefile.OleFileIO(path) as ole:
        return bool(ole.exists("Book")) and _has_filepass(ole.openstream("Book").read())


def _excel_default_password(office: Any) -> bool:
    """Whether ``office`` is an Excel 97-2003 workbook encrypted with Excel's default
    password (Word and PowerPoint have none of their own that opens without asking)."""
    if office.format != "xls97":
        return False
    try:
        office.load_key(password=DEFAULT_PASSWORD)  # checks the password against the file
    except (ParseError, DecryptionError):  # InvalidKeyError among them
        return False
    return True


def _has_filepass(stream: bytes) -> bool:
    """Whether the BIFF records of ``stream``'s first substream (the globals) hold a
    FILEPASS before their EOF."""
    offset = 0
    while offset + 4 <= len(stream):
        kind, size = struct.unpack_from("<HH", stream, offset)
        if kind == _BIFF_FILEPASS:
            return True
        if kind == _BIFF_EOF:
            return False
        offset += 4 + size
    return False


def with_default_password(path: str) -> io.BytesIO | None:
    """The package inside the encrypted DOCX, XLSX or PPTX at ``path``, decrypted with the
    default password; None when that is not its password or msoffcrypto cannot decrypt it
    (an encryption it does not know, such as rights management)."""
    package = io.BytesIO()
    with open(path, "rb") as handle:
        try:
            office = msoffcrypto.OfficeFile(handle)
            office.load_key(password=DEFAULT_PASSWORD, verify_password=True)
            office.decrypt(package)
        except (FileFormatError, ParseError, DecryptionError):  # InvalidKeyError among them
            return None
    package.seek(0)
    return package
