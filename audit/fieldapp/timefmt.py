"""Times as people read them: stored in UTC (ISO 8601), shown in the app's time zone
(``Asia/Shanghai`` unless ``serve --time-zone`` says otherwise), to the minute."""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from flask import current_app, has_app_context

from audit.errors import UsageError
from audit.fieldapp.web import EXTENSION

DEFAULT_TIME_ZONE = "Asia/Shanghai"
SETTING = "time_zone"


def zone(name: str) -> ZoneInfo:
    """The time zone ``name``; UsageError for an unknown one."""
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        raise UsageError(f"unknown time zone {name!r}: use a name such as Asia/Shanghai") \
            from None


def local_time(stamp: str | None) -> str:
    """``2026-11-28T06:05:00+00:00`` -> ``2026-11-28 14:05`` (a date stays a date)."""
    if not stamp:
        return "—"
    try:
        moment = datetime.fromisoformat(stamp)
    except ValueError:
        return stamp
    if moment.tzinfo is None:
        return moment.strftime("%Y-%m-%d %H:%M") if "T" in stamp else date.isoformat(moment)
    return moment.astimezone(_app_zone()).strftime("%Y-%m-%d %H:%M")


def today() -> date:
    """The date now in the app's time zone (not the server's: 07:30 in Shanghai is still the
    day before in UTC)."""
    return datetime.now(_app_zone()).date()


def _app_zone() -> ZoneInfo:
    if has_app_context():
        found: ZoneInfo = current_app.extensions[EXTENSION][SETTING]
        return found
    return ZoneInfo(DEFAULT_TIME_ZONE)
