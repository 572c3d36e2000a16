"""Model objects to table rows and back, and the compressed form of raw artifacts."""

from __future__ import annotations

import dataclasses
import json
import zlib
from typing import Any

from sqlalchemy import Row

from audit.errors import StoreError
from audit.model import (
    DocumentInfo,
    DocumentStatus,
    Finding,
    Note,
    Outcome,
    PageResult,
    PageVersion,
    Resource,
    Severity,
    Viewport,
)
from audit.store._sql import clean, clean_json, clean_or_none, url_key

CODEC = "zlib-json"
_LEVEL = 6  # zlib's default: most of the gain of 9 at a fraction of the time


def page_values(scan_id: int, page: PageResult, scanned_at: str) -> dict[str, Any]:
    return {
        "scan_id": scan_id,
        "url": clean(page.url),
        "url_key": url_key(page.url),
        "viewport": str(page.viewport),
        "final_url": clean_or_none(page.final_url),
        "status": page.status,
        "title": clean_or_none(page.title),
        "error": clean_or_none(page.error),
        "notes": [clean_json(note.stored()) for note in page.notes],
        "timings_ms": dict(page.timings_ms),
        "passed_rules": [clean(rule) for rule in page.passed_rules],
        "inapplicable_rules": [clean(rule) for rule in page.inapplicable_rules],
        "scanned_at": scanned_at,
        "blocked_requests": page.blocked_requests,
        **version_values(page.version),
        "verified_at": page.verified_at or scanned_at,
        "carried_from": page.carried_from,
    }


def version_values(version: PageVersion | None) -> dict[str, Any]:
    """The page's HTML validators and hashes as columns (all None when not recorded)."""
    if version is None:
        return {"etag": None, "last_modified": None, "content_hash": None,
                "subresources": None}
    return {"etag": clean_or_none(version.html.etag),
            "last_modified": clean_or_none(version.html.last_modified),
            "content_hash": version.html.sha256,
            "subresources": [clean_json(dataclasses.asdict(r)) for r in version.subresources]}


def version_from_row(row: Row[Any]) -> PageVersion | None:
    if row.content_hash is None:
        return None
    html = Resource(row.url, row.content_hash, row.etag, row.last_modified)
    return PageVersion(html, tuple(Resource(**item) for item in row.subresources or ()))


def finding_values(scan_id: int, page_id: int, position: int, finding: Finding) -> dict[str, Any]:
    return {
        "scan_id": scan_id,
        "page_id": page_id,
        "position": position,
        "rule": clean(finding.rule),
        "source": clean(finding.source),
        "outcome": str(finding.outcome),
        "impact": str(finding.impact),
        "wcag": [clean(sc) for sc in finding.wcag],
        "level": clean_or_none(finding.level),
        "selector": clean(finding.selector),
        "html": clean(finding.html),
        "message": clean(finding.message),
        "help_url": clean(finding.help_url),
        "fingerprint": clean(finding.fingerprint),
        "screenshot": clean_or_none(finding.screenshot),
        "facts": None if finding.facts is None else clean_json(finding.facts),
        "template": clean_or_none(finding.template),
    }


def page_from_row(row: Row[Any], findings: list[Finding]) -> PageResult:
    return PageResult(
        url=row.url,
        viewport=Viewport(row.viewport),
        final_url=row.final_url,
        status=row.status,
        title=row.title,
        timings_ms=dict(row.timings_ms or {}),
        error=row.error,
        notes=[Note.from_stored(note) for note in row.notes or []],
        findings=findings,
        passed_rules=list(row.passed_rules or []),
        inapplicable_rules=list(row.inapplicable_rules or []),
        blocked_requests=row.blocked_requests,
        version=version_from_row(row),
        verified_at=row.verified_at,
        carried_from=row.carried_from,
    )


def finding_from_row(row: Row[Any]) -> Finding:
    return Finding(
        rule=row.rule,
        source=row.source,
        outcome=Outcome(row.outcome),
        impact=Severity(row.impact),
        wcag=tuple(row.wcag or ()),
        level=row.level,
        selector=row.selector,
        html=row.html,
        message=row.message,
        help_url=row.help_url,
        fingerprint=row.fingerprint,
        screenshot=row.screenshot,
        facts=row.facts,
        template=row.template,
    )


def document_summary(info: DocumentInfo) -> dict[str, Any]:
    """The document's summary as stored (JSON); the thumbnail has its own column."""
    values = dataclasses.asdict(info)
    values.pop("thumbnail")
    return {key: clean(value) if isinstance(value, str) else value
            for key, value in values.items()}


def document_info(summary: dict[str, Any] | None, thumbnail: str | None) -> DocumentInfo | None:
    """The stored summary as a DocumentInfo (keys a newer version added are left out)."""
    if not summary:
        return None
    known = {f.name for f in dataclasses.fields(DocumentInfo)}
    values = {key: value for key, value in summary.items() if key in known}
    values["status"] = DocumentStatus(values["status"])
    return DocumentInfo(**{**values, "thumbnail": thumbnail})


def compress(raw: dict[str, Any]) -> tuple[bytes, int]:
    """The artifact's stored bytes and its uncompressed size.

    ``ensure_ascii`` keeps any string encodable (lone surrogates included) so the artifact
    round-trips exactly; zlib wins back what the escapes cost.
    """
    data = json.dumps(raw, ensure_ascii=True, separators=(",", ":")).encode("ascii")
    return zlib.compress(data, _LEVEL), len(data)


def decompress(data: bytes, codec: str) -> dict[str, Any]:
    if codec != CODEC:
        raise StoreError(f"raw artifact stored with unknown codec {codec!r}; upgrade a11y-audit")
    result: dict[str, Any] = json.loads(zlib.decompress(data))
    return result
