"""Where the bundled data folders (checklists/, reports/, demo/) are.

In a wheel they are inside the package (``audit/_bundled/``); in a checkout they sit next to
the package at the repository root. Callers never need to know which.
"""

from __future__ import annotations

from pathlib import Path

_PACKAGE = Path(__file__).resolve().parent


def bundled(name: str) -> Path:
    """The folder of bundled data called ``name`` ("checklists", "reports" or "demo")."""
    for candidate in (_PACKAGE / "_bundled" / name, _PACKAGE.parent / name):
        if candidate.is_dir():
            return candidate
    raise FileNotFoundError(f"bundled folder {name!r} is missing from this installation")
