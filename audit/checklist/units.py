"""Measurements with units, converted exactly to one canonical unit per kind of quantity.

Canonical units: length mm, slope rise/run (a ratio: ``1:12`` is 1/12), force N, time s,
area m², screen size dp, factor × (line spacing), contrast ratio x:1.

Numbers are read as exact decimals (``fractions.Fraction``): ``1.20 m`` is exactly 1200 mm and
``36 in`` exactly 914.4 mm (1 in = 25.4 mm by definition). Percent slopes are exact too:
``8.33%`` is 833/10000, a little *less* steep than ``1:12``.

Degrees cannot be exact: ``4.76°`` becomes tan(4.76°) computed in double precision and rounded
to 12 significant digits, so the converted ratio is within 5e-12 (relative) of the true value —
about a billion times finer than an inclinometer reads (0.05°–0.1°). The rounding makes whole
values come out exact (45° is exactly 1:1).

Readings are taken as people type them: full-width forms (``１２０ｃｍ``), CJK unit symbols
(``㎜``), unit names in capitals (``120 CM``) and the ratio sign of printed standards (``1∶12``).
"""

from __future__ import annotations

import math
import re
import unicodedata
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Context, Decimal
from enum import StrEnum
from fractions import Fraction
from functools import lru_cache


class Kind(StrEnum):
    LENGTH = "length"
    SLOPE = "slope"
    FORCE = "force"
    TIME = "time"
    AREA = "area"
    SCREEN = "screen"
    FACTOR = "factor"
    CONTRAST = "contrast"


class UnitError(ValueError):
    """A value that cannot be read as a measurement of the expected kind."""


# unit name -> (kind, factor to the canonical unit); slopes in "ratio", "%" and "deg" are special
_UNITS: dict[str, tuple[Kind, Fraction]] = {
    "mm": (Kind.LENGTH, Fraction(1)),
    "cm": (Kind.LENGTH, Fraction(10)),
    "m": (Kind.LENGTH, Fraction(1000)),
    "in": (Kind.LENGTH, Fraction(254, 10)),
    "ft": (Kind.LENGTH, Fraction(3048, 10)),
    "ratio": (Kind.SLOPE, Fraction(1)),
    "%": (Kind.SLOPE, Fraction(1, 100)),
    "deg": (Kind.SLOPE, Fraction(1)),
    "N": (Kind.FORCE, Fraction(1)),
    "lbf": (Kind.FORCE, Fraction("4.4482216152605")),  # 0.45359237 kg × 9.80665 m/s², exact
    "kgf": (Kind.FORCE, Fraction("9.80665")),
    "s": (Kind.TIME, Fraction(1)),
    "min": (Kind.TIME, Fraction(60)),
    "m2": (Kind.AREA, Fraction(1)),
    "dp": (Kind.SCREEN, Fraction(1)),
    "pt": (Kind.SCREEN, Fraction(1)),  # iOS points and Android dp are treated as equal
    "x": (Kind.FACTOR, Fraction(1)),
    "contrast": (Kind.CONTRAST, Fraction(1)),
}

_ALIASES = {
    "毫米": "mm", "厘米": "cm", "米": "m", "inch": "in", "inches": "in", '"': "in",
    "foot": "ft", "feet": "ft", "'": "ft", "percent": "%", "°": "deg", "degree": "deg",
    "degrees": "deg", "度": "deg", "n": "N", "牛": "N", "秒": "s", "sec": "s", "m²": "m2",
    "平方米": "m2", "×": "x", "倍": "x",
}

CANONICAL: dict[Kind, str] = {
    Kind.LENGTH: "mm", Kind.SLOPE: "ratio", Kind.FORCE: "N", Kind.TIME: "s",
    Kind.AREA: "m2", Kind.SCREEN: "dp", Kind.FACTOR: "x", Kind.CONTRAST: "contrast",
}

_NUMBER = r"[-+]?(?:\d+(?:\.\d*)?|\.\d+)"
_WITH_UNIT = re.compile(rf"^({_NUMBER})\s*(\S*)$")
_RATIO = re.compile(rf"^({_NUMBER})\s*:\s*({_NUMBER})$")


@dataclass(frozen=True)
class Measure:
    """A reading converted to the canonical unit of its kind, plus the text it came from."""

    kind: Kind
    value: Fraction
    entered: str


def unit_kind(unit: str) -> Kind:
    """The kind of quantity ``unit`` measures; UnitError for an unknown unit."""
    name = _ALIASES.get(unit, unit)
    if name not in _UNITS:
        raise UnitError(f"unknown unit {unit!r} (known: {', '.join(_UNITS)})")
    return _UNITS[name][0]


def units_of(kind: Kind) -> list[str]:
    """The unit names of one kind of quantity ("mm", "cm", "m", "in", "ft" for lengths)."""
    return [name for name, (k, _) in _UNITS.items() if k is kind]


@lru_cache(maxsize=8192, typed=True)  # pure; judging re-reads the same thresholds a lot
def parse(value: str | int | float, kind: Kind, default_unit: str | None = None) -> Measure:
    """Read ``value`` ("1.2 m", "1:12", "8.33%", "4.76°", 900) as a measurement of ``kind``.

    A bare number takes ``default_unit``. Negative readings are refused.
    """
    if isinstance(value, bool) or not isinstance(value, str | int | float):
        raise UnitError(f"expected a measurement, got {value!r}")
    entered = str(value) if isinstance(value, str) else repr(value)
    # NFKC: full-width forms a Chinese input method types (１２０ｃｍ, 1：12, ５％) and CJK unit
    # symbols (㎝, ㎜, ㎡) as their plain letters and digits; the ratio sign of printed
    # standards (1∶12) as a colon
    text = unicodedata.normalize("NFKC", entered).replace("∶", ":").strip()
    ratio = _RATIO.match(text)
    if ratio:
        result = _ratio(Fraction(ratio[1]), Fraction(ratio[2]), kind, entered)
    else:
        match = _WITH_UNIT.match(text)
        if not match:
            raise UnitError(f"cannot read {entered!r} as a {kind.value}")
        unit = match[2] or default_unit
        if not unit or (kind is Kind.SLOPE and unit == "ratio"):
            raise UnitError(f"{entered!r} needs a unit ({_hint(kind)})")
        result = _convert(Fraction(match[1]), unit, kind, entered)
    if result < 0:
        raise UnitError(f"{entered!r} is negative")
    return Measure(kind, result, entered)


def _ratio(first: Fraction, second: Fraction, kind: Kind, entered: str) -> Fraction:
    if kind is Kind.SLOPE:  # rise:run, e.g. 1:12
        if second <= 0:
            raise UnitError(f"{entered!r}: the run of a slope must be above 0")
        return first / second
    if kind is Kind.CONTRAST:  # e.g. 4.5:1
        if second <= 0:
            raise UnitError(f"{entered!r}: the second term of a contrast ratio must be above 0")
        return first / second
    raise UnitError(f"cannot read {entered!r} as a {kind.value}")


def _unit_name(unit: str) -> str:
    """The unit's name in ``_UNITS``: as written, else in small letters (``CM``, ``MIN``)."""
    for written in (unit, unit.lower()):
        name = _ALIASES.get(written, written)
        if name in _UNITS:
            return name
    return unit


def _convert(number: Fraction, unit: str, kind: Kind, entered: str) -> Fraction:
    name = _unit_name(unit)
    if name not in _UNITS or _UNITS[name][0] is not kind:
        raise UnitError(f"{entered!r}: {unit!r} is not a unit of {kind.value} ({_hint(kind)})")
    if name == "deg":
        return degrees_to_ratio(number)
    return number * _UNITS[name][1]


def degrees_to_ratio(degrees: Fraction) -> Fraction:
    """tan(degrees) rounded to 12 significant digits (see the module docstring)."""
    if not 0 <= degrees < 90:
        raise UnitError(f"a slope of {float(degrees)}° is out of range (0–90°)")
    tangent = Decimal(math.tan(math.radians(float(degrees))))
    return Fraction(Context(prec=12).plus(tangent))


def _hint(kind: Kind) -> str:
    if kind is Kind.SLOPE:
        return "e.g. 1:12, 8.33% or 4.76°"
    return "one of " + ", ".join(units_of(kind))


def decimal_text(value: Fraction, places: int = 2) -> str:
    """``value`` rounded half-up to ``places`` decimals, without trailing zeros."""
    quantum = Decimal(1).scaleb(-places)
    exact = Decimal(value.numerator) / Decimal(value.denominator)
    text = f"{exact.quantize(quantum, rounding=ROUND_HALF_UP):f}"
    return text.rstrip("0").rstrip(".") if "." in text else text


def format_value(value: Fraction, kind: Kind, unit: str | None = None) -> str:
    """A canonical ``value`` shown in ``unit`` (default: canonical): "1.2 m", "1:12 (8.33 %)"."""
    unit = unit or CANONICAL[kind]
    if kind is Kind.SLOPE:
        return format_slope(value, unit)
    if kind is Kind.CONTRAST:
        return f"{decimal_text(value)}:1"
    if kind is Kind.FACTOR:
        return f"{decimal_text(value)}×"
    name = _ALIASES.get(unit, unit)
    shown = "m²" if name == "m2" else name
    return f"{decimal_text(value / _UNITS[name][1])} {shown}"


def format_slope(value: Fraction, unit: str = "ratio") -> str:
    """A slope as "1:12 (8.33 %)"; with unit "%" as "8.33 % (1:12)"; "deg" adds degrees."""
    percent = f"{decimal_text(value * 100)} %"
    ratio = f"1:{decimal_text(1 / value)}" if value else "level"
    if unit == "%":
        return f"{percent} ({ratio})"
    if unit in ("deg", "°"):
        degrees = Fraction(math.degrees(math.atan(float(value))))
        return f"{decimal_text(degrees)}° ({ratio})"
    return f"{ratio} ({percent})"
