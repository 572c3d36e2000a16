"""The app's accessibility statement: open to everyone, logged in or not."""

from __future__ import annotations

from flask import Blueprint, render_template

blueprint = Blueprint("about", __name__)


@blueprint.route("/accessibility")
def accessibility() -> str:
    return render_template("accessibility.html.j2")
