"""0016: a frontier entry remembers why its address was counted as a redirect of no page of
its own (``frontier.redirected``: a ``Redirected`` value, or NULL).

A crawl counts each such address once (``scans.options["redirects"]``), whichever viewport
decided: the entries of the other viewports tell whether it was counted already, however many
addresses there are (the options keep only the first examples). Entries queued before this
migration were counted in the crawl's first viewport only. Frozen; do not edit after release.
"""

from __future__ import annotations

from sqlalchemy import Connection, text


def apply(connection: Connection) -> None:
    connection.execute(text("ALTER TABLE frontier ADD COLUMN redirected VARCHAR(20)"))
