"""GPS position from an EXIF GPS IFD (tag 0x8825), and back into one for copies that keep it."""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from PIL.TiffImagePlugin import IFDRational

GPS_IFD = 0x8825
_LAT_REF, _LAT, _LON_REF, _LON, _ALT_REF, _ALT, _STATUS = 1, 2, 3, 4, 5, 6, 9
_SECOND_PARTS = 10_000  # write seconds to 1/10000 s: about 3 mm on the ground


@dataclass(frozen=True)
class GPSPosition:
    """Where a photo was taken: decimal degrees (south and west negative), metres above sea."""

    lat: float
    lon: float
    altitude_m: float | None = None


def read_gps(gps: Mapping[int, Any]) -> GPSPosition | None:
    """The position in a GPS IFD, or None when absent, void ('V') or malformed."""
    if _text(gps.get(_STATUS)) == "V":
        return None
    lat = _coordinate(gps.get(_LAT), gps.get(_LAT_REF), "N", "S", 90.0)
    lon = _coordinate(gps.get(_LON), gps.get(_LON_REF), "E", "W", 180.0)
    if lat is None or lon is None:
        return None
    return GPSPosition(lat, lon, _altitude(gps.get(_ALT), gps.get(_ALT_REF)))


def gps_ifd(position: GPSPosition) -> dict[int, Any]:
    """A GPS IFD that says ``position`` and nothing else."""
    ifd: dict[int, Any] = {
        0: b"\x02\x03\x00\x00",
        _LAT_REF: "N" if position.lat >= 0 else "S",
        _LAT: _dms(position.lat),
        _LON_REF: "E" if position.lon >= 0 else "W",
        _LON: _dms(position.lon),
    }
    if position.altitude_m is not None:
        ifd[_ALT_REF] = b"\x00" if position.altitude_m >= 0 else b"\x01"
        ifd[_ALT] = IFDRational(round(abs(position.altitude_m) * 100), 100)
    return ifd


def _coordinate(value: Any, ref: Any, positive: str, negative: str, limit: float) -> float | None:
    hemisphere = _text(ref).upper()
    if hemisphere not in (positive, negative):
        return None
    parts = value if isinstance(value, tuple) else (value,)
    numbers = [n for n in map(_number, parts[:3]) if n is not None and n >= 0]
    if not numbers or len(numbers) != len(parts[:3]):
        return None
    degrees = sum(n / 60**i for i, n in enumerate(numbers))
    if not degrees <= limit:
        return None
    return -degrees if hemisphere == negative else degrees


def _altitude(value: Any, ref: Any) -> float | None:
    metres = _number(value)
    if metres is None:
        return None
    below = ref in (1, b"\x01", "\x01")
    return -metres if below else metres


def _number(value: Any) -> float | None:
    try:
        number = float(value)
    except (TypeError, ValueError, ZeroDivisionError):
        return None
    return number if math.isfinite(number) else None


def _text(value: Any) -> str:
    if isinstance(value, bytes):
        value = value.decode("ascii", "replace")
    return value.strip("\x00 ") if isinstance(value, str) else ""


def _dms(value: float) -> tuple[IFDRational, IFDRational, IFDRational]:
    parts = round(abs(value) * 3600 * _SECOND_PARTS)
    degrees, rest = divmod(parts, 3600 * _SECOND_PARTS)
    minutes, seconds = divmod(rest, 60 * _SECOND_PARTS)
    return IFDRational(degrees, 1), IFDRational(minutes, 1), IFDRational(seconds, _SECOND_PARTS)
