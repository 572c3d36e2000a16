"""The store a command reads: one that does not exist is an error naming it, never created.

A mistyped ``--db`` must not leave an empty store behind (and the command then say there is
no such scan in it): commands that read existing records open the store with
``existing_store``; those that start records (``scan``, ``crawl``, ``demo``, ``run``, adding a
user or a facility, importing sheets) create it with ``open_store``.
"""

from __future__ import annotations

import os
from pathlib import Path

from audit.errors import StoreError
from audit.i18n import default_lang
from audit.store import DEFAULT_DB, Store, open_store, resolve


def existing_store(db: str | None, lang: str | None = None, *,
                   files_dir: str | os.PathLike[str] | None = None) -> Store:
    """The store at ``db`` (see ``open_store``); StoreError in the user's language when it is
    a SQLite file that does not exist, naming the default store where that one exists."""
    location = resolve(db)
    if location.path is not None and not location.path.exists():
        # imported here: `serve` starts without the report package (tests/cli/test_main.py)
        from audit.report.i18n import Messages

        msg = Messages(lang or default_lang())
        other = _existing_default(location.path)
        if other is None:
            raise StoreError(msg.t("cli.no_store", path=location.display))
        raise StoreError(msg.t("cli.no_store_but", path=location.display, default=other))
    return open_store(db, files_dir=files_dir)


def _existing_default(missing: Path) -> str | None:
    """The default store ($A11Y_AUDIT_DB, else ./a11y-audit.db) if it exists and is not
    ``missing``: what a mistyped --db probably meant."""
    for candidate in (resolve(None), resolve(DEFAULT_DB)):
        if (candidate.path is not None and candidate.path.exists()
                and candidate.path.resolve() != missing.resolve()):
            return candidate.display
    return None
