"""Exit codes of ``a11y-audit``, the same for every command (documented in README.md)."""

from enum import IntEnum


class ExitCode(IntEnum):
    OK = 0  # done; no finding over the gate
    GATE_FAILED = 1  # findings over the gate (--fail-on / --max-violations)
    USAGE = 2  # bad arguments, config or input file
    ENVIRONMENT = 3  # could not run: no browser, site unreachable, every page errored
    INTERRUPTED = 130  # Ctrl-C: 128 + SIGINT, as shells report it; the scan can be resumed
