"""Timestamps as the store and the JSON documents keep them: ISO 8601, UTC, whole seconds."""

from datetime import UTC, datetime


def utc_now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")
