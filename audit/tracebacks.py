"""The traceback of a bug of ours, kept in a file for the user to send with a bug report.

Users never see a Python traceback on the terminal; what they see names this file instead.
Its name is made by ``tempfile`` in the temporary folder, never from a URL, a page or any
other input.
"""

from __future__ import annotations

import platform
import tempfile
import traceback

from audit import __version__


def save_traceback(err: BaseException, context: str) -> str | None:
    """``err``'s full traceback, headed by the versions and ``context`` (what was being done),
    in a new file of the temporary folder: its path (None if it cannot be written)."""
    try:
        with tempfile.NamedTemporaryFile("w", encoding="utf-8", prefix="a11y-audit-error-",
                                         suffix=".txt", delete=False) as handle:
            handle.write(f"a11y-audit {__version__}, Python {platform.python_version()}: "
                         f"{context}\n\n")
            handle.write("".join(traceback.format_exception(err)))
            return handle.name
    except OSError:
        return None
