"""The number of unconfirmed figures per checklist may only go down, unless the changelog says why.

``checklists/CHANGELOG.md`` ends each release with a table: checklist, count in the previous
release, count in this one, and why it went up. The counts of the newest release must be the
counts of the bundled checklists; a count above the previous one needs a reason.
"""

from __future__ import annotations

import re
from pathlib import Path

from audit.checklist import bundled_folder, load_bundled

CHANGELOG = bundled_folder() / "CHANGELOG.md"
_ROW = re.compile(r"^\| ([a-z0-9-]+) \| (—|\d+) \| (\d+) \|(.*)\|\s*$")


def unconfirmed() -> dict[str, list[str]]:
    """Unconfirmed scored items by checklist id."""
    return {c.id: [i.id for i in c.items if i.rule is not None and not i.confirmed]
            for c in load_bundled()}


def newest_table(text: str) -> dict[str, tuple[int | None, int, str]]:
    """checklist -> (previous count or None, count, reason) from the newest release's table."""
    section = text.split("\n## ")[1]
    rows = {}
    for line in section.splitlines():
        match = _ROW.match(line)
        if match:
            previous = None if match[2] == "—" else int(match[2])
            rows[match[1]] = (previous, int(match[3]), match[4].strip())
    return rows


def test_the_changelog_records_every_checklist_count() -> None:
    table = newest_table(CHANGELOG.read_text(encoding="utf-8"))
    now = unconfirmed()
    assert set(table) == set(now)
    wrong = {cid: (table[cid][1], len(items), items) for cid, items in now.items()
             if table[cid][1] != len(items)}
    assert wrong == {}, ("update the newest table of checklists/CHANGELOG.md (recorded, now, "
                         "unconfirmed items)")


def test_a_count_goes_up_only_with_a_reason() -> None:
    table = newest_table(CHANGELOG.read_text(encoding="utf-8"))
    unexplained = [cid for cid, (previous, count, reason) in table.items()
                   if previous is not None and count > previous and not reason]
    assert unexplained == []


def test_the_table_parser_reads_the_newest_release_only(tmp_path: Path) -> None:
    text = ("# Checklist changelog\n\nintro\n\n## 2026.1\n\n| checklist | 2025.2 | 2026.1 | why |\n"
            "|---|---|---|---|\n| a-list | 3 | 4 | new items |\n| b-list | — | 2 | |\n\n"
            "## 2025.2\n\n| x | 9 | 9 | |\n")
    assert newest_table(text) == {"a-list": (3, 4, "new items"), "b-list": (None, 2, "")}
