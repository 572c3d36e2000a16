"""The names in an OLE2 compound file's directory (MS-CFB), read without a library.

Enough to tell a password-protected DOCX/XLSX/PPTX (a compound file holding the streams
EncryptionInfo and EncryptedPackage, MS-OFFCRYPTO 2.3.4.1) from a legacy Office or WPS file.
The file is a stranger's: every read is bounded, a chain that loops or leaves the file ends
the walk, and a file that cannot be read so has no names.
"""

from __future__ import annotations

import struct
from pathlib import Path
from typing import BinaryIO

MAX_DIRECTORY_SECTORS = 1024  # 4096 to 32768 entries; Office files have a few dozen
_MAX_DIFAT_SECTORS = 64
_ENTRY = 128
_LAST_SECTOR = 0xFFFFFFFA  # larger numbers mark free sectors and chain ends
_STORAGE, _STREAM, _ROOT = 1, 2, 5


class _Damaged(Exception):
    pass


def entry_names(path: Path) -> frozenset[str]:
    """The names of the storages and streams in the compound file at ``path`` (empty when
    its directory cannot be read)."""
    try:
        with path.open("rb") as handle:
            return frozenset(_Reader(handle).names())
    except (OSError, struct.error, _Damaged):
        return frozenset()


class _Reader:
    def __init__(self, handle: BinaryIO) -> None:
        self.handle = handle
        header = handle.read(512)
        shift = struct.unpack_from("<H", header, 0x1E)[0]
        if shift not in (9, 12):
            raise _Damaged("sector size")
        self.size = 1 << shift
        self.first_directory = struct.unpack_from("<I", header, 0x30)[0]
        self.fat = self._fat_sectors(header)

    def names(self) -> list[str]:
        found = []
        for sector in self._chain(self.first_directory):
            data = self._sector(sector)
            for offset in range(0, self.size, _ENTRY):
                length, kind = struct.unpack_from("<HB", data, offset + 64)
                if kind in (_STORAGE, _STREAM, _ROOT) and 2 <= length <= 64:
                    found.append(data[offset:offset + length - 2].decode("utf-16-le", "replace"))
        return found

    def _fat_sectors(self, header: bytes) -> list[int]:
        """Where the FAT is: 109 sectors named in the header, the rest in the DIFAT chain."""
        sectors = list(struct.unpack_from("<109I", header, 0x4C))
        following = struct.unpack_from("<I", header, 0x44)[0]
        per_sector = self.size // 4
        for _ in range(_MAX_DIFAT_SECTORS):
            if following >= _LAST_SECTOR:
                break
            listed = struct.unpack(f"<{per_sector}I", self._sector(following))
            sectors += listed[:-1]
            following = listed[-1]
        return [sector for sector in sectors if sector < _LAST_SECTOR]

    def _chain(self, first: int) -> list[int]:
        chain: list[int] = []
        sector, seen = first, set()
        while sector < _LAST_SECTOR and sector not in seen and len(chain) < MAX_DIRECTORY_SECTORS:
            seen.add(sector)
            chain.append(sector)
            sector = self._next(sector)
        return chain

    def _next(self, sector: int) -> int:
        per_sector = self.size // 4
        index = sector // per_sector
        if index >= len(self.fat):
            raise _Damaged("sector outside the FAT")
        data = self._sector(self.fat[index])
        return int(struct.unpack_from("<I", data, (sector % per_sector) * 4)[0])

    def _sector(self, sector: int) -> bytes:
        self.handle.seek((sector + 1) * self.size)
        data = self.handle.read(self.size)
        if len(data) < self.size:
            raise _Damaged("sector past the end of the file")
        return data
