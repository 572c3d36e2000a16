"""Photo uploads with the same checks as the CLI import; their thumbnails and larger copies
for whoever may see an inspection they are attached to; taking a wrong photo off an item
(kept in the store and in the change log).

A phone with scripts sends a smaller copy of each photo (made in the browser) together with
the SHA-256 and size of the original and the first bytes of it (``original-head``), from which
the original's EXIF time and place are read: the record names the original it came from.
"""

from __future__ import annotations

import re
from pathlib import PurePosixPath

from flask import Blueprint, Response, abort, jsonify, request, url_for
from werkzeug.datastructures import FileStorage
from werkzeug.wrappers import Response as Redirect

from audit.errors import (
    DamagedImage,
    EvidenceError,
    ImageTooLarge,
    NotAnImage,
    StoreError,
    TooManyPixels,
)
from audit.evidence import DEFAULT_MAX_PIXELS, header_metadata, keep_photo, photo_copies
from audit.fieldapp import access
from audit.fieldapp.answers import Problem
from audit.fieldapp.web import cl, see_other, settings, store, t, user, whole_number
from audit.store import PhotoRecord

blueprint = Blueprint("photos", __name__)
_MAX_NAME = 120
_SHA256 = re.compile(r"^[0-9a-f]{64}$")
HEAD_BYTES = 256 * 1024  # the start of the original the phone sends (EXIF lives there)
_SIZES = {"thumb": "thumbnail", "large": "report"}


def safe_name(filename: str | None) -> str:
    """The last part of an uploaded file's name, never a path (it names nothing on disk)."""
    name = PurePosixPath((filename or "").replace("\\", "/")).name.strip()
    name = "".join(ch for ch in name if ch.isprintable())
    return name[:_MAX_NAME] if name not in ("", ".", "..") else "photo"


def accept(upload: FileStorage,
           original: PhotoRecord | None = None) -> tuple[str | None, Problem | None]:
    """Store one upload; (sha256, None) or (None, the problem that says why not)."""
    name = safe_name(upload.filename)
    limit: int = settings()["max_photo_bytes"]
    data = upload.stream.read(limit + 1)
    if len(data) > limit:
        return None, ("photo.too_large", {"name": name, "mb": f"{limit / 2**20:g}"})
    try:
        return keep_photo(store(), data, name=name, original=original).sha256, None
    except TooManyPixels:
        return None, ("photo.too_many_pixels", {
            "name": name, "mp": f"{DEFAULT_MAX_PIXELS / 1e6:g}"})
    except ImageTooLarge:
        return None, ("photo.too_large", {"name": name, "mb": f"{limit / 2**20:g}"})
    except NotAnImage:
        return None, ("photo.not_image", {"name": name})
    except DamagedImage:
        return None, ("photo.damaged", {"name": name})
    except (EvidenceError, StoreError):
        return None, ("photo.failed", {"name": name})


def store_photos(inspection_id: int, item_id: str) -> tuple[list[str], list[Problem]]:
    """Check, store and attach the item's uploaded photos; their hashes, and the refusals."""
    added: list[str] = []
    problems: list[Problem] = []
    for upload in request.files.getlist(f"photo-{item_id}"):
        if not upload.filename:
            continue
        sha256, problem = accept(upload, _original())
        if sha256:
            store().attach_photo(inspection_id, item_id, sha256, by=user().name)
            added.append(sha256)
        elif problem is not None:
            problems.append(problem)
    return added, problems


@blueprint.route("/inspections/<id:inspection_id>/photos", methods=["POST"])
def add(inspection_id: int) -> tuple[Response, int]:
    """Store an item's photos as soon as they are chosen (the script's enhancement)."""
    record, checklist = access.inspection(inspection_id)
    if not access.edits(record):
        return jsonify(saved=False, message=t("inspection.locked")), 403
    try:
        item = checklist.item(request.form.get("item", ""))
    except KeyError:
        return jsonify(saved=False, message=t("error.unknown_item")), 400
    added, problems = store_photos(inspection_id, item.id)
    count = len(record.photos.get(item.id, []))
    photos = [{"url": url_for("photos.image", sha256=sha256),
               "alt": t("photo.alt", n=count + n, item=item.prompt.get(cl())),
               "sha256": sha256}
              for n, sha256 in enumerate(added, start=1)]
    message = " ".join(t(key, **values) for key, values in problems)
    return jsonify(saved=not problems, photos=photos,
                   message=message or t("answer.saved")), 200 if not problems else 422


@blueprint.route("/inspections/<id:inspection_id>/photos/remove", methods=["POST"])
def remove(inspection_id: int) -> Redirect:
    """Take a photo off an item (``remove`` = ``ITEM:SHA256``); it stays on record."""
    access.editable(inspection_id)
    item_id, _, sha256 = request.form.get("remove", "").partition(":")
    if not _SHA256.match(sha256) or not store().remove_photo(inspection_id, item_id, sha256,
                                                             by=user().name):
        abort(404)
    return see_other("sections.section", inspection_id=inspection_id,
                     number=whole_number(request.form.get("number"), 3) or 1,
                     _anchor=f"item-{item_id}")


@blueprint.route("/photos/<sha256>.jpg")
def image(sha256: str) -> Response:
    """A thumbnail (or ``?size=large``, a report-size copy), made from the original, without
    its location; for whoever may see an inspection the photo is on."""
    access.photo(sha256)
    size = _SIZES.get(request.args.get("size", "thumb"), "thumbnail")
    try:
        copies = photo_copies(store(), sha256)
    except (StoreError, EvidenceError):
        abort(404)
    response = Response(getattr(copies, size), mimetype="image/jpeg")
    response.headers["Cache-Control"] = "private, max-age=86400"
    return response


def _original() -> PhotoRecord | None:
    """What the phone says about the photo it made this copy from, if it sent a copy."""
    sha256 = request.form.get("original-sha256", "").strip().lower()
    size = whole_number(request.form.get("original-size"))
    if not _SHA256.match(sha256) or size is None:
        return None
    head = request.files.get("original-head")
    facts = header_metadata(head.stream.read(HEAD_BYTES) if head else b"")
    return PhotoRecord(
        sha256=sha256, media_type="", width=0, height=0, size=size,
        taken_at=facts.taken_at.isoformat() if facts.taken_at else None,
        lat=facts.gps.lat if facts.gps else None, lon=facts.gps.lon if facts.gps else None)
