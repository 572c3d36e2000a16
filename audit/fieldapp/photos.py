"""Photo uploads with the same checks as the CLI import, and their thumbnails."""

from __future__ import annotations

from pathlib import PurePosixPath

from flask import Blueprint, Response, abort
from werkzeug.datastructures import FileStorage

from audit.errors import DamagedImage, EvidenceError, ImageTooLarge, NotAnImage, StoreError
from audit.evidence import content_path
from audit.fieldapp.pending import Problem
from audit.fieldapp.web import settings, store

blueprint = Blueprint("photos", __name__)
_MAX_NAME = 120


def safe_name(filename: str | None) -> str:
    """The last part of an uploaded file's name, never a path (it names nothing on disk)."""
    name = PurePosixPath((filename or "").replace("\\", "/")).name.strip()
    name = "".join(ch for ch in name if ch.isprintable())
    return name[:_MAX_NAME] if name not in ("", ".", "..") else "photo"




def accept(upload: FileStorage) -> tuple[str | None, Problem | None]:
    """Store one upload; (sha256, None) or (None, the problem that says why not)."""
    name = safe_name(upload.filename)
    limit: int = settings()["max_photo_bytes"]
    too_large = ("photo.too_large", {"name": name, "mb": f"{limit / 2**20:g}"})
    data = upload.stream.read(limit + 1)
    if len(data) > limit:
        return None, too_large
    try:
        return store().add_photo(data, name=name).sha256, None
    except ImageTooLarge:
        return None, too_large
    except NotAnImage:
        return None, ("photo.not_image", {"name": name})
    except DamagedImage:
        return None, ("photo.damaged", {"name": name})
    except (EvidenceError, StoreError):
        return None, ("photo.failed", {"name": name})


@blueprint.route("/photos/<sha256>.jpg")
def thumbnail(sha256: str) -> Response:
    try:
        content_path(sha256)
        copies = store().photo_copies(sha256)
    except (ValueError, StoreError, EvidenceError):
        abort(404)
    response = Response(copies.thumbnail, mimetype="image/jpeg")
    response.headers["Cache-Control"] = "private, max-age=86400"
    return response
