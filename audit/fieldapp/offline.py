"""Working without a network: the service worker (served from the site's root so that it may
look after every page) and the page it shows for a page it has not kept.

The worker keeps copies of the pages and files an inspector opened, so the sections of an
inspection still open in a dead spot; answers and photos entered there wait in the browser
(IndexedDB, ``static/queue.js``) and are sent in order when the network returns. Scripts off,
the app works online as before: none of this is needed.
"""

from __future__ import annotations

from pathlib import Path

from flask import Blueprint, Response, render_template

blueprint = Blueprint("offline", __name__)
_WORKER = Path(__file__).parent / "static" / "sw.js"


@blueprint.route("/sw.js")
def worker() -> Response:
    response = Response(_WORKER.read_bytes(), mimetype="text/javascript")
    response.headers["Cache-Control"] = "no-cache"
    response.headers["Service-Worker-Allowed"] = "/"
    return response


@blueprint.route("/offline")
def page() -> str:
    return render_template("offline.html.j2")
