"""0005: a photo attached to an item may show the state *before* the work (home modifications).

``photo_links.stage`` is ``before`` for such a photo and NULL for every other (a photo taken at
the inspection). One nullable column: existing links keep their meaning. Frozen; do not edit
after release.
"""

from __future__ import annotations

from sqlalchemy import Connection, text


def apply(connection: Connection) -> None:
    connection.execute(text("ALTER TABLE photo_links ADD COLUMN stage VARCHAR(10)"))
