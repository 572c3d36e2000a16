"""The traceback file a page's stored error names (``crawl_attempts.gave_up``)."""

from __future__ import annotations

import tempfile
from pathlib import Path


def saved_traceback(error: str | None) -> Path:
    """The file a given-up page's error names: asserted to be a file of the temporary folder
    (where this machine's crawls and workers keep them)."""
    saved = Path((error or "").rpartition(" and the file ")[2].removesuffix(")"))
    assert saved.parent == Path(tempfile.gettempdir()) and saved.is_file(), error
    return saved
