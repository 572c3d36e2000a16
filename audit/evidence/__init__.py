"""Photo evidence: verify uploads, read EXIF (time, GPS, orientation), content-address the
originals by SHA-256, render thumbnails and report copies, strip metadata for sharing.

Accepted formats: JPEG, PNG, HEIC/HEIF and WebP (see ``audit.evidence.opening`` for what is
refused and why). Every refusal is an ``audit.errors.EvidenceError``.
"""

from __future__ import annotations

from audit.evidence.copies import RenderedCopies, render_copies
from audit.evidence.exif import PhotoMetadata, header_metadata
from audit.evidence.files import PhotoFiles, content_path, sha256_hex
from audit.evidence.gps import GPSPosition
from audit.evidence.info import PhotoInfo, inspect_photo
from audit.evidence.opening import ACCEPTED_FORMATS, DEFAULT_MAX_BYTES, DEFAULT_MAX_PIXELS
from audit.evidence.strip import strip_metadata

__all__ = [
    "ACCEPTED_FORMATS",
    "DEFAULT_MAX_BYTES",
    "DEFAULT_MAX_PIXELS",
    "GPSPosition",
    "PhotoFiles",
    "PhotoInfo",
    "PhotoMetadata",
    "RenderedCopies",
    "content_path",
    "header_metadata",
    "inspect_photo",
    "render_copies",
    "sha256_hex",
    "strip_metadata",
]
