"""Who makes a change from the command line, as the store's change log names them."""

from __future__ import annotations

import getpass


def cli_actor() -> str:
    """``cli:<login name>``: never an app user's name (those cannot contain ":")."""
    try:
        return f"cli:{getpass.getuser()}"
    except (KeyError, OSError):
        return "cli"
