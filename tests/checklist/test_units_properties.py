"""Properties of the unit parser and formatter: what is shown reads back as what was shown."""

from __future__ import annotations

from fractions import Fraction

from hypothesis import given
from hypothesis import strategies as st

from audit.checklist.units import Kind, UnitError, decimal_text, format_value, parse, units_of

PLAIN_KINDS = [kind for kind in Kind if kind is not Kind.SLOPE]
HUNDREDTHS = st.integers(min_value=0, max_value=10**9)


@given(st.sampled_from(PLAIN_KINDS), HUNDREDTHS, st.data())
def test_a_formatted_value_reads_back_as_the_same_value(kind, hundredths, data):
    unit = data.draw(st.sampled_from(units_of(kind)))
    per_unit = parse(f"1 {unit}", kind).value if kind is not Kind.CONTRAST else Fraction(1)
    value = Fraction(hundredths, 100) * per_unit  # two decimals in the unit it is shown in
    shown = format_value(value, kind, unit)
    assert parse(shown.replace("×", " x"), kind).value == value


@given(st.integers(min_value=1, max_value=10**6))
def test_a_slope_shown_as_a_ratio_reads_back(hundredths):
    run = Fraction(hundredths, 100)
    shown = format_value(1 / run, Kind.SLOPE)
    assert shown.startswith(f"1:{decimal_text(run)} (")
    assert parse(shown.split(" (")[0], Kind.SLOPE).value == 1 / run


@given(st.one_of(st.text(max_size=30), st.integers(), st.floats(allow_nan=True)),
       st.sampled_from(list(Kind)), st.sampled_from([None, "mm", "%", "s"]))
def test_anything_typed_is_a_measure_or_a_unit_error(value, kind, default_unit):
    try:
        measure = parse(value, kind, default_unit)
    except UnitError as err:
        assert str(err)
    else:
        assert measure.kind is kind and measure.value >= 0
