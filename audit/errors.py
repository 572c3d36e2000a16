"""Every error a11y-audit raises on purpose, under one root.

The CLI turns these into a one-line message and an exit code (see ``audit.cli.exitcodes``);
library callers catch ``AuditError`` or a branch of it.

    AuditError
    ├── UsageError              the user asked for something impossible (exit 2)
    │   ├── InvalidURLError     a URL that is not http(s)
    │   └── ConfigError         a malformed config, checklist or data file: file, line, what
    │       └── ChecklistError  a checklist definition or answer sheet that does not validate
    ├── EnvironmentProblem      the machine lacks something we need (exit 3)
    │   ├── BrowserNotFound     no Chromium to drive
    │   └── DriverNotFound      no (or a mismatched) chromedriver for the Selenium engine
    ├── ScanFailed              a whole scan could not run (exit 3); single pages fail as data
    ├── EvidenceError           a photo that cannot be accepted as evidence
    │   ├── NotAnImage          empty, not an image, or of a format we do not take
    │   ├── ImageTooLarge       over the byte or pixel limit (decompression bombs included)
    │   │   └── TooManyPixels   over the pixel limit, whatever the file's size
    │   └── DamagedImage        truncated or corrupt image data
    └── StoreError              the result store cannot be opened or written
        └── ConflictError       someone else changed the record first, or a rule of the
                                record forbids the change (nothing was written)
"""

from __future__ import annotations


class AuditError(Exception):
    """Root of every error a11y-audit raises on purpose. ``str(err)`` is the user message."""


class UsageError(AuditError):
    """The request cannot be carried out as asked; the message says how to ask instead."""


class InvalidURLError(UsageError):
    """A URL that a11y-audit will not open (not http or https, or malformed)."""


class ConfigError(UsageError):
    """A malformed input file. Carries where the problem is, so the message can point at it."""

    def __init__(self, problem: str, *, file: str | None = None, line: int | None = None,
                 key: str | None = None) -> None:
        self.problem = problem
        self.file = file
        self.line = line
        self.key = key
        super().__init__(self._format())

    def _format(self) -> str:
        where = self.file or ""
        if self.file and self.line:
            where = f"{self.file}:{self.line}"
        parts = [p for p in (where, self.key) if p]
        return f"{': '.join(parts)}: {self.problem}" if parts else self.problem


class ChecklistError(ConfigError):
    """A checklist definition or filled answer sheet that does not validate."""


class EnvironmentProblem(AuditError):
    """Something the machine must provide is missing; the message names what to install."""


class BrowserNotFound(EnvironmentProblem):
    """No Chromium-based browser could be found or launched."""


class DriverNotFound(EnvironmentProblem):
    """The Selenium engine has no usable chromedriver."""


class ScanFailed(AuditError):
    """A scan as a whole could not run. Problems with single pages are recorded, not raised."""


class EvidenceError(AuditError):
    """A photo that cannot be accepted as evidence."""


class NotAnImage(EvidenceError):
    """The file is empty, not an image, or an image format we do not accept."""


class ImageTooLarge(EvidenceError):
    """The file is over the byte limit or the image over the pixel limit."""


class TooManyPixels(ImageTooLarge):
    """The image has (or declares) more pixels than the limit: a decompression bomb, often in
    a small file."""


class DamagedImage(EvidenceError):
    """The image data is truncated or corrupt."""


class StoreError(AuditError):
    """The result store cannot be opened, migrated or written."""


class ConflictError(StoreError):
    """The change was not made: the record changed meanwhile, or its rules forbid it."""
