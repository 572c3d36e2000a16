"""The page for a form over the body limit. Waitress refuses such a request before reading its
body (``server``) and sends the browser here, with the size it declared and the page it came
from: the inspector reads, in their language, what was too large, the limit, and that what was
saved before is kept."""

from __future__ import annotations

from flask import Blueprint, current_app, jsonify, render_template, request
from werkzeug.wrappers import Response

from audit.fieldapp.web import safe_next, settings, t, whole_number

blueprint = Blueprint("limits", __name__)
PATH = "/too-large"
MAX_PHOTOS_PER_REQUEST = 8


def max_request_bytes(max_photo_bytes: int) -> int:
    """The largest request body: a full section form with its photos."""
    return max_photo_bytes * MAX_PHOTOS_PER_REQUEST + 2**20


@blueprint.route(PATH)
def too_large() -> tuple[str | Response, int]:
    sizes = {"limit": _mb(current_app.config["MAX_CONTENT_LENGTH"]),
             "photos": MAX_PHOTOS_PER_REQUEST, "photo": _mb(settings()["max_photo_bytes"])}
    size = whole_number(request.args.get("size"))
    said = t("too_large.sent", size=_mb(size), **sizes) if size is not None \
        else t("too_large.limit", **sizes)
    if request.accept_mimetypes.best == "application/json":  # a script's save or upload
        return jsonify(saved=False, message=f"{said} {t('too_large.kept')}"), 413
    back = safe_next(request.args.get("next"))
    return render_template("too_large.html.j2", said=said, back=back), 413


def _mb(size: int) -> str:
    return f"{size / 2**20:.1f}"
