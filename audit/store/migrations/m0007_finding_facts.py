"""0007: findings keep the facts their words are made from (``Finding.facts``).

Reports word a finding in Chinese or English at render time from its rule id and these facts
(axe-core's check ids and data, an own check's message and values). Findings stored before
this migration have none (NULL) and are worded from what was recorded. Frozen; do not edit
after release.
"""

from __future__ import annotations

from sqlalchemy import Connection, text


def apply(connection: Connection) -> None:
    connection.execute(text("ALTER TABLE findings ADD COLUMN facts JSON"))
