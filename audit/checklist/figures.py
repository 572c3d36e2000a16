"""The figures written in a quoted clause, read as measurements, to check a rule against them.

A rule's threshold must be a figure its source quotes: ``at_least: 1.20 m`` needs a quote
saying "1.20m" (or "1200mm"); ``at_most: "1:12"`` needs "1:12" (or "1：12"). Figures are read
from the quote as the units module reads answers: a number with its unit ("900mm", "36
inches", "1/2 inch", "8.33%", "4.76°"), a ratio ("1:50"), or a number whose unit follows a
range sign ("850～900mm": 850 takes "mm"). A bare number may stand for any unit of the kind;
a zero may be stated in words ("应无高差", "flush").
"""

from __future__ import annotations

import re
from fractions import Fraction

from audit.checklist import units

_PLAIN_TEXT = str.maketrans({
    "：": ":", "％": "%", "．": ".", "～": "~", "〜": "~", "－": "-", "／": "/", "　": " ",
    "０": "0", "１": "1", "２": "2", "３": "3", "４": "4", "５": "5", "６": "6", "７": "7",
    "８": "8", "９": "9",
    # the ADA Standards' own text writes fractions as single characters ("1½ (38 mm)")
    "½": " 1/2", "¼": " 1/4", "¾": " 3/4", "⅛": " 1/8"})
_NUMBER = r"\d+\s+\d+/\d+|\d+/\d+|\d+(?:\.\d+)?"
_UNIT = (r"(?:m2|m²|平方米|mm|cm|m(?![a-z0-9²])|inches|inch|in(?![a-z])|feet|foot|ft(?![a-z])|"
         r"%|°|degrees?|N(?![a-z])|s(?![a-z])|毫米|厘米|米|度|秒|牛)")
_ZERO_WORDS = ("无高差", "没有高差", "不应有高差", "flush", "no change in level")
_RATIO = re.compile(r"(\d+(?:\.\d+)?)\s*:\s*(\d+(?:\.\d+)?)")
_FIGURE = re.compile(rf"({_NUMBER})\s*({_UNIT})?(\s*[~\-–—至到]\s*)?")


def figures(quote: str, kind: units.Kind) -> set[Fraction]:
    """Every figure of ``kind`` the quote states, in canonical units (mm, rise/run, N, s...)."""
    text = quote.translate(_PLAIN_TEXT)
    found: set[Fraction] = set()
    if kind is units.Kind.SLOPE:
        for rise, run in _RATIO.findall(text):
            if Fraction(run):
                found.add(Fraction(rise) / Fraction(run))
        text = _RATIO.sub(" ", text)
    pending: list[Fraction] = []
    for number, unit, range_sign in _FIGURE.findall(text):
        value = _number(number)
        if unit:
            found |= {c for v in [*pending, value] if (c := _convert(v, unit, kind)) is not None}
            pending = []
        elif range_sign:
            pending.append(value)
        else:
            found |= _bare(value, kind)
            pending = []
    for value in pending:
        found |= _bare(value, kind)
    return found


def states(quote: str, kind: units.Kind, value: Fraction) -> bool:
    """Whether the quote states ``value`` (a canonical measurement of ``kind``); a zero is
    stated by words such as 无高差 ("no level difference") too."""
    if value == 0 and any(word in quote for word in _ZERO_WORDS):
        return True
    return value in figures(quote, kind)


def _number(text: str) -> Fraction:
    total = Fraction(0)
    for part in text.split():
        total += Fraction(part)
    return total


def _convert(value: Fraction, unit: str, kind: units.Kind) -> Fraction | None:
    name = {"inches": "in", "inch": "in", "feet": "ft", "foot": "ft", "degree": "deg",
            "degrees": "deg", "°": "deg", "度": "deg"}.get(unit, unit)
    try:
        return units.parse(f"{units.decimal_text(value, 6)} {name}", kind).value
    except units.UnitError:
        return None


def _bare(value: Fraction, kind: units.Kind) -> set[Fraction]:
    """A number without a unit, read in each unit of ``kind`` (and as a count)."""
    found = {value}
    for name in units.units_of(kind):
        converted = _convert(value, name, kind)
        if converted is not None:
            found.add(converted)
    return found
