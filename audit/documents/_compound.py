"""The names in an OLE2 compound file's directory (MS-CFB), read with olefile.

Enough to tell a password-protected DOCX/XLSX/PPTX (a compound file holding the streams
EncryptionInfo and EncryptedPackage, MS-OFFCRYPTO 2.3.4.1) from a legacy Office or WPS file,
and a legacy Word file from a workbook or a presentation (by the stream the document is in).
The file is a stranger's: one that olefile cannot read (cut off, a chain that loops or leaves
the file, an odd sector size) has no names, so it is never called encrypted.
"""

from __future__ import annotations

import logging
from pathlib import Path

import olefile

# olefile logs every defect it meets in a file; the sniffing answer says all we need
logging.getLogger("olefile").setLevel(logging.CRITICAL)


def entry_names(path: Path) -> frozenset[str]:
    """The names of the storages and streams in the compound file at ``path`` (empty when
    its directory cannot be read)."""
    try:
        with olefile.OleFileIO(str(path), raise_defects=olefile.DEFECT_INCORRECT) as ole:
            entries = ole.listdir(streams=True, storages=True)
    except Exception:  # noqa: BLE001 - olefile raises OSError, struct/index/value errors
        return frozenset()
    return frozenset(part for entry in entries for part in entry)
