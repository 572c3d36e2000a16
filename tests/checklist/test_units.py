"""audit.checklist.units: exact conversion of lengths, slopes and the other quantities."""

from __future__ import annotations

import math
from fractions import Fraction

import pytest

from audit.checklist.units import Kind, UnitError, degrees_to_ratio, format_value, parse


@pytest.mark.parametrize(("text", "mm"), [
    ("900 mm", 900), ("900mm", 900), ("90 cm", 900), ("0.9 m", 900), ("1.20 m", 1200),
    ("36 in", Fraction("914.4")), ("3 ft", Fraction("914.4")), ("0.5 in", Fraction("12.7")),
    ("1.5 毫米", Fraction("1.5")), ("12厘米", 120), ("1.2米", 1200), (900, 900),
    (899.9, Fraction("899.9")),
])
def test_lengths_are_exact(text: str | int, mm: Fraction | int) -> None:
    assert parse(text, Kind.LENGTH, "mm").value == mm


@pytest.mark.parametrize(("text", "ratio"), [
    ("1:12", Fraction(1, 12)), ("1：12", Fraction(1, 12)), ("1 : 20", Fraction(1, 20)),
    ("1∶12", Fraction(1, 12)),  # the ratio sign (U+2236) the printed GB standards use
    ("8.33%", Fraction(833, 10000)), ("5 %", Fraction(1, 20)), ("5％", Fraction(1, 20)),
    ("45°", Fraction(1)), ("45 deg", Fraction(1)), ("0°", Fraction(0)),
])
def test_slopes(text: str, ratio: Fraction) -> None:
    assert parse(text, Kind.SLOPE, "ratio").value == ratio


@pytest.mark.parametrize(("text", "kind", "value"), [
    # typed with a Chinese input method in full-width mode: letters, digits, space, point
    ("１２０ｃｍ", Kind.LENGTH, 1200), ("１２０　ｍｍ", Kind.LENGTH, 120),
    ("１．２ｍ", Kind.LENGTH, 1200), ("２５ Ｎ", Kind.FORCE, 25), ("３ｓ", Kind.TIME, 3),
    # the unit symbols of CJK fonts, and capitals (caps lock, or a spreadsheet's autocorrect)
    ("120㎝", Kind.LENGTH, 1200), ("850 ㎜", Kind.LENGTH, 850), ("4 ㎡", Kind.AREA, 4),
    ("120 CM", Kind.LENGTH, 1200), ("1.2 M", Kind.LENGTH, 1200), ("900 MM", Kind.LENGTH, 900),
    ("2 MIN", Kind.TIME, 120),
])
def test_units_as_chinese_keyboards_and_fonts_write_them(text: str, kind: Kind,
                                                         value: int) -> None:
    measure = parse(text, kind, "mm" if kind is Kind.LENGTH else None)
    assert (measure.value, measure.entered) == (value, text)


def test_degrees_within_documented_tolerance() -> None:
    for degrees in ("0.5", "2.86", "4.76", "4.7636", "10", "30", "60", "89.9"):
        got = degrees_to_ratio(Fraction(degrees))
        exact = math.tan(math.radians(float(degrees)))
        assert abs(float(got) - exact) <= 5e-12 * exact


@pytest.mark.parametrize(("text", "kind", "value"), [
    ("25 N", Kind.FORCE, 25), ("5 lbf", Kind.FORCE, Fraction("22.2411080763025")),
    ("3 s", Kind.TIME, 3), ("1 min", Kind.TIME, 60), ("4 m2", Kind.AREA, 4),
    ("4 m²", Kind.AREA, 4), ("18 pt", Kind.SCREEN, 18), ("1.3x", Kind.FACTOR, Fraction(13, 10)),
    ("1.3×", Kind.FACTOR, Fraction(13, 10)), ("4.5:1", Kind.CONTRAST, Fraction(9, 2)),
])
def test_other_quantities(text: str, kind: Kind, value: Fraction | int) -> None:
    assert parse(text, kind).value == value


@pytest.mark.parametrize(("text", "kind", "message"), [
    ("12", Kind.SLOPE, "'12' needs a unit (e.g. 1:12, 8.33% or 4.76°)"),
    ("1:0", Kind.SLOPE, "'1:0': the run of a slope must be above 0"),
    ("-3 mm", Kind.LENGTH, "'-3 mm' is negative"),
    ("3 kg", Kind.LENGTH, "'3 kg': 'kg' is not a unit of length (one of mm, cm, m, in, ft)"),
    ("3 mm", Kind.SLOPE, "'3 mm': 'mm' is not a unit of slope (e.g. 1:12, 8.33% or 4.76°)"),
    ("90°", Kind.SLOPE, "a slope of 90.0° is out of range (0–90°)"),
    ("wide", Kind.LENGTH, "cannot read 'wide' as a length"),
    ("1:12", Kind.LENGTH, "cannot read '1:12' as a length"),
])
def test_unreadable(text: str, kind: Kind, message: str) -> None:
    with pytest.raises(UnitError) as caught:
        parse(text, kind, "mm" if kind is Kind.LENGTH else "ratio")
    assert str(caught.value) == message


def test_bool_is_not_a_measurement() -> None:
    with pytest.raises(UnitError):
        parse(True, Kind.LENGTH, "mm")  # type: ignore[arg-type]


@pytest.mark.parametrize(("value", "kind", "unit", "text"), [
    (Fraction(1200), Kind.LENGTH, "m", "1.2 m"),
    (Fraction("914.4"), Kind.LENGTH, "in", "36 in"),
    (Fraction("914.4"), Kind.LENGTH, None, "914.4 mm"),
    (Fraction(1, 12), Kind.SLOPE, "ratio", "1:12 (8.33 %)"),
    (Fraction(1, 20), Kind.SLOPE, "%", "5 % (1:20)"),
    (Fraction(1), Kind.SLOPE, "deg", "45° (1:1)"),
    (Fraction(4), Kind.AREA, "m2", "4 m²"),
    (Fraction(9, 2), Kind.CONTRAST, None, "4.5:1"),
])
def test_format(value: Fraction, kind: Kind, unit: str | None, text: str) -> None:
    assert format_value(value, kind, unit) == text
