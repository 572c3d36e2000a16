"""Baselines: findings a team has accepted for now, matched by fingerprint.

A baseline is a YAML file (JSON, being YAML, reads as well)::

    # a11y-audit baseline: accepted findings, matched by fingerprint
    version: 1
    entries:
      - fingerprint: 3f2a9c0d41b7e8a5c6d2
        rule: color-contrast
        url: https://www.example.gov.cn/zwgk/
        reason: Theme colours are replaced in the redesign (ticket 123)
        expires: 2025-12-31   # optional; accepted through this day, failing again after it

``rule`` and ``url`` are for people reading the file; only ``fingerprint`` matches. Updating
keeps the reason and expiry of every entry that still matches (so an update never renews an
expired acceptance), drops entries whose page was scanned and no longer shows the finding,
keeps entries of pages this run did not scan, and adds new findings with a placeholder reason.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from functools import cached_property
from pathlib import Path

import yaml
from pydantic import BaseModel, ConfigDict, Field

from audit.errors import ConfigError
from audit.model import ScanRun
from audit.yamlfile import load_yaml, validate_model

PLACEHOLDER_REASON = "TODO - say why this finding is accepted, or fix it"
_HEADER = "# a11y-audit baseline: accepted findings, matched by fingerprint (see docs/ci)\n"


class _Entry(BaseModel):
    model_config = ConfigDict(extra="forbid", coerce_numbers_to_str=True)

    fingerprint: str = Field(min_length=1)
    rule: str
    url: str
    reason: str = Field(min_length=1)
    expires: date | None = None


class _File(BaseModel):
    model_config = ConfigDict(extra="forbid")

    version: int = Field(1, ge=1, le=1)
    entries: list[_Entry] = Field(default_factory=list)


@dataclass(frozen=True)
class BaselineEntry:
    fingerprint: str
    rule: str
    url: str
    reason: str
    expires: date | None = None

    def expired(self, today: date) -> bool:
        """True after the expiry day: the finding fails the gate again."""
        return self.expires is not None and today > self.expires


@dataclass(frozen=True)
class Baseline:
    entries: tuple[BaselineEntry, ...] = ()

    @cached_property
    def _by_fingerprint(self) -> dict[str, BaselineEntry]:
        return {e.fingerprint: e for e in self.entries}

    def get(self, fingerprint: str) -> BaselineEntry | None:
        return self._by_fingerprint.get(fingerprint)

    def without_reason(self) -> int:
        """Entries still carrying the placeholder reason ``update_baseline`` writes."""
        return sum(e.reason == PLACEHOLDER_REASON for e in self.entries)


def load_baseline(path: str | os.PathLike[str]) -> Baseline:
    """Read a baseline file; ConfigError naming the file and line when it does not validate."""
    doc = load_yaml(path)
    if doc.data is None:
        return Baseline()  # an empty file accepts nothing
    model = validate_model(doc, _File)
    seen: set[str] = set()
    for index, entry in enumerate(model.entries):
        if entry.fingerprint in seen:
            raise ConfigError(f"fingerprint {entry.fingerprint} is listed twice", file=doc.file,
                              line=doc.line(("entries", index)))
        seen.add(entry.fingerprint)
    return Baseline(tuple(BaselineEntry(**e.model_dump()) for e in model.entries))


def save_baseline(baseline: Baseline, path: str | os.PathLike[str]) -> None:
    data = {"version": 1, "entries": [_entry_dict(e) for e in baseline.entries]}
    text = yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=100)
    Path(path).write_text(_HEADER + text, encoding="utf-8")


def update_baseline(old: Baseline | None, run: ScanRun,
                    fingerprints: Iterable[str] | None = None) -> Baseline:
    """The baseline accepting the run's violations (or only those in ``fingerprints``)."""
    wanted = None if fingerprints is None else set(fingerprints)
    old_entries = {e.fingerprint: e for e in (old.entries if old else ())}
    scanned = {page.url for page in run.pages if not page.error}
    entries = {fp: e for fp, e in old_entries.items() if e.url not in scanned}
    for page in run.pages:
        for finding in page.violations:
            fp = finding.fingerprint
            if fp in old_entries:
                entries[fp] = old_entries[fp]
            elif wanted is None or fp in wanted:
                entries[fp] = BaselineEntry(fp, finding.rule, page.url, PLACEHOLDER_REASON)
    return Baseline(tuple(sorted(entries.values(), key=lambda e: (e.url, e.rule, e.fingerprint))))


def _entry_dict(entry: BaselineEntry) -> dict[str, object]:
    data: dict[str, object] = {"fingerprint": entry.fingerprint, "rule": entry.rule,
                               "url": entry.url, "reason": entry.reason}
    if entry.expires is not None:
        data["expires"] = entry.expires
    return data
