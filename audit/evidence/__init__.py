"""Photo evidence: verify uploads, read EXIF (time, GPS, orientation), describe a photo for
the store, render thumbnails and report copies, strip metadata for sharing. The result store
keeps the bytes (content-addressed by SHA-256) and the record evidence hands it; it never
opens an image itself.

Accepted formats: JPEG, PNG, HEIC/HEIF and WebP (see ``audit.evidence.opening`` for what is
refused and why). Every refusal is an ``audit.errors.EvidenceError``.
"""

from __future__ import annotations

from audit.evidence.copies import RenderedCopies, render_copies
from audit.evidence.exif import PhotoMetadata, header_metadata
from audit.evidence.gps import GPSPosition
from audit.evidence.info import PhotoInfo, inspect_photo
from audit.evidence.kept import keep_photo, photo_copies, photo_record, shareable_photo
from audit.evidence.opening import ACCEPTED_FORMATS, DEFAULT_MAX_BYTES, DEFAULT_MAX_PIXELS
from audit.evidence.strip import strip_metadata

__all__ = [
    "ACCEPTED_FORMATS",
    "DEFAULT_MAX_BYTES",
    "DEFAULT_MAX_PIXELS",
    "GPSPosition",
    "PhotoInfo",
    "PhotoMetadata",
    "RenderedCopies",
    "header_metadata",
    "inspect_photo",
    "keep_photo",
    "photo_copies",
    "photo_record",
    "render_copies",
    "shareable_photo",
    "strip_metadata",
]
